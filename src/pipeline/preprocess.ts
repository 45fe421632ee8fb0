// Turns decoded RGB24 frames into the backbone's input tensor, as the pack manifest declares.
import type { InputSpec, Normalization } from './manifest';

/**
 * Writes one size×size RGB24 frame (HWC, 8-bit) as normalised planar CHW floats into `out`
 * at `offset`: value = (byte / scale − mean[c]) / std[c].
 */
export function rgb24ToChw(
  rgb: Uint8Array,
  size: number,
  normalization: Normalization,
  out: Float32Array = new Float32Array(3 * size * size),
  offset = 0,
): Float32Array {
  return rgb24RectToChw(rgb, size, size, normalization, out, offset);
}

/** rgb24ToChw for a frame of any width × height (row-major). */
export function rgb24RectToChw(
  rgb: Uint8Array,
  width: number,
  height: number,
  normalization: Normalization,
  out: Float32Array = new Float32Array(3 * width * height),
  offset = 0,
): Float32Array {
  const pixels = width * height;
  if (rgb.length !== pixels * 3) {
    throw new RangeError(`expected ${pixels * 3} bytes for a ${width}×${height} RGB24 frame, got ${rgb.length}`);
  }
  if (out.length < offset + 3 * pixels) throw new RangeError('output tensor is too small for the frame');
  const { scale, mean, std } = normalization;
  for (let c = 0; c < 3; c++) {
    // (x/scale − mean)/std folded into one multiply-add per value.
    const gain = 1 / (scale * std[c]!);
    const bias = -mean[c]! / std[c]!;
    const plane = offset + c * pixels;
    for (let p = 0, src = c; p < pixels; p++, src += 3) out[plane + p] = rgb[src]! * gain + bias;
  }
  return out;
}

/** Stacks frames into one [N, 3, size, size] batch. */
export function framesToBatch(frames: readonly Uint8Array[], spec: Pick<InputSpec, 'size' | 'normalization'>): Float32Array {
  const per = 3 * spec.size * spec.size;
  const out = new Float32Array(frames.length * per);
  frames.forEach((frame, i) => rgb24ToChw(frame, spec.size, spec.normalization, out, i * per));
  return out;
}
