import { describe, expect, it } from 'vitest';
import { auroc, confidenceQuality, cosine, evaluate, quantile, reliability, RELIABILITY_BINS } from '../../src/pipeline/metrics';

describe('evaluate', () => {
  it('counts a confusion matrix, accuracy and macro-F1', () => {
    const m = evaluate(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b'], ['a', 'b']);
    expect(m.confusion).toEqual([[1, 1], [0, 2]]);
    expect(m.accuracy).toBe(0.75);
    // a: P=1 R=.5 F1=2/3; b: P=2/3 R=1 F1=.8
    expect(m.macroF1).toBeCloseTo((2 / 3 + 0.8) / 2, 10);
    expect(m.perClass.a).toMatchObject({ precision: 1, recall: 0.5, support: 2 });
  });
  it('averages F1 only over classes that occur', () => {
    const m = evaluate(['a'], ['a'], ['a', 'b', 'none of these']);
    expect(m.macroF1).toBe(1);
  });
  it('rejects unknown labels and length mismatches', () => {
    expect(() => evaluate(['x'], ['a'], ['a'])).toThrow(RangeError);
    expect(() => evaluate(['a'], [], ['a'])).toThrow(RangeError);
  });
});

describe('cosine', () => {
  it('is 1 for the same direction, 0 for orthogonal, −1 for opposite, whatever the lengths', () => {
    expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosine([1, 0], [0, 5])).toBe(0);
    expect(cosine(Float32Array.from([1, -1]), [-3, 3])).toBeCloseTo(-1, 12);
  });
});

describe('quantiles', () => {
  it('quantile interpolates', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('reliability and ECE', () => {
  it('bins confidences into equal-width bins, the top bin holding 1', () => {
    const r = reliability([0.05, 0.55, 0.58, 1], [true, false, true, true], 10);
    expect(r.bins).toHaveLength(10);
    expect(r.bins[0]).toMatchObject({ lo: 0, hi: 0.1, count: 1, confidence: 0.05, accuracy: 1 });
    expect(r.bins[5]).toMatchObject({ count: 2, accuracy: 0.5 });
    expect(r.bins[5]!.confidence).toBeCloseTo(0.565, 12);
    expect(r.bins[9]).toMatchObject({ count: 1, confidence: 1, accuracy: 1 });
    expect(r.bins[3]!.count).toBe(0);
    expect(r.bins[3]!.accuracy).toBeNaN();
    // ECE = 1/4·|1−0.05| + 2/4·|0.5−0.565| + 1/4·0
    expect(r.ece).toBeCloseTo(0.25 * 0.95 + 0.5 * 0.065, 12);
  });
  it('is 0 when confidence equals accuracy in every bin and large when overconfident', () => {
    expect(reliability([1, 1], [true, true]).ece).toBe(0);
    expect(reliability([0.75, 0.75, 0.75, 0.75], [true, true, true, false]).ece).toBeCloseTo(0, 12);
    expect(reliability([0.99, 0.99], [false, false]).ece).toBeCloseTo(0.99, 12);
  });
  it('uses the 15 bins of the Python reports by default, NaN for no predictions, and checks its input', () => {
    expect(RELIABILITY_BINS).toBe(15);
    expect(reliability([0.5], [true]).bins).toHaveLength(15);
    expect(reliability([], []).ece).toBeNaN();
    expect(() => reliability([0.5], [])).toThrow(RangeError);
    expect(() => reliability([1.5], [true])).toThrow(RangeError);
  });
});

describe('auroc', () => {
  it('is 1 when every positive outscores every negative, 0 when none does, 0.5 for ties', () => {
    expect(auroc([0.9, 0.8, 0.2, 0.1], [true, true, false, false])).toBe(1);
    expect(auroc([0.9, 0.8, 0.2, 0.1], [false, false, true, true])).toBe(0);
    expect(auroc([0.5, 0.5, 0.5], [true, false, true])).toBe(0.5);
  });
  it('equals the share of (positive, negative) pairs ranked right, ties counted half', () => {
    const scores = [0.3, 0.7, 0.7, 0.2, 0.9, 0.4];
    const pos = [true, true, false, false, true, false];
    let wins = 0;
    let pairs = 0;
    scores.forEach((s, i) => scores.forEach((t, j) => {
      if (!pos[i] || pos[j]) return;
      pairs++;
      wins += s > t ? 1 : s === t ? 0.5 : 0;
    }));
    expect(auroc(scores, pos)).toBeCloseTo(wins / pairs, 12);
    expect(wins / pairs).not.toBe(1);
  });
  it('is NaN without both classes', () => {
    expect(auroc([0.1, 0.2], [true, true])).toBeNaN();
    expect(auroc([], [])).toBeNaN();
  });
});

describe('confidenceQuality', () => {
  it('scores the class chosen before the out-of-scope check, on the in-scope clips only', () => {
    const labels = ['a', 'b'];
    const q = confidenceQuality(['a', 'a', 'b', 'none of these'], ['a', 'b', 'b', 'a'], [0.9, 0.6, 0.8, 0.99], labels);
    expect(q.n).toBe(3);
    expect(q.confidenceAuroc).toBe(1); // the wrong answer (0.6) is the least confident
    expect(q.ece).toBe(reliability([0.9, 0.6, 0.8], [true, false, true]).ece);
    expect(q.reliability.n).toBe(3);
    expect(() => confidenceQuality(['a'], [], [0.5], labels)).toThrow(RangeError);
  });
});
