import { describe, expect, it } from 'vitest';
import { argmax, decideClip, meanRows, NONE_OF_THESE, softmax, softmaxRows, topK } from '../../src/pipeline/postprocess';

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
});
