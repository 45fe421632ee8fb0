// A small JPEG of the model's input image, as an object URL the UI can show.

/** Encodes size×size RGB24 as a JPEG object URL (the caller revokes it). Copies `rgb`; does not keep it. */
export async function rgbThumbnail(rgb: Uint8Array, size: number, quality = 0.8): Promise<string> {
  const rgba = new Uint8ClampedArray(size * size * 4);
  for (let p = 0, s = 0, d = 0; p < size * size; p++, s += 3, d += 4) {
    rgba[d] = rgb[s]!;
    rgba[d + 1] = rgb[s + 1]!;
    rgba[d + 2] = rgb[s + 2]!;
    rgba[d + 3] = 255;
  }
  const canvas = new OffscreenCanvas(size, size);
  const context = canvas.getContext('2d');
  if (!context) return '';
  context.putImageData(new ImageData(rgba, size, size), 0, 0);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
  return URL.createObjectURL(blob);
}
