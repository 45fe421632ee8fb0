import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SMOOTHING,
  categorySegments,
  findSegments,
  frameCells,
  medianFilter,
  outOfScopeSegments,
  type ScoredFrame,
} from '../../../src/features/moderation/segments';

const LABELS = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'];

/** Frames at 4 per second (segment centres of a `seconds`-long clip) whose Drawing score is `drawing(i)`. */
function clip(seconds: number, drawing: (i: number, t: number) => number, perSecond = 4): { frames: ScoredFrame[]; duration: number } {
  const n = seconds * perSecond;
  const frames = Array.from({ length: n }, (_, i) => {
    const t = (i + 0.5) / perSecond;
    const d = drawing(i, t);
    return { index: i, timeSec: t, scores: [d, 0, 1 - d, 0, 0] };
  });
  return { frames, duration: seconds };
}

describe('medianFilter', () => {
  it('removes an isolated spike anywhere, the first and last frames included', () => {
    expect(medianFilter([0, 0, 1, 0, 0], 3)).toEqual([0, 0, 0, 0, 0]);
    expect(medianFilter([1, 0, 0, 0], 3)).toEqual([0, 0, 0, 0]);
    expect(medianFilter([0, 0, 0, 1], 3)).toEqual([0, 0, 0, 0]);
  });

  it('keeps a step and a two-frame run', () => {
    expect(medianFilter([0, 0, 1, 1, 1], 3)).toEqual([0, 0, 1, 1, 1]);
    expect(medianFilter([0, 0, 1, 1, 0, 0], 3)).toEqual([0, 0, 1, 1, 0, 0]);
  });

  it('an end frame takes its neighbour\'s value (the window is reflected about it)', () => {
    expect(medianFilter([0, 1, 1, 0, 0], 3)).toEqual([1, 1, 1, 0, 0]);
    expect(medianFilter([0.2, 0.4, 0.9], 3)).toEqual([0.4, 0.4, 0.4]);
  });

  it('window 5 needs three frames in a row', () => {
    expect(medianFilter([0, 0, 1, 1, 0, 0, 0], 5)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(medianFilter([0, 0, 1, 1, 1, 0, 0], 5)).toEqual([0, 0, 1, 1, 1, 0, 0]);
  });

  it('window 1 is the identity and even windows are refused', () => {
    expect(medianFilter([0.3, 0.9, 0.1], 1)).toEqual([0.3, 0.9, 0.1]);
    expect(() => medianFilter([1, 2], 2)).toThrow(RangeError);
    expect(medianFilter([0.7], 3)).toEqual([0.7]);
  });
});

describe('frameCells', () => {
  it('splits the clip halfway between sampled frames, from 0 to the duration', () => {
    expect(frameCells([0.5, 1.5, 2.5], 3)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
  });
});

describe('categorySegments', () => {
  it('finds sustained content at the right times', () => {
    // 8 s: Drawing from 4 s on.
    const { frames, duration } = clip(8, (_, t) => (t >= 4 ? 0.95 : 0.01));
    const segments = categorySegments(frames, 0, 'Drawing', 0.5, duration);
    expect(segments).toHaveLength(1);
    expect(segments[0]).toMatchObject({ category: 'Drawing', startSec: 4, endSec: 8, firstFrame: 16, lastFrame: 31, threshold: 0.5 });
    expect(segments[0]!.peakScore).toBeCloseTo(0.95);
  });

  it('does not flag a single odd frame, however high', () => {
    const { frames, duration } = clip(8, (i) => (i === 8 ? 0.99 : 0.01));
    expect(categorySegments(frames, 0, 'Drawing', 0.5, duration)).toEqual([]);
    // Without smoothing it would have.
    expect(categorySegments(frames, 0, 'Drawing', 0.5, duration, { window: 1, mergeGapSec: 0, minDurationSec: 0 })).toHaveLength(1);
  });

  it('a flash plus sustained content: only the sustained part is a segment', () => {
    const { frames, duration } = clip(8, (i, t) => (i === 8 || t >= 4 ? 0.95 : 0.01));
    const segments = categorySegments(frames, 0, 'Drawing', 0.5, duration);
    expect(segments.map((s) => [s.startSec, s.endSec])).toEqual([[4, 8]]);
  });

  it('bridges a one-frame dip and reports the raw peak', () => {
    const scores = [0, 0, 0.9, 0.9, 0.97, 0.9, 0.1, 0.1, 0.9, 0.9, 0.9, 0, 0, 0, 0, 0];
    const { frames, duration } = clip(4, (i) => scores[i]!);
    const [segment, ...rest] = categorySegments(frames, 0, 'Drawing', 0.5, duration);
    expect(rest).toEqual([]);
    // Frames 2..10 (cells 0.5 s to 2.75 s), the two-frame dip at 6–7 bridged (gap 0.5 s).
    expect(segment).toMatchObject({ startSec: 0.5, endSec: 2.75, firstFrame: 2, lastFrame: 10, peakScore: 0.97, peakFrame: 4 });
  });

  it('drops segments shorter than the minimum duration', () => {
    const { frames, duration } = clip(4, (i) => (i === 5 || i === 6 ? 0.9 : 0));
    // Two frames at 4/s = 0.5 s: kept at min 0.5 s, dropped at min 1 s.
    expect(categorySegments(frames, 0, 'Drawing', 0.5, duration)).toHaveLength(1);
    expect(categorySegments(frames, 0, 'Drawing', 0.5, duration, { ...DEFAULT_SMOOTHING, minDurationSec: 1 })).toEqual([]);
  });

  it('the threshold is inclusive and an empty clip has no segments', () => {
    const { frames, duration } = clip(2, () => 0.6);
    expect(categorySegments(frames, 0, 'Drawing', 0.6, duration)).toHaveLength(1);
    expect(categorySegments(frames, 0, 'Drawing', 0.61, duration)).toEqual([]);
    expect(categorySegments([], 0, 'Drawing', 0.5, 3)).toEqual([]);
  });
});

describe('findSegments', () => {
  it('looks only at categories given a threshold, in time order, whatever the frame order', () => {
    const frames: ScoredFrame[] = Array.from({ length: 16 }, (_, i) => ({
      index: i,
      timeSec: (i + 0.5) / 4,
      // Porn over 0.7 in the first second, Drawing in the last.
      scores: [i >= 12 ? 0.9 : 0, 0, 0.1, i < 4 ? 0.8 : 0, 0],
    })).reverse();
    const segments = findSegments(frames, LABELS, { Porn: 0.6, Drawing: 0.5 }, 4);
    expect(segments.map((s) => [s.category, s.startSec, s.endSec])).toEqual([
      ['Porn', 0, 1],
      ['Drawing', 3, 4],
    ]);
    expect(findSegments(frames, LABELS, { Porn: 0.6 }, 4).map((s) => s.category)).toEqual(['Porn']);
    expect(findSegments(frames, LABELS, {}, 4)).toEqual([]);
  });
});

describe('outOfScopeSegments', () => {
  it('flags windows whose detector score reaches the threshold, smoothed like a category, and skips unscored frames', () => {
    // 4 s at 4 frames/s: out of scope from 2 s on, one odd in-scope window at 3 s, one unscored frame.
    const frames = Array.from({ length: 16 }, (_, i) => ({ index: i, timeSec: (i + 0.5) / 4, oodScore: i === 5 ? null : i >= 8 && i !== 12 ? 2.5 + i / 100 : 1 }));
    const segments = outOfScopeSegments(frames, 2, 4);
    expect(segments.map((s) => [s.category, s.startSec, s.endSec, s.threshold])).toEqual([['none of these', 2, 4, 2]]);
    expect(segments[0]!.peakScore).toBeCloseTo(2.65, 6);
    expect(outOfScopeSegments(frames, 3, 4)).toEqual([]);
    expect(outOfScopeSegments(frames.map((f) => ({ ...f, oodScore: null })), 2, 4)).toEqual([]);
  });
});
