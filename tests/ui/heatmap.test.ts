import { describe, expect, it } from 'vitest';
import { chooseDimensions, dimensionVariance, heatmapCells, peakTime } from '../../src/ui/heatmap';

const rows = [
  [0, 5, 1, 2],
  [0, 1, 1, 4],
  [0, 9, 1, 6],
];

describe('heatmap', () => {
  it('measures per-dimension variance over frames', () => {
    const v = dimensionVariance(rows);
    expect(v[0]).toBe(0);
    expect(v[2]).toBe(0);
    expect(v[1]).toBeGreaterThan(v[3]!);
    expect(v[3]).toBeCloseTo(8 / 3);
  });

  it('finds when a dimension peaks (centre of mass over frames)', () => {
    expect(peakTime(rows, 3)).toBeCloseTo((0 * 0 + 2 * 1 + 4 * 2) / 6); // 2,4,6 above min 2 → 0,2,4
    expect(peakTime(rows, 0)).toBe(1); // constant: the middle
    expect(peakTime([[5], [0], [0]], 0)).toBe(0);
  });

  it('chooses the most variable dimensions ordered by peak time, or the first ones in index order', () => {
    // dim 1 peaks at 0.8 (values 5,1,9 → 4,0,8), dim 3 at 1.67: dim 1 first.
    expect(chooseDimensions(rows, 'variance', 2)).toEqual([1, 3]);
    const late = [
      [0, 9],
      [0, 0],
      [9, 0],
    ];
    expect(chooseDimensions(late, 'variance', 2)).toEqual([1, 0]);
    expect(chooseDimensions(rows, 'index', 3)).toEqual([0, 1, 2]);
    expect(chooseDimensions([], 'variance', 3)).toEqual([]);
  });

  it('scales cells globally or per dimension into [0, 1]', () => {
    const global = heatmapCells(rows, [1, 3], 'global');
    expect(global).toMatchObject({ rows: 3, cols: 2, min: 1, max: 9 });
    expect(Array.from(global.values)).toEqual([0.5, 0.125, 0, 0.375, 1, 0.625]);

    const perDim = heatmapCells(rows, [3, 2], 'per-dimension');
    // dim 3 spans 2..6; dim 2 is constant and draws as 0.
    expect(Array.from(perDim.values)).toEqual([0, 0, 0.5, 0, 1, 0]);
  });
});
