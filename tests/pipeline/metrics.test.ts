import { describe, expect, it } from 'vitest';
import { evaluate, quantile } from '../../src/pipeline/metrics';

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

describe('quantiles', () => {
  it('quantile interpolates', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([], 0.5)).toBeNaN();
  });
});
