// Turns a VideoFrame into the model's input: size×size RGB24, scaled and cropped as the ffmpeg
// filter graph does (src/pipeline/sampling.ts: frameToCropTransform), by drawing the frame through
// one affine map onto a size×size OffscreenCanvas. The canvas's resampler only computes the
// size×size output pixels; nothing is scaled at full resolution on the CPU.
import { CENTER_VIEW, frameToCropTransform, type FrameGeometry, type FrameView } from '../../../src/pipeline/sampling';

export class CropRenderer {
  readonly #geometry: FrameGeometry;
  readonly #rotation: number;
  readonly #view: FrameView;
  readonly #context: OffscreenCanvasRenderingContext2D;

  /** `view`: where the crop sits and whether it is mirrored (an augmented view while teaching). */
  constructor(geometry: FrameGeometry, rotation: number, view: FrameView = CENTER_VIEW) {
    this.#geometry = geometry;
    this.#rotation = rotation;
    this.#view = view;
    const canvas = new OffscreenCanvas(geometry.size, geometry.size);
    const context = canvas.getContext('2d', { alpha: false, willReadFrequently: true });
    if (!context) throw new Error('OffscreenCanvas 2d context is not available');
    // Bilinear, as the manifests ask. Chromium 156 gave the same bytes for every
    // imageSmoothingQuality when drawing a VideoFrame (docs/decoding.md), so none is chosen.
    context.imageSmoothingEnabled = true;
    this.#context = context;
  }

  /** size×size×3 RGB bytes of `frame` (the frame is not closed here). */
  render(frame: VideoFrame): Uint8Array {
    const width = frame.visibleRect?.width ?? frame.codedWidth;
    const height = frame.visibleRect?.height ?? frame.codedHeight;
    const context = this.#context;
    context.setTransform(...frameToCropTransform(width, height, this.#rotation, this.#geometry, this.#view));
    // Drawn at its visible size: ffmpeg scales storage pixels and ignores the pixel aspect ratio.
    context.drawImage(frame, 0, 0, width, height);
    const size = this.#geometry.size;
    const rgba = context.getImageData(0, 0, size, size).data;
    const rgb = new Uint8Array(size * size * 3);
    for (let p = 0, q = 0; p < rgba.length; p += 4, q += 3) {
      rgb[q] = rgba[p]!;
      rgb[q + 1] = rgba[p + 1]!;
      rgb[q + 2] = rgba[p + 2]!;
    }
    return rgb;
  }
}
