// Flagged segments from per-frame category scores: a centred median filter over `window`
// sampled frames (so one odd frame cannot flag a clip), a threshold, merging of runs split by
// short gaps, and a minimum duration. Pure; the choice of defaults is explained, with the data
// it rests on, in docs/moderation.md. Out-of-scope segments (the pack's classes do not describe
// that part of the clip) are found the same way on the detector's per-window score.
import { NONE_OF_THESE } from '../../pipeline/postprocess';

/** One sampled frame's scores: probabilities per category, in the order of `labels`. */
export interface ScoredFrame {
  index: number;
  timeSec: number;
  scores: readonly number[];
}

export interface SmoothingOptions {
  /** Odd number of sampled frames in the centred median window (1 = no smoothing). */
  window: number;
  /** Flagged runs closer than this (seconds, between one run's end and the next's start) are joined. */
  mergeGapSec: number;
  /** Segments shorter than this (seconds) are dropped. */
  minDurationSec: number;
}

/**
 * Median of 3 sampled frames, segments of at least 0.5 s, gaps up to 0.5 s bridged.
 * See docs/moderation.md ("How the smoothing was chosen").
 */
export const DEFAULT_SMOOTHING: Readonly<SmoothingOptions> = Object.freeze({ window: 3, mergeGapSec: 0.5, minDurationSec: 0.5 });

export interface Segment {
  category: string;
  /** Seconds: from the start of the first flagged frame's sampling cell to the end of the last's. */
  startSec: number;
  endSec: number;
  /** Sampled frames (inclusive) the segment covers. */
  firstFrame: number;
  lastFrame: number;
  /** Highest raw (unsmoothed) score of the category inside the segment, and the frame it is on. */
  peakScore: number;
  peakFrame: number;
  /** Mean of the smoothed score over the segment's frames. */
  meanScore: number;
  threshold: number;
}

/**
 * Centred running median with an odd window; near the ends the window is reflected about the end
 * frame (x[-1] = x[1]), so a spike on the first or last frame is removed like any other (with
 * window 3 an end frame simply takes its neighbour's value).
 */
export function medianFilter(values: readonly number[], window: number): number[] {
  if (!Number.isInteger(window) || window < 1 || window % 2 === 0) {
    throw new RangeError(`median window must be a positive odd integer, got ${window}`);
  }
  const n = values.length;
  const half = (window - 1) / 2;
  if (half === 0 || n < 2) return values.slice();
  const at = (i: number): number => {
    // Reflect without repeating the edge: …, x2, x1, [x0, x1, x2, …, xn-1], xn-2, …
    let j = i;
    const period = 2 * (n - 1);
    j = ((j % period) + period) % period;
    if (j >= n) j = period - j;
    return values[j]!;
  };
  const out = new Array<number>(n);
  const buffer = new Array<number>(window);
  for (let i = 0; i < n; i++) {
    for (let k = -half; k <= half; k++) buffer[k + half] = at(i + k);
    buffer.sort((a, b) => a - b);
    out[i] = buffer[half]!;
  }
  return out;
}

/**
 * The time cell each sampled frame stands for: from halfway to the previous frame to halfway to
 * the next (the first starts at 0, the last ends at the clip's duration).
 */
export function frameCells(times: readonly number[], durationSec: number): Array<[number, number]> {
  return times.map((t, i) => {
    const prev = times[i - 1];
    const next = times[i + 1];
    const start = prev === undefined ? 0 : (prev + t) / 2;
    const end = next === undefined ? Math.max(durationSec, t) : (t + next) / 2;
    return [start, end];
  });
}

/** Flagged segments of one category: smoothed score ≥ threshold, merged and length-filtered. */
export function categorySegments(
  frames: readonly ScoredFrame[],
  category: number,
  label: string,
  threshold: number,
  durationSec: number,
  options: SmoothingOptions = DEFAULT_SMOOTHING,
): Segment[] {
  if (frames.length === 0) return [];
  const raw = frames.map((f) => f.scores[category] ?? 0);
  const smooth = medianFilter(raw, Math.min(options.window, oddAtMost(frames.length)));
  const cells = frameCells(
    frames.map((f) => f.timeSec),
    durationSec,
  );

  // Runs of consecutive frames over the threshold, as [first, last] frame positions.
  const runs: Array<[number, number]> = [];
  smooth.forEach((v, i) => {
    if (!(v >= threshold)) return;
    const last = runs[runs.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  });

  // Join runs separated by a short gap (a frame or two dipping just under the threshold).
  const merged: Array<[number, number]> = [];
  for (const run of runs) {
    const prev = merged[merged.length - 1];
    if (prev && cells[run[0]]![0] - cells[prev[1]]![1] <= options.mergeGapSec + 1e-9) prev[1] = run[1];
    else merged.push([...run]);
  }

  const segments: Segment[] = [];
  for (const [first, last] of merged) {
    const startSec = cells[first]![0];
    const endSec = cells[last]![1];
    if (endSec - startSec + 1e-9 < options.minDurationSec) continue;
    let peak = first;
    let sum = 0;
    for (let i = first; i <= last; i++) {
      if (raw[i]! > raw[peak]!) peak = i;
      sum += smooth[i]!;
    }
    segments.push({
      category: label,
      startSec: round3(startSec),
      endSec: round3(endSec),
      firstFrame: frames[first]!.index,
      lastFrame: frames[last]!.index,
      peakScore: raw[peak]!,
      peakFrame: frames[peak]!.index,
      meanScore: sum / (last - first + 1),
      threshold,
    });
  }
  return segments;
}

/**
 * Segments of every category whose threshold is in (0, 1]: a threshold above 1 switches the
 * category off. Sorted by start time, then category order.
 */
export function findSegments(
  frames: readonly ScoredFrame[],
  labels: readonly string[],
  thresholds: Readonly<Record<string, number>>,
  durationSec: number,
  options: SmoothingOptions = DEFAULT_SMOOTHING,
): Segment[] {
  const ordered = [...frames].sort((a, b) => a.timeSec - b.timeSec);
  const all = labels.flatMap((label, c) => {
    const threshold = thresholds[label];
    if (threshold === undefined || !(threshold <= 1)) return [];
    return categorySegments(ordered, c, label, threshold, durationSec, options);
  });
  return all.sort((a, b) => a.startSec - b.startSec || labels.indexOf(a.category) - labels.indexOf(b.category));
}

/**
 * Where the pack's classes do not describe the clip: frames whose window's out-of-scope score is at
 * or above the pack's threshold, smoothed, merged and length-filtered like a category (category
 * NONE_OF_THESE; peak and mean are detector scores, not probabilities). Frames without a score are skipped.
 */
export function outOfScopeSegments(
  frames: ReadonlyArray<{ index: number; timeSec: number; oodScore: number | null }>,
  threshold: number,
  durationSec: number,
  options: SmoothingOptions = DEFAULT_SMOOTHING,
): Segment[] {
  const scored = frames
    .filter((f) => f.oodScore !== null)
    .sort((a, b) => a.timeSec - b.timeSec)
    .map((f) => ({ index: f.index, timeSec: f.timeSec, scores: [f.oodScore!] }));
  return categorySegments(scored, 0, NONE_OF_THESE, threshold, durationSec, options);
}

function oddAtMost(n: number): number {
  return n % 2 === 1 ? n : Math.max(1, n - 1);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
