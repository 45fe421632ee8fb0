// Where a live frame's model input comes from: the same geometry the clip decoder asks ffmpeg for
// (src/pipeline/sampling.ts frameFilterGraph: scale the short side to resizeShortSide, width or
// height rounded to an even number as ffmpeg's "-2" does, then crop size×size at the centre),
// expressed as the source rectangle a canvas drawImage() scales straight into size×size.
import { CENTER_VIEW, type FrameGeometry, type FrameView } from '../../pipeline/sampling';

/** A rectangle in source pixels (may be fractional: drawImage samples between pixels). */
export interface SourceRect {
  sx: number;
  sy: number;
  sw: number;
  sh: number;
}

/** The size ffmpeg's scale filter gives: the short side becomes `shortSide`, the other keeps the aspect, rounded to even. */
export function scaledSize(width: number, height: number, shortSide: number): { width: number; height: number } {
  if (!(width > 0 && height > 0)) throw new RangeError(`frame size must be positive, got ${width}×${height}`);
  // av_rescale rounds half away from zero; the factor 2 makes the result even ("-2").
  const even = (v: number): number => Math.round(v / 2) * 2;
  return width >= height
    ? { width: even((shortSide * width) / height), height: shortSide }
    : { width: shortSide, height: even((shortSide * height) / width) };
}

/**
 * The part of a width×height frame that becomes the model's size×size input: the crop of the
 * resized frame (offset floored, as ffmpeg's crop filter does) mapped back to source pixels.
 */
export function cropSourceRect(width: number, height: number, geometry: FrameGeometry, view: FrameView = CENTER_VIEW): SourceRect {
  const { resizeShortSide, size } = geometry;
  if (size > resizeShortSide) throw new RangeError(`crop size ${size} exceeds the resized short side ${resizeShortSide}`);
  const scaled = scaledSize(width, height, resizeShortSide);
  const x0 = Math.floor((scaled.width - size) * clamp01(view.cropX));
  const y0 = Math.floor((scaled.height - size) * clamp01(view.cropY));
  const fx = width / scaled.width;
  const fy = height / scaled.height;
  return { sx: x0 * fx, sy: y0 * fy, sw: size * fx, sh: size * fy };
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}
