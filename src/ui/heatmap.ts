// Pure pieces of the feature heatmap: which dimensions to show, in what order, and the
// colour value of every cell. The component only paints the result onto a <canvas>.

export type HeatmapOrder = 'variance' | 'index';

export type HeatmapScale = 'global' | 'per-dimension';

/** Per-dimension variance over frames. */
export function dimensionVariance(rows: readonly (readonly number[])[]): Float64Array {
  const d = rows[0]?.length ?? 0;
  const mean = new Float64Array(d);
  const variance = new Float64Array(d);
  if (rows.length === 0) return variance;
  for (const row of rows) for (let j = 0; j < d; j++) mean[j]! += row[j]! / rows.length;
  for (const row of rows) for (let j = 0; j < d; j++) variance[j]! += (row[j]! - mean[j]!) ** 2 / rows.length;
  return variance;
}

/**
 * The dimensions to draw: 'variance' takes the `limit` most variable ones and orders them by
 * when in the clip they are strongest (see peakTime), so changes over time read as a diagonal;
 * 'index' takes the first `limit` in index order.
 */
export function chooseDimensions(rows: readonly (readonly number[])[], order: HeatmapOrder, limit: number): number[] {
  const d = rows[0]?.length ?? 0;
  const all = Array.from({ length: d }, (_, j) => j);
  if (order === 'index') return all.slice(0, limit);
  const variance = dimensionVariance(rows);
  const top = all.sort((a, b) => variance[b]! - variance[a]! || a - b).slice(0, limit);
  const peak = new Map(top.map((j) => [j, peakTime(rows, j)]));
  return top.sort((a, b) => peak.get(a)! - peak.get(b)! || a - b);
}

/**
 * When dimension j is strongest, as a frame position: the centre of mass over frames of its
 * value above its own minimum (0 = first frame; a constant dimension sits in the middle).
 */
export function peakTime(rows: readonly (readonly number[])[], j: number): number {
  let min = Infinity;
  for (const row of rows) min = Math.min(min, row[j]!);
  let mass = 0;
  let moment = 0;
  rows.forEach((row, t) => {
    const w = row[j]! - min;
    mass += w;
    moment += w * t;
  });
  return mass > 0 ? moment / mass : (rows.length - 1) / 2;
}

export interface HeatmapCells {
  rows: number;
  cols: number;
  /** values[r * cols + c] in [0, 1]. */
  values: Float32Array;
  /** The raw range the colours span (global scale), for the legend. */
  min: number;
  max: number;
}

/**
 * Cell values in [0, 1]: 'global' maps the smallest to largest raw value over all shown cells;
 * 'per-dimension' min–max scales each column on its own, to show how each one changes in time.
 */
export function heatmapCells(rows: readonly (readonly number[])[], dims: readonly number[], scale: HeatmapScale): HeatmapCells {
  const cols = dims.length;
  const values = new Float32Array(rows.length * cols);
  let min = Infinity;
  let max = -Infinity;
  for (const row of rows) for (const j of dims) {
    min = Math.min(min, row[j]!);
    max = Math.max(max, row[j]!);
  }
  if (!Number.isFinite(min)) return { rows: rows.length, cols, values, min: 0, max: 0 };
  dims.forEach((j, c) => {
    let lo = min;
    let hi = max;
    if (scale === 'per-dimension') {
      lo = Infinity;
      hi = -Infinity;
      for (const row of rows) {
        lo = Math.min(lo, row[j]!);
        hi = Math.max(hi, row[j]!);
      }
    }
    const span = hi - lo;
    rows.forEach((row, r) => {
      values[r * cols + c] = span > 0 ? (row[j]! - lo) / span : 0;
    });
  });
  return { rows: rows.length, cols, values, min, max };
}
