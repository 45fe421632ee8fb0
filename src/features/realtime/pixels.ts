// Canvas pixels → the RGB24 bytes the inference worker's `frame` request takes (the worker turns
// them into the backbone's tensor with rgb24ToChw, as for decoded clips).

/** Drops the alpha byte of RGBA pixels (canvas ImageData) → packed RGB24. */
export function rgbaToRgb24(rgba: ArrayLike<number>, out: Uint8Array = new Uint8Array((rgba.length / 4) * 3)): Uint8Array {
  if (rgba.length % 4 !== 0) throw new RangeError(`RGBA data must be a multiple of 4 bytes, got ${rgba.length}`);
  const pixels = rgba.length / 4;
  if (out.length !== pixels * 3) throw new RangeError(`output must hold ${pixels * 3} bytes, has ${out.length}`);
  for (let p = 0, s = 0, d = 0; p < pixels; p++, s += 4, d += 3) {
    out[d] = rgba[s]!;
    out[d + 1] = rgba[s + 1]!;
    out[d + 2] = rgba[s + 2]!;
  }
  return out;
}
