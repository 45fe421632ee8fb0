// A 2-D PCA projection of a clip's per-frame feature vectors, for the projection chart.
// Pure and deterministic. A clip has few frames (T ≈ 16) and wide features (D = 1280), so the
// principal axes are found from the small T × T Gram matrix of the centred rows (Jacobi
// eigen-decomposition) instead of the D × D covariance: same components, far less work.

export interface ProjectedPoint {
  /** Row index in the input (the frame's index). */
  index: number;
  x: number;
  y: number;
}

export interface Projection {
  points: ProjectedPoint[];
  /** Share of the total variance along PC1 and PC2 (0–1 each; 0 when the rows are identical). */
  explained: [number, number];
}

/**
 * Projects equally long rows onto their first two principal components.
 * Signs are fixed so the largest-magnitude coordinate of each component is positive.
 */
export function pca2d(rows: readonly ArrayLike<number>[]): Projection {
  const n = rows.length;
  if (n === 0) return { points: [], explained: [0, 0] };
  const d = rows[0]!.length;
  for (const row of rows) if (row.length !== d) throw new RangeError('rows differ in length');

  const centred = centre(rows, d);
  const gram = gramMatrix(centred, d);
  const { values, vectors } = jacobiEigen(gram);
  const order = values.map((_, i) => i).sort((a, b) => values[b]! - values[a]!);
  const total = values.reduce((sum, v) => sum + Math.max(v, 0), 0);

  // With G = X Xᵀ = U Λ Uᵀ, the scores on component k are u_k · sqrt(λ_k).
  const coords: number[][] = [0, 1].map((k) => {
    const which = order[k];
    if (which === undefined) return new Array<number>(n).fill(0);
    const lambda = Math.max(values[which]!, 0);
    const scale = Math.sqrt(lambda);
    const scores = Array.from({ length: n }, (_, i) => vectors[i]![which]! * scale);
    return fixSign(scores);
  });
  const explainedOf = (k: number): number => {
    const which = order[k];
    return total > 0 && which !== undefined ? Math.max(values[which]!, 0) / total : 0;
  };
  return {
    points: Array.from({ length: n }, (_, i) => ({ index: i, x: coords[0]![i]!, y: coords[1]![i]! })),
    explained: [explainedOf(0), explainedOf(1)],
  };
}

function centre(rows: readonly ArrayLike<number>[], d: number): Float64Array[] {
  const mean = new Float64Array(d);
  for (const row of rows) for (let j = 0; j < d; j++) mean[j]! += row[j]!;
  for (let j = 0; j < d; j++) mean[j]! /= rows.length;
  return rows.map((row) => {
    const out = new Float64Array(d);
    for (let j = 0; j < d; j++) out[j] = row[j]! - mean[j]!;
    return out;
  });
}

function gramMatrix(rows: Float64Array[], d: number): number[][] {
  const n = rows.length;
  const g = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      let dot = 0;
      const ra = rows[a]!;
      const rb = rows[b]!;
      for (let j = 0; j < d; j++) dot += ra[j]! * rb[j]!;
      g[a]![b] = dot;
      g[b]![a] = dot;
    }
  }
  return g;
}

/** Eigenvalues and eigenvectors (as columns) of a symmetric matrix, by cyclic Jacobi rotations. */
export function jacobiEigen(matrix: readonly (readonly number[])[]): { values: number[]; vectors: number[][] } {
  const n = matrix.length;
  const a = matrix.map((row) => [...row]);
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const scale = Math.max(1e-300, ...a.map((row, i) => Math.abs(row[i]!)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p]![q]! ** 2;
    if (Math.sqrt(off) <= 1e-14 * scale) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: a.map((row, i) => row[i]!), vectors: v };
}

function fixSign(scores: number[]): number[] {
  let largest = 0;
  for (const s of scores) if (Math.abs(s) > Math.abs(largest)) largest = s;
  return largest < 0 ? scores.map((s) => -s) : scores;
}
