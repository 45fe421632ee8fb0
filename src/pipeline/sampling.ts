// Which frames of a clip the models see, and the exact ffmpeg arguments that produce them.
// Used unchanged by the browser (ffmpeg.wasm in workers/decode) and by the training-data
// extractor (native ffmpeg in scripts/extract-features.ts): one definition, no train/serve skew.
import type { InputSpec } from './manifest';

/** How one sampled view of a clip differs from the canonical one (training augmentation). */
export interface FrameView {
  /** Where the square crop sits in the horizontal / vertical slack: 0 left/top, 0.5 centre, 1 right/bottom. */
  cropX: number;
  cropY: number;
  flip: boolean;
}

export const CENTER_VIEW: FrameView = Object.freeze({ cropX: 0.5, cropY: 0.5, flip: false });

/** The geometric part of InputSpec: all that decoding needs to know. */
export type FrameGeometry = Pick<InputSpec, 'resizeShortSide' | 'size' | 'interpolation'>;

/** `input`'s geometry at another model input side: the short side is resized in the same proportion (256 for 224 → 183 for 160). */
export function geometryAtSize<G extends FrameGeometry>(input: G, size: number): G {
  if (size === input.size) return input;
  return { ...input, size, resizeShortSide: Math.round((size * input.resizeShortSide) / input.size) };
}

/**
 * Frame i of `frames` is taken at the centre of the i-th of `frames` equal segments of
 * [0, duration): evenly spread, never at the very first or last instant.
 * `offsets` (each in [0, 1), default 0.5) moves each pick inside its segment.
 */
export function segmentTimes(durationSec: number, frames: number, offsets?: readonly number[]): number[] {
  if (!Number.isFinite(durationSec) || durationSec <= 0) {
    throw new RangeError(`clip duration must be a positive number of seconds, got ${durationSec}`);
  }
  if (!Number.isInteger(frames) || frames < 1) throw new RangeError(`frames must be a positive integer, got ${frames}`);
  if (offsets && offsets.length !== frames) throw new RangeError(`need ${frames} offsets, got ${offsets.length}`);
  const segment = durationSec / frames;
  return Array.from({ length: frames }, (_, i) => {
    const offset = offsets?.[i] ?? 0.5;
    if (!(offset >= 0 && offset < 1)) throw new RangeError(`offset ${offset} is outside [0, 1)`);
    return roundMicros((i + offset) * segment);
  });
}

/** A small deterministic PRNG (mulberry32) so augmented views can be regenerated exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface AugmentedSample {
  times: number[];
  view: FrameView;
}

/** The part of a clip frames are sampled from (ClipMetadata has these fields). */
export interface SampleRange {
  /** Where the video starts, on the time axis `-ss` uses. */
  offsetSec: number;
  durationSec: number;
  /** The last frame's time: a pick after it (where ffmpeg outputs nothing) is held there. */
  lastFrameSec: number;
  /** Frames per second, when known: a clip with fewer frames than picks is sampled frame by frame. */
  fps?: number | null;
}

/** The canonical picks the app uses: segment centres of the range. */
export function clipTimes(range: SampleRange, frames: number): number[] {
  return augmentedSample(range, frames, 0, 0).times;
}

/**
 * View 0 is the canonical one the app uses (segment centres, centre crop, no flip);
 * views 1.. jitter each frame inside its segment, move the crop, and flip half the time.
 * Every pick is shifted to the range's offset and held at its last frame.
 */
export function augmentedSample(range: SampleRange, frames: number, viewIndex: number, seed: number): AugmentedSample {
  let offsets: number[] | undefined;
  let view = CENTER_VIEW;
  if (viewIndex !== 0) {
    const random = seededRandom(seed * 1000003 + viewIndex);
    offsets = Array.from({ length: frames }, () => 0.1 + 0.8 * random());
    view = { cropX: random(), cropY: random(), flip: random() < 0.5 };
  }
  const latest = Math.floor(Math.max(0, range.lastFrameSec) * 1e6) / 1e6;
  const fps = range.fps ?? 0;
  const clipFrames = Math.round(range.durationSec * fps);
  if (clipFrames > 0 && clipFrames < frames) {
    // Fewer frames than picks (a slow GIF): ffmpeg gives the first frame at or after a time, so
    // segment centres would all land on the later frames. Pick frame timestamps, evenly spread.
    const times = segmentTimes(clipFrames, frames, offsets).map((k) => Math.min(roundMicros(range.offsetSec + Math.floor(k) / fps), latest));
    return { times, view };
  }
  const times = segmentTimes(range.durationSec, frames, offsets).map((t) => Math.min(roundMicros(range.offsetSec + t), latest));
  return { times, view };
}

/**
 * The ffmpeg filter graph that turns a decoded frame into the model's input image:
 * scale so the short side is `resizeShortSide`, crop `size`×`size`, optionally mirror, RGB24.
 * `bitexact` keeps swscale off CPU-specific paths so native ffmpeg and ffmpeg.wasm agree byte for byte.
 */
export function frameFilterGraph(geometry: FrameGeometry, view: FrameView = CENTER_VIEW): string {
  const { resizeShortSide: s, size, interpolation } = geometry;
  if (size > s) throw new RangeError(`crop size ${size} exceeds the resized short side ${s}`);
  const { cx, cy } = cropFractions(view);
  const filters = [
    `scale=w='if(gte(iw,ih),-2,${s})':h='if(gte(iw,ih),${s},-2)':flags=${interpolation}+accurate_rnd+bitexact`,
    `crop=${size}:${size}:floor((iw-${size})*${cx}):floor((ih-${size})*${cy})`,
  ];
  if (view.flip) filters.push('hflip');
  filters.push('format=rgb24');
  return filters.join(',');
}

/** The crop position as the filter graph writes it (4 decimals), so both paths round it the same way. */
function cropFractions(view: FrameView): { cx: string; cy: string } {
  return { cx: clamp01(view.cropX).toFixed(4), cy: clamp01(view.cropY).toFixed(4) };
}

/** What frameFilterGraph does to a frame of `width`×`height` (as displayed, after rotation), in numbers. */
export interface ScaledCrop {
  /** The frame scaled so its short side is resizeShortSide (the long side rounded to an even number, as `-2` does). */
  scaledWidth: number;
  scaledHeight: number;
  /** Top-left corner of the size×size crop in the scaled frame. */
  cropLeft: number;
  cropTop: number;
  size: number;
}

/**
 * The scale and crop of frameFilterGraph computed here rather than by ffmpeg, for decoders that
 * resize frames themselves (the WebCodecs path). `-2` is ffmpeg's av_rescale: the long side is
 * round(short · long / (short_in · 2)) · 2, rounding halves away from zero.
 */
export function scaledCrop(width: number, height: number, geometry: FrameGeometry, view: FrameView = CENTER_VIEW): ScaledCrop {
  const { resizeShortSide: s, size } = geometry;
  if (size > s) throw new RangeError(`crop size ${size} exceeds the resized short side ${s}`);
  if (!(width > 0 && height > 0)) throw new RangeError(`frame size must be positive, got ${width}×${height}`);
  const landscape = width >= height;
  const evenLong = (long: number, short: number): number => Math.round((s * long) / (short * 2)) * 2;
  const scaledWidth = landscape ? evenLong(width, height) : s;
  const scaledHeight = landscape ? s : evenLong(height, width);
  const { cx, cy } = cropFractions(view);
  return {
    scaledWidth,
    scaledHeight,
    cropLeft: Math.floor((scaledWidth - size) * Number(cx)),
    cropTop: Math.floor((scaledHeight - size) * Number(cy)),
    size,
  };
}

/** A 2-D affine map as the canvas's setTransform(a, b, c, d, e, f) takes it: x' = a·x + c·y + e, y' = b·x + d·y + f. */
export type Affine = [a: number, b: number, c: number, d: number, e: number, f: number];

/**
 * The map from a coded frame's pixels (`codedWidth`×`codedHeight`, before rotation) to the model's
 * size×size input: rotate clockwise by `rotation` (as ffmpeg's autorotate does before the filter
 * graph), scale as `scaledCrop` says, shift by the crop. Drawing the frame through it gives the crop.
 */
export function frameToCropTransform(codedWidth: number, codedHeight: number, rotation: number, geometry: FrameGeometry, view: FrameView = CENTER_VIEW): Affine {
  const quarter = ((Math.round(rotation / 90) % 4) + 4) % 4;
  const [w, h] = [codedWidth, codedHeight];
  const [displayW, displayH] = quarter % 2 === 0 ? [w, h] : [h, w];
  const crop = scaledCrop(displayW, displayH, geometry, view);
  const sx = crop.scaledWidth / displayW;
  const sy = crop.scaledHeight / displayH;
  const [ex, ey] = [-crop.cropLeft, -crop.cropTop];
  const rotated: Affine =
    quarter === 0 ? [sx, 0, 0, sy, ex, ey] // (x, y)
    : quarter === 1 ? [0, sy, -sx, 0, sx * h + ex, ey] // (h − y, x)
    : quarter === 2 ? [-sx, 0, 0, -sy, sx * w + ex, sy * h + ey] // (w − x, h − y)
    : [0, -sy, sx, 0, ex, sy * w + ey]; // (y, w − x)
  if (!view.flip) return rotated;
  const [a, b, c, d, e, f] = rotated;
  return [-a, b, -c, d, crop.size - e, f]; // then hflip: u → size − u
}

/** Where frames are read from: the file, its video stream, and whether its packets can be seeked by time. */
export interface FrameSource {
  path: string;
  stream: number;
  /** False for streams without timestamps (raw H.264): ffmpeg then decodes from the start up to each time. */
  seekable: boolean;
}

/**
 * Arguments for one ffmpeg run that seeks to `timeSec` and writes exactly one raw RGB24
 * frame of size×size to `output`. Seeking before -i makes a long clip cost what a short one does.
 */
export function frameExtractArgs(
  source: FrameSource,
  timeSec: number,
  geometry: FrameGeometry,
  output: string,
  view: FrameView = CENTER_VIEW,
): string[] {
  return framesExtractArgs(source, [timeSec], geometry, [output], view);
}

/**
 * One ffmpeg run for all of a clip's frames: the clip is opened once per time, each input
 * seeks on its own, and output k receives frame k. Gives the same bytes as frameExtractArgs
 * run once per time, with one process start.
 */
export function framesExtractArgs(
  source: FrameSource,
  timesSec: readonly number[],
  geometry: FrameGeometry,
  outputs: readonly string[],
  view: FrameView = CENTER_VIEW,
  graph: string = frameFilterGraph(geometry, view),
): string[] {
  if (outputs.length !== timesSec.length) throw new RangeError('need one output per time');
  const seek = (t: number): string[] => ['-ss', t.toFixed(6)];
  const inputs = timesSec.flatMap((t) => [...(source.seekable ? seek(t) : []), '-i', source.path]);
  const outs = outputs.flatMap((out, k) => [
    '-map', `${k}:${source.stream}`, ...(source.seekable ? [] : seek(timesSec[k]!)),
    '-frames:v', '1', '-vf', graph, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-y', out,
  ]);
  return ['-nostdin', '-hide_banner', '-loglevel', 'error', ...inputs, ...outs];
}

export function frameBytes(geometry: Pick<InputSpec, 'size'>): number {
  return geometry.size * geometry.size * 3;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

function roundMicros(t: number): number {
  return Math.round(t * 1e6) / 1e6;
}
