import { describe, expect, it } from 'vitest';
import { jacobiEigen, pca2d } from '../../src/pipeline/projection';
import { seededRandom } from '../../src/pipeline/sampling';

describe('jacobiEigen', () => {
  it('returns eigenpairs that satisfy A v = λ v', () => {
    const a = [
      [4, 1, 2],
      [1, 3, 0.5],
      [2, 0.5, 5],
    ];
    const { values, vectors } = jacobiEigen(a);
    for (let k = 0; k < 3; k++) {
      for (let i = 0; i < 3; i++) {
        const av = a[i]!.reduce((sum, aij, j) => sum + aij * vectors[j]![k]!, 0);
        expect(av).toBeCloseTo(values[k]! * vectors[i]![k]!, 10);
      }
    }
    expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(12, 10); // trace is kept
  });
});

describe('pca2d', () => {
  it('recovers points that lie in a 2-D plane inside a wide space, up to rotation', () => {
    const random = seededRandom(7);
    const d = 1280;
    // Two orthonormal directions in R^d.
    const u = Array.from({ length: d }, () => random() - 0.5);
    const norm = (v: number[]): number[] => {
      const l = Math.hypot(...v);
      return v.map((x) => x / l);
    };
    const e1 = norm(u);
    const w = Array.from({ length: d }, () => random() - 0.5);
    const dot = w.reduce((s, x, i) => s + x * e1[i]!, 0);
    const e2 = norm(w.map((x, i) => x - dot * e1[i]!));
    const coords = Array.from({ length: 16 }, (_, t) => [10 * Math.cos(t / 3), 3 * Math.sin(t / 2)]);
    const offset = Array.from({ length: d }, () => random());
    const rows = coords.map(([a, b]) => offset.map((o, j) => o + a! * e1[j]! + b! * e2[j]!));

    const { points, explained } = pca2d(rows);
    expect(points).toHaveLength(16);
    expect(explained[0] + explained[1]).toBeCloseTo(1, 6);
    expect(explained[0]).toBeGreaterThan(explained[1]);
    // Pairwise distances in the projection equal those in the original space.
    for (let i = 0; i < 16; i++) {
      for (let j = i + 1; j < 16; j++) {
        const original = Math.hypot(coords[i]![0]! - coords[j]![0]!, coords[i]![1]! - coords[j]![1]!);
        const projected = Math.hypot(points[i]!.x - points[j]!.x, points[i]!.y - points[j]!.y);
        expect(projected).toBeCloseTo(original, 6);
      }
    }
    // Centred: the projected points average to the origin.
    expect(points.reduce((s, p) => s + p.x, 0) / 16).toBeCloseTo(0, 8);
  });

  it('puts the largest spread on PC1 and fixes signs deterministically', () => {
    const rows = [
      [0, 0, 0],
      [5, 0, 1],
      [10, 0, -1],
      [-3, 0, 0],
    ];
    const a = pca2d(rows);
    const b = pca2d(rows.map((r) => [...r]));
    expect(a).toEqual(b);
    const xs = a.points.map((p) => p.x);
    const largest = xs.reduce((m, x) => (Math.abs(x) > Math.abs(m) ? x : m), 0);
    expect(largest).toBeGreaterThan(0);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(12);
  });

  it('handles degenerate input: no rows, one row, identical rows', () => {
    expect(pca2d([])).toEqual({ points: [], explained: [0, 0] });
    expect(pca2d([[1, 2, 3]]).points).toEqual([{ index: 0, x: 0, y: 0 }]);
    const same = pca2d([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    expect(same.explained).toEqual([0, 0]);
    for (const p of same.points) expect(Math.abs(p.x) + Math.abs(p.y)).toBe(0);
  });

  it('rejects rows of different lengths', () => {
    expect(() => pca2d([[1, 2], [3]])).toThrow(RangeError);
  });
});
