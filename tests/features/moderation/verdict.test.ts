import { describe, expect, it } from 'vitest';
import type { Segment } from '../../../src/features/moderation/segments';
import {
  DEFAULT_THRESHOLDS,
  activeThresholds,
  clock,
  defaultThresholds,
  describeOutOfScope,
  describeSegment,
  verdict,
  type Thresholds,
} from '../../../src/features/moderation/verdict';

const LABELS = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'];

function segment(category: string, startSec: number, endSec: number, peakScore = 0.9): Segment {
  return { category, startSec, endSec, firstFrame: 0, lastFrame: 1, peakScore, peakFrame: 0, meanScore: peakScore, threshold: 0.6 };
}

describe('verdict', () => {
  const thresholds = defaultThresholds(LABELS);

  it('allows a clip with no segments, and says why', () => {
    const v = verdict([], thresholds);
    expect(v.decision).toBe('allow');
    expect(v.reasons).toHaveLength(1);
    expect(v.reasons[0]!.text).toMatch(/no category/i);
  });

  it('blocks when a block-level segment lasts at least blockMinSec', () => {
    const v = verdict([segment('Porn', 12, 15.2, 0.93)], thresholds);
    expect(v.decision).toBe('block');
    expect(v.reasons[0]!.text).toBe('Porn above 0.60 for 3.2 s (00:12–00:15), peak 0.93');
    expect(verdict([segment('Hentai', 0, 2)], thresholds).decision).toBe('block');
  });

  it('asks for review when a block-level segment is shorter than blockMinSec', () => {
    expect(verdict([segment('Porn', 2, 2.75)], thresholds).decision).toBe('review');
    // The longest benign false alarm in docs/moderation.md: 1.0 s of Porn on a make-up close-up.
    expect(verdict([segment('Porn', 8.82, 9.82, 0.83)], thresholds).decision).toBe('review');
  });

  it('asks for review for a review-level category however long', () => {
    expect(verdict([segment('Sexy', 0, 30)], thresholds).decision).toBe('review');
  });

  it('ignores categories that are off, and puts block reasons first', () => {
    expect(verdict([segment('Drawing', 0, 8)], thresholds).decision).toBe('allow');
    const v = verdict([segment('Sexy', 1, 2), segment('Porn', 5, 9)], thresholds);
    expect(v.decision).toBe('block');
    expect(v.reasons.map((r) => [r.category, r.decision])).toEqual([
      ['Porn', 'block'],
      ['Sexy', 'review'],
    ]);
  });

  it('follows the reviewer: Drawing turned on as review, blockMinSec raised', () => {
    const custom: Thresholds = {
      categories: { ...thresholds.categories, Drawing: { threshold: 0.5, action: 'review' } },
      blockMinSec: 5,
      outOfScope: 'review',
    };
    expect(verdict([segment('Drawing', 4, 8)], custom).decision).toBe('review');
    expect(verdict([segment('Porn', 0, 3)], custom).decision).toBe('review');
    expect(verdict([segment('Porn', 0, 5)], custom).decision).toBe('block');
  });
});

describe('out-of-scope segments', () => {
  const thresholds = defaultThresholds(LABELS);
  const none = { ...segment('none of these', 6, 9.5, 2.61), threshold: 2 };

  it('ask for review by default, worded as what the pack does not know', () => {
    const v = verdict([none], thresholds);
    expect(v.decision).toBe('review');
    expect(v.reasons.map((r) => [r.category, r.decision, r.text])).toEqual([
      ['none of these', 'review', 'None of these for 3.5 s (00:06–00:10): out-of-scope score above 2.00, peak 2.61'],
    ]);
    expect(describeOutOfScope(none)).toBe(v.reasons[0]!.text);
  });

  it('are ignored when turned off, and never outrank a block', () => {
    expect(verdict([none], { ...thresholds, outOfScope: 'off' }).decision).toBe('allow');
    const v = verdict([none, segment('Porn', 0, 3)], thresholds);
    expect(v.decision).toBe('block');
    expect(v.reasons.map((r) => r.decision)).toEqual(['block', 'review']);
  });
});

describe('thresholds', () => {
  it('defaults: Porn and Hentai block at 0.6 after 2 s, Sexy reviews at 0.8, Drawing and Neutral off', () => {
    expect(activeThresholds(defaultThresholds(LABELS))).toEqual({ Hentai: 0.6, Porn: 0.6, Sexy: 0.8 });
    expect(defaultThresholds(LABELS).blockMinSec).toBe(2);
    expect(defaultThresholds(['Other']).categories.Other!.action).toBe('off');
  });

  it('defaultThresholds returns a copy the caller may change', () => {
    const t = defaultThresholds(LABELS);
    t.categories.Porn!.threshold = 0.1;
    expect(DEFAULT_THRESHOLDS.categories.Porn!.threshold).toBe(0.6);
  });
});

describe('words', () => {
  it('clock formats whole seconds', () => {
    expect(clock(0)).toBe('00:00');
    expect(clock(75.4)).toBe('01:15');
    expect(clock(3725)).toBe('1:02:05');
  });

  it('describeSegment names category, threshold, duration, times and peak', () => {
    expect(describeSegment(segment('Drawing', 4, 8, 0.951), 0.5)).toBe('Drawing above 0.50 for 4.0 s (00:04–00:08), peak 0.95');
  });
});
