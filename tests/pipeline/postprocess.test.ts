import { describe, expect, it } from 'vitest';
import {
  argmax,
  decideAtThreshold,
  decideClip,
  meanRows,
  NONE_OF_THESE,
  operatingPointAt,
  softmax,
  softmaxRows,
  stepThreshold,
  temperatureOf,
  topK,
} from '../../src/pipeline/postprocess';

describe('softmax', () => {
  it('gives probabilities that sum to 1, in the order of the logits', () => {
    const p = softmax([1, 2, 3]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(p[2]).toBeCloseTo(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)), 6);
  });
  it('is stable for large logits', () => {
    const p = softmax([1000, 1000]);
    expect(Array.from(p)).toEqual([0.5, 0.5]);
  });
  it('softmaxRows splits [rows, classes]', () => {
    const rows = softmaxRows([0, 0, 5, 0], 2);
    expect(rows).toHaveLength(2);
    expect(rows[0]![0]).toBeCloseTo(0.5);
    expect(rows[1]![0]).toBeGreaterThan(0.99);
    expect(() => softmaxRows([1, 2, 3], 2)).toThrow(RangeError);
  });
});

describe('temperature scaling', () => {
  it('is softmax(logits / T): T > 1 flattens, T < 1 sharpens, the order never changes', () => {
    const logits = [2, 0, -1];
    const hot = softmax(logits, 2);
    expect(Array.from(hot)).toEqual(Array.from(softmax(logits.map((z) => z / 2))));
    expect(hot[0]).toBeLessThan(softmax(logits)[0]!);
    expect(softmax(logits, 0.5)[0]).toBeGreaterThan(softmax(logits)[0]!);
    expect(argmax(softmax(logits, 3))).toBe(argmax(softmax(logits)));
    expect(hot.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });
  it('at T = 1 is exactly the plain softmax, and rejects a temperature that is not positive', () => {
    expect(Array.from(softmax([0.3, 1.7, -2], 1))).toEqual(Array.from(softmax([0.3, 1.7, -2])));
    expect(() => softmax([1, 2], 0)).toThrow(RangeError);
    expect(() => softmax([1, 2], -1)).toThrow(RangeError);
  });
  it('softmaxRows scales every row', () => {
    const rows = softmaxRows([2, 0, 4, 0], 2, 2);
    expect(rows[0]![0]).toBeCloseTo(softmax([1, 0])[0]!, 6);
    expect(rows[1]![0]).toBeCloseTo(softmax([2, 0])[0]!, 6);
  });
  it("a head's temperature is its calibration's, else 1", () => {
    expect(temperatureOf({ calibration: { temperature: 1.8, unsureBelow: 0.6, ece: 0.03, protocol: 'p' } })).toBe(1.8);
    expect(temperatureOf({})).toBe(1);
  });
});

describe('ranking and aggregation', () => {
  it('topK sorts by probability, ties by index', () => {
    expect(topK([0.1, 0.6, 0.3], ['a', 'b', 'c'], 2).map((r) => r.label)).toEqual(['b', 'c']);
    expect(topK([0.5, 0.5], ['a', 'b'], 2).map((r) => r.label)).toEqual(['a', 'b']);
    expect(() => topK([1], ['a', 'b'], 1)).toThrow(RangeError);
  });
  it('argmax and meanRows', () => {
    expect(argmax([0, 3, 2])).toBe(1);
    expect(Array.from(meanRows([[0, 2], [2, 4]]))).toEqual([1, 3]);
    expect(() => meanRows([])).toThrow(RangeError);
  });
});

describe('decideClip', () => {
  const labels = ['Archery', 'Surfing', 'HorseRace'];
  it('takes the top class when in scope', () => {
    const d = decideClip([0.2, 0.7, 0.1], labels, { score: 1, threshold: 2 });
    expect(d).toMatchObject({ label: 'Surfing', outOfScope: false });
    expect(d.top.map((t) => t.label)).toEqual(['Surfing', 'Archery', 'HorseRace']);
  });
  it('says "none of these" above the OOD threshold, but keeps the prediction', () => {
    const d = decideClip([0.2, 0.7, 0.1], labels, { score: 3, threshold: 2 });
    expect(d.label).toBe(NONE_OF_THESE);
    expect(d.predicted.label).toBe('Surfing');
  });
  it('is unsure below the calibrated level, and never without one', () => {
    expect(decideClip([0.2, 0.54, 0.26], labels, undefined, 0.6)).toMatchObject({ label: 'Surfing', unsure: true, ood: null });
    expect(decideClip([0.2, 0.7, 0.1], labels, undefined, 0.6).unsure).toBe(false);
    expect(decideClip([0.2, 0.6, 0.2], labels, undefined, 0.6).unsure).toBe(false); // at the level is not below it
    expect(decideClip([0.3, 0.4, 0.3], labels).unsure).toBe(false);
  });
  it('is re-made at another threshold from the score it kept', () => {
    const d = decideClip([0.2, 0.7, 0.1], labels, { score: 3, threshold: 2 }, 0.8);
    const looser = decideAtThreshold(d, 4);
    expect(looser).toMatchObject({ label: 'Surfing', outOfScope: false, unsure: true, ood: { score: 3, threshold: 4 } });
    expect(decideAtThreshold(looser, 2.5)).toEqual(decideClip([0.2, 0.7, 0.1], labels, { score: 3, threshold: 2.5 }, 0.8));
    const noDetector = decideClip([0.2, 0.7, 0.1], labels);
    expect(decideAtThreshold(noDetector, -100)).toBe(noDetector);
  });
});

describe('operating points', () => {
  const curve = [
    { threshold: 1, falseNone: 0.2, catchRate: 0.98 },
    { threshold: 2, falseNone: 0.05, catchRate: 0.9 },
    { threshold: 4, falseNone: 0.01, catchRate: 0.6 },
  ];
  it('stricter steps to the next lower threshold, looser to the next higher, null at the ends', () => {
    expect(stepThreshold(curve, 2, 'stricter')).toBe(1);
    expect(stepThreshold(curve, 2, 'looser')).toBe(4);
    expect(stepThreshold(curve, 1, 'stricter')).toBeNull();
    expect(stepThreshold(curve, 4, 'looser')).toBeNull();
  });
  it('steps from a default that falls between two points onto the curve', () => {
    expect(stepThreshold(curve, 3, 'stricter')).toBe(2);
    expect(stepThreshold(curve, 3, 'looser')).toBe(4);
    expect(stepThreshold(curve, 0.5, 'looser')).toBe(1);
    expect(stepThreshold(curve, 0.5, 'stricter')).toBeNull();
  });
  it('reads the cost off the curve: exact on it, interpolated between points, the nearest end outside', () => {
    expect(operatingPointAt(curve, 2)).toEqual({ ...curve[1], exact: true });
    const mid = operatingPointAt(curve, 3);
    expect(mid.exact).toBe(false);
    expect(mid.falseNone).toBeCloseTo(0.03, 9);
    expect(mid.catchRate).toBeCloseTo(0.75, 9);
    expect(operatingPointAt(curve, 9)).toEqual({ threshold: 9, falseNone: 0.01, catchRate: 0.6, exact: false });
    expect(operatingPointAt(curve, 0)).toEqual({ threshold: 0, falseNone: 0.2, catchRate: 0.98, exact: false });
    expect(() => operatingPointAt([], 1)).toThrow(RangeError);
  });
});
