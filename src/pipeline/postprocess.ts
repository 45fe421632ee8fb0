// From model outputs to what the user reads: probabilities, top-k, the clip's label.

export function softmax(logits: ArrayLike<number>): Float32Array {
  const out = new Float32Array(logits.length);
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += out[i] = Math.exp(logits[i]! - max);
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

/** Softmax applied to each row of a row-major [rows, classes] matrix. */
export function softmaxRows(logits: ArrayLike<number>, classes: number): Float32Array[] {
  if (classes <= 0 || logits.length % classes !== 0) {
    throw new RangeError(`${logits.length} values do not split into rows of ${classes}`);
  }
  const rows: Float32Array[] = [];
  for (let r = 0; r < logits.length / classes; r++) {
    rows.push(softmax(Array.from({ length: classes }, (_, c) => logits[r * classes + c]!)));
  }
  return rows;
}

export function argmax(values: ArrayLike<number>): number {
  if (values.length === 0) throw new RangeError('argmax of an empty vector');
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

export interface Ranked {
  index: number;
  label: string;
  probability: number;
}

export function topK(probabilities: ArrayLike<number>, labels: readonly string[], k: number): Ranked[] {
  if (labels.length !== probabilities.length) {
    throw new RangeError(`${probabilities.length} probabilities for ${labels.length} labels`);
  }
  return Array.from(probabilities, (probability, index) => ({ index, label: labels[index]!, probability }))
    .sort((a, b) => b.probability - a.probability || a.index - b.index)
    .slice(0, k);
}

/** Element-wise mean of equally long vectors (per-frame probabilities, or per-frame features). */
export function meanRows(rows: readonly ArrayLike<number>[]): Float32Array {
  if (rows.length === 0) throw new RangeError('mean of no rows');
  const width = rows[0]!.length;
  const out = new Float32Array(width);
  for (const row of rows) {
    if (row.length !== width) throw new RangeError('rows differ in length');
    for (let i = 0; i < width; i++) out[i]! += row[i]!;
  }
  for (let i = 0; i < width; i++) out[i]! /= rows.length;
  return out;
}

export const NONE_OF_THESE = 'none of these';

export interface ClipDecision {
  /** The class the model chose, before the out-of-scope check. */
  predicted: Ranked;
  top: Ranked[];
  /** True when the out-of-scope detector says the clip is unlike every class. */
  outOfScope: boolean;
  /** What the user is told: the predicted label, or NONE_OF_THESE. */
  label: string;
}

/**
 * The clip's decision from its final probabilities: for a causal temporal head, the
 * prediction after the last frame; for a frame-mean head, the mean of per-frame probabilities.
 */
export function decideClip(
  finalProbabilities: ArrayLike<number>,
  labels: readonly string[],
  ood?: { score: number; threshold: number },
): ClipDecision {
  const top = topK(finalProbabilities, labels, Math.min(3, labels.length));
  const predicted = top[0]!;
  const outOfScope = ood !== undefined && ood.score > ood.threshold;
  return { predicted, top, outOfScope, label: outOfScope ? NONE_OF_THESE : predicted.label };
}
