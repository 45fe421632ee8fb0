// The out-of-scope detector of a taught pack: the Mahalanobis distance of a clip's mean features to the
// nearest class mean, under one covariance shared by the classes and shrunk toward a multiple of the
// identity (there are far fewer clips than the D = 1280 dimensions):
//   Σ = (1 − α)·S + δ·I,  δ = α·tr(S)/D,  S the within-class scatter of the clip means.
// S has rank < n, so Σ is held as its eigenvectors v_j (from the n × n Gram matrix) and
//   d²(x, μ) = Σ_j (v_j·(x − μ))² · (1/((1 − α)λ_j + δ) − 1/δ) + |x − μ|² / δ,
// exact, and small enough to ship as [C, D] means and [D, k] components.
import { quantile } from '../pipeline/metrics';
import { jacobiEigen } from '../pipeline/projection';
import type { OodSpec } from '../pipeline/manifest';
import { clipMean, TeachError, type TeachDataset } from './dataset';
import { GraphBuilder } from './graphBuilder';
import { planFolds } from './train';

export const OOD_INPUT = 'clip_mean';
export const OOD_OUTPUT = 'score';
export const SHRINKAGE = 0.2;
/** The threshold is this quantile of the in-scope clips' out-of-fold scores: ~5 % of new in-scope clips called "none of these". */
export const IN_SCOPE_QUANTILE = 0.95;

export interface MahalanobisDetector {
  featureDim: number;
  means: Float64Array[]; // [C][D]
  components: Float64Array[]; // [k][D], orthonormal
  /** Per component: 1/((1 − α)λ_j + δ) − 1/δ. */
  componentWeights: number[];
  /** 1/δ. */
  isotropicWeight: number;
}

export function fitMahalanobis(points: readonly Float64Array[], labels: readonly number[], classes: number, shrinkage = SHRINKAGE): MahalanobisDetector {
  const D = points[0]?.length ?? 0;
  const n = points.length;
  const means = Array.from({ length: classes }, () => new Float64Array(D));
  const counts = new Array<number>(classes).fill(0);
  points.forEach((p, i) => {
    counts[labels[i]!]!++;
    for (let d = 0; d < D; d++) means[labels[i]!]![d]! += p[d]!;
  });
  if (counts.some((k) => k === 0)) throw new TeachError('TooFewClips', 'every class needs a clip to fit the out-of-scope detector');
  means.forEach((m, c) => m.forEach((_, d) => (m[d]! /= counts[c]!)));
  const centred = points.map((p, i) => Float64Array.from(p, (x, d) => x - means[labels[i]!]![d]!));
  const gram = centred.map((a) => centred.map((b) => a.reduce((s, x, d) => s + x * b[d]!, 0) / n));
  const trace = gram.reduce((s, row, i) => s + row[i]!, 0); // tr(S) = tr(G)
  const delta = Math.max((shrinkage * trace) / D, 1e-12);
  const { values, vectors } = jacobiEigen(gram); // eigenvector j is column j
  const largest = Math.max(...values, 0);
  const components: Float64Array[] = [];
  const componentWeights: number[] = [];
  values.forEach((lambda, j) => {
    if (!(lambda > 1e-9 * largest)) return;
    // v = Xᵀu / √(n λ): the unit eigenvector of S = XᵀX / n for the eigenvalue λ of G = XXᵀ / n.
    const scale = 1 / Math.sqrt(n * lambda);
    const v = new Float64Array(D);
    centred.forEach((row, i) => {
      const w = vectors[i]![j]! * scale;
      for (let d = 0; d < D; d++) v[d]! += w * row[d]!;
    });
    components.push(v);
    componentWeights.push(1 / ((1 - shrinkage) * lambda + delta) - 1 / delta);
  });
  return { featureDim: D, means, components, componentWeights, isotropicWeight: 1 / delta };
}

/** The score the ONNX graph computes, in float64: the squared distance to the nearest class mean. */
export function mahalanobisScore(det: MahalanobisDetector, x: ArrayLike<number>): number {
  let best = Infinity;
  for (const mean of det.means) {
    const diff = Float64Array.from(mean, (m, d) => x[d]! - m);
    let score = diff.reduce((s, v) => s + v * v, 0) * det.isotropicWeight;
    det.components.forEach((v, j) => {
      const p = v.reduce((s, vd, d) => s + vd * diff[d]!, 0);
      score += p * p * det.componentWeights[j]!;
    });
    best = Math.min(best, score);
  }
  return best;
}

/** [1, D] clip mean → [1] score (larger = less like the classes). */
export function exportMahalanobisGraph(det: MahalanobisDetector): Uint8Array {
  const g = new GraphBuilder('ood-mahalanobis');
  const D = det.featureDim;
  const C = det.means.length;
  const k = det.components.length;
  const means = new Float32Array(C * D);
  det.means.forEach((m, c) => means.set(m, c * D));
  const diff = g.op('Sub', [OOD_INPUT, g.float(means, [C, D], 'means')]); // [C, D]
  const isotropic = g.op('Mul', [g.op('ReduceSum', [g.op('Mul', [diff, diff]), g.int64([1])], { keepdims: 0 }), g.float([det.isotropicWeight], [], 'inv_delta')]);
  let perClass = isotropic; // [C]
  if (k > 0) {
    const basis = new Float32Array(D * k);
    det.components.forEach((v, j) => v.forEach((x, d) => (basis[d * k + j] = x)));
    const projected = g.op('MatMul', [diff, g.float(basis, [D, k], 'components')]); // [C, k]
    const weighted = g.op('Mul', [g.op('Mul', [projected, projected]), g.float(det.componentWeights, [k], 'weights')]);
    perClass = g.op('Add', [isotropic, g.op('ReduceSum', [weighted, g.int64([1])], { keepdims: 0 })]);
  }
  g.op('ReduceMin', [perClass], { axes: [0], keepdims: 1 }, OOD_OUTPUT);
  return g.encode([{ name: OOD_INPUT, dims: [1, D] }], [{ name: OOD_OUTPUT, dims: [1] }]);
}

export interface FittedOod {
  detector: MahalanobisDetector;
  graph: Uint8Array;
  /** Out-of-fold scores of the in-scope clips (each scored by a detector fitted without its source). */
  inScopeScores: number[];
  threshold: number;
}

/** Fits on every clip; the threshold comes from group-out-of-fold scores, so it reflects unseen videos. */
export function fitOod(data: TeachDataset): FittedOod {
  const C = data.labels.length;
  const means = data.clips.map((clip) => clipMean(clip, data.frames, data.featureDim));
  const labels = data.clips.map((c) => c.label);
  const plan = planFolds(data.clips, data.labels);
  const inScopeScores: number[] = [];
  for (let f = 0; f < plan.folds; f++) {
    const train = means.flatMap((_, i) => (plan.fold[i] !== f ? [i] : []));
    const present = new Set(train.map((i) => labels[i]!));
    // A class missing from the training folds would make its own clips look out of scope: skip those clips.
    const remap = new Map([...present].sort((a, b) => a - b).map((c, k) => [c, k]));
    const fold = fitMahalanobis(train.map((i) => means[i]!), train.map((i) => remap.get(labels[i]!)!), remap.size);
    means.forEach((m, i) => {
      if (plan.fold[i] === f && present.has(labels[i]!)) inScopeScores.push(mahalanobisScore(fold, m));
    });
  }
  const detector = fitMahalanobis(means, labels, C);
  return { detector, graph: exportMahalanobisGraph(detector), inScopeScores, threshold: quantile(inScopeScores, IN_SCOPE_QUANTILE) };
}

export function oodSpec(fitted: FittedOod, file: string): OodSpec {
  return {
    method: 'mahalanobis',
    inputKind: 'clip-mean',
    file,
    input: OOD_INPUT,
    output: OOD_OUTPUT,
    threshold: fitted.threshold,
    protocol:
      `squared Mahalanobis distance of the clip-mean features to the nearest class mean, shared covariance shrunk ` +
      `${SHRINKAGE * 100} % toward the identity; threshold = the ${IN_SCOPE_QUANTILE * 100}th percentile of ` +
      `${fitted.inScopeScores.length} in-scope clips scored out-of-fold (grouped by source), so ~${Math.round((1 - IN_SCOPE_QUANTILE) * 100)} % ` +
      `of new in-scope clips are expected to be called "none of these"; no out-of-scope clips were available to measure the catch rate`,
  };
}
