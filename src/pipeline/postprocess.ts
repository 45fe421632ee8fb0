// From model outputs to what the user reads: probabilities, top-k, the clip's label, and the
// open-set decision ("none of these") at an operating point the user may move.
import type { OperatingPoint, TemporalHead } from './manifest';

/**
 * softmax(logits / temperature). Temperature 1 (the default) is the plain softmax; a temporal
 * head's calibrated probabilities use its manifest temperature (see temperatureOf).
 */
export function softmax(logits: ArrayLike<number>, temperature = 1): Float32Array {
  if (!(temperature > 0)) throw new RangeError(`temperature must be positive, not ${temperature}`);
  const out = new Float32Array(logits.length);
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]! / temperature);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += out[i] = Math.exp(logits[i]! / temperature - max);
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

/** Softmax (at `temperature`) applied to each row of a row-major [rows, classes] matrix. */
export function softmaxRows(logits: ArrayLike<number>, classes: number, temperature = 1): Float32Array[] {
  if (classes <= 0 || logits.length % classes !== 0) {
    throw new RangeError(`${logits.length} values do not split into rows of ${classes}`);
  }
  const rows: Float32Array[] = [];
  for (let r = 0; r < logits.length / classes; r++) {
    rows.push(softmax(Array.from({ length: classes }, (_, c) => logits[r * classes + c]!), temperature));
  }
  return rows;
}

/** The temperature a head's logits are divided by before the softmax: its calibration's, else 1 (uncalibrated). */
export function temperatureOf(head: Pick<TemporalHead, 'calibration'>): number {
  return head.calibration?.temperature ?? 1;
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

/** An out-of-scope score and the threshold it is judged against (scores above it are "none of these"). */
export interface OodJudgement {
  score: number;
  threshold: number;
}

export interface ClipDecision {
  /** The class the model chose, before the out-of-scope check. */
  predicted: Ranked;
  top: Ranked[];
  /** True when the out-of-scope detector says the clip is unlike every class. */
  outOfScope: boolean;
  /**
   * True when the head is calibrated and the (calibrated) probability of `predicted` is below its
   * `unsureBelow`: the answer is a guess and is worded as one. Always false for an uncalibrated head.
   */
  unsure: boolean;
  /** What the user is told: the predicted label, or NONE_OF_THESE. */
  label: string;
  /** The score and threshold behind `outOfScope`, kept so the decision can be re-made at another threshold; null without a detector. */
  ood: OodJudgement | null;
}

/**
 * The clip's decision from its final probabilities: for a causal temporal head, the
 * prediction after the last frame; for a frame-mean head, the mean of per-frame probabilities.
 * `unsureBelow` is the head's calibrated level (absent for an uncalibrated head).
 */
export function decideClip(
  finalProbabilities: ArrayLike<number>,
  labels: readonly string[],
  ood?: OodJudgement,
  unsureBelow?: number,
): ClipDecision {
  const top = topK(finalProbabilities, labels, Math.min(3, labels.length));
  const predicted = top[0]!;
  const decision = {
    predicted,
    top,
    unsure: unsureBelow !== undefined && predicted.probability < unsureBelow,
  };
  return judge(decision, ood ?? null);
}

/** The decision re-made at another out-of-scope threshold, from the score it kept (no re-run). */
export function decideAtThreshold(decision: ClipDecision, threshold: number): ClipDecision {
  return decision.ood ? judge(decision, { score: decision.ood.score, threshold }) : decision;
}

/** The open-set rule: "none of these" when the score is above the threshold, else the class the head chose. */
export function openSetVerdict(predictedLabel: string, ood: OodJudgement | null): { outOfScope: boolean; label: string } {
  const outOfScope = ood !== null && ood.score > ood.threshold;
  return { outOfScope, label: outOfScope ? NONE_OF_THESE : predictedLabel };
}

function judge(decision: Pick<ClipDecision, 'predicted' | 'top' | 'unsure'>, ood: OodJudgement | null): ClipDecision {
  return { predicted: decision.predicted, top: decision.top, unsure: decision.unsure, ...openSetVerdict(decision.predicted.label, ood), ood };
}

// --- operating points of the out-of-scope detector ---

/**
 * Stricter calls more clips "none of these" (a lower threshold: catches more unseen actions,
 * wrongly refuses more clips of the classes); looser the other way.
 */
export type OperatingStep = 'stricter' | 'looser';

/**
 * The next threshold along the curve (sorted by threshold, ascending) from `current`, or null
 * when `current` is already at that end. `current` need not be on the curve (the manifest's
 * default threshold may fall between two points).
 */
export function stepThreshold(curve: readonly OperatingPoint[], current: number, step: OperatingStep): number | null {
  if (step === 'stricter') {
    for (let i = curve.length - 1; i >= 0; i--) if (curve[i]!.threshold < current) return curve[i]!.threshold;
  } else {
    for (const p of curve) if (p.threshold > current) return p.threshold;
  }
  return null;
}

/**
 * What deciding at `threshold` costs, read off the curve: the point itself when it is on the
 * curve, else linear interpolation between its neighbours (`exact: false`); outside the curve's
 * range, the nearest end (`exact: false`).
 */
export function operatingPointAt(curve: readonly OperatingPoint[], threshold: number): OperatingPoint & { exact: boolean } {
  if (curve.length === 0) throw new RangeError('an operating curve needs at least one point');
  const hit = curve.find((p) => p.threshold === threshold);
  if (hit) return { ...hit, exact: true };
  const above = curve.findIndex((p) => p.threshold > threshold);
  if (above === 0) return { ...curve[0]!, threshold, exact: false };
  if (above < 0) return { ...curve[curve.length - 1]!, threshold, exact: false };
  const lo = curve[above - 1]!;
  const hi = curve[above]!;
  const w = (threshold - lo.threshold) / (hi.threshold - lo.threshold);
  return {
    threshold,
    falseNone: lo.falseNone + w * (hi.falseNone - lo.falseNone),
    catchRate: lo.catchRate + w * (hi.catchRate - lo.catchRate),
    exact: false,
  };
}
