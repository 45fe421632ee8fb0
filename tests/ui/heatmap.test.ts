import { describe, expect, it } from 'vitest';
import { chooseDimensions, dimensionVariance, heatmapCells } from '../../src/ui/heatmap';

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

  it('chooses the most variable dimensions first, or the first ones in index order', () => {
    expect(chooseDimensions(rows, 'variance', 2)).toEqual([1, 3]);
    expect(chooseDimensions(rows, 'variance', 10)).toEqual([1, 3, 0, 2]);
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
