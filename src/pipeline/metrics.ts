// Classification metrics shared by `npm run eval`, the evaluation view and the training reports.

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface EvaluationMetrics {
  n: number;
  accuracy: number;
  macroF1: number;
  labels: string[];
  /** confusion[trueIndex][predictedIndex]; the last column is "none of these" when the labels end with it. */
  confusion: number[][];
  perClass: Record<string, ClassMetrics>;
}

/**
 * `labels` are the classes a prediction may take (the pack's labels, plus NONE_OF_THESE when the
 * pack can abstain); `truths` and `predictions` are label strings. macro-F1 averages over the
 * classes that occur as truths or predictions.
 */
export function evaluate(truths: readonly string[], predictions: readonly string[], labels: readonly string[]): EvaluationMetrics {
  if (truths.length !== predictions.length) throw new RangeError('truths and predictions differ in length');
  const index = new Map(labels.map((l, i) => [l, i] as const));
  const confusion = labels.map(() => labels.map(() => 0));
  truths.forEach((truth, k) => {
    const t = index.get(truth);
    const p = index.get(predictions[k]!);
    if (t === undefined) throw new RangeError(`true label "${truth}" is not one of the labels`);
    if (p === undefined) throw new RangeError(`predicted label "${predictions[k]}" is not one of the labels`);
    confusion[t]![p]!++;
  });
  const perClass: Record<string, ClassMetrics> = {};
  const f1s: number[] = [];
  labels.forEach((label, c) => {
    const tp = confusion[c]![c]!;
    const support = confusion[c]!.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[c]!, 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[label] = { precision, recall, f1, support };
    if (support > 0 || predicted > 0) f1s.push(f1);
  });
  const correct = labels.reduce((a, _, c) => a + confusion[c]![c]!, 0);
  return {
    n: truths.length,
    accuracy: truths.length ? correct / truths.length : 0,
    macroF1: f1s.length ? f1s.reduce((a, b) => a + b, 0) / f1s.length : 0,
    labels: [...labels],
    confusion,
    perClass,
  };
}

/** Cosine similarity of two equal-length vectors (e.g. one frame's features on two paths). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}

/** The q-quantile (0..1) of a sample, by linear interpolation between order statistics. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** The outcomes a pack's prediction can take: its labels, plus "none of these" when it can abstain. */
export function outcomeLabels(packLabels: readonly string[], canAbstain: boolean, noneLabel: string): string[] {
  return canAbstain ? [...packLabels, noneLabel] : [...packLabels];
}

/**
 * The true outcome of a clip in a labelled folder (DIR/<Class>/clip): its class when the pack
 * knows it, otherwise "none of these". Null when the pack cannot abstain and does not know it.
 */
export function truthForFolder(className: string, packLabels: readonly string[], canAbstain: boolean, noneLabel: string): string | null {
  if (packLabels.includes(className)) return className;
  return canAbstain ? noneLabel : null;
}

// --- confidence: calibration and ranking ---

/** Confidence bins of a reliability diagram: ECE's bins. The Python reports use the same 15 (training/heads/train.py ece). */
export const RELIABILITY_BINS = 15;

export interface ReliabilityBin {
  /** The bin covers confidences in [lo, hi) (the last bin includes 1). */
  lo: number;
  hi: number;
  count: number;
  /** Mean confidence and share correct of the predictions in the bin; NaN when it is empty. */
  confidence: number;
  accuracy: number;
}

export interface Reliability {
  n: number;
  bins: ReliabilityBin[];
  /** Expected calibration error: Σ (count / n) · |accuracy − confidence| over the bins; NaN for no predictions. */
  ece: number;
}

/**
 * The reliability diagram and ECE of predictions with confidence `confidences[i]` (the top
 * probability) that were right when `correct[i]`, in equal-width bins: a prediction of
 * confidence c falls in bin min(bins − 1, ⌊c · bins⌋), as training/heads/train.py bins it.
 */
export function reliability(confidences: readonly number[], correct: readonly boolean[], bins = RELIABILITY_BINS): Reliability {
  if (confidences.length !== correct.length) throw new RangeError('confidences and correct differ in length');
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer, not ${bins}`);
  const count = new Array<number>(bins).fill(0);
  const confSum = new Array<number>(bins).fill(0);
  const hits = new Array<number>(bins).fill(0);
  confidences.forEach((c, i) => {
    if (!(c >= 0 && c <= 1)) throw new RangeError(`confidence ${c} is not in [0, 1]`);
    const b = Math.min(bins - 1, Math.floor(c * bins));
    count[b]!++;
    confSum[b]! += c;
    if (correct[i]) hits[b]!++;
  });
  const n = confidences.length;
  const out = count.map((k, b): ReliabilityBin => ({
    lo: b / bins,
    hi: (b + 1) / bins,
    count: k,
    confidence: k ? confSum[b]! / k : NaN,
    accuracy: k ? hits[b]! / k : NaN,
  }));
  const ece = n ? out.reduce((sum, bin) => (bin.count ? sum + (bin.count / n) * Math.abs(bin.accuracy - bin.confidence) : sum), 0) : NaN;
  return { n, bins: out, ece };
}

/**
 * Area under the ROC curve of `scores` for telling `positive` items from the others: the chance
 * that a random positive scores above a random negative, ties counted half (as
 * training/heads/ood.py's auroc). NaN when either side is empty. With confidences and
 * correctness, it says how well confidence separates right answers from wrong ones (0.5: not at all).
 */
export function auroc(scores: readonly number[], positive: readonly boolean[]): number {
  if (scores.length !== positive.length) throw new RangeError('scores and positive differ in length');
  // Rank-sum (Mann–Whitney U) with mid-ranks for ties: O(n log n).
  const order = scores.map((s, i) => ({ s, p: positive[i]! })).sort((a, b) => a.s - b.s);
  let rankSumPositive = 0;
  let positives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]!.s === order[i]!.s) j++;
    const midRank = (i + 1 + j) / 2; // ranks i+1 … j share their mean
    for (let k = i; k < j; k++) {
      if (order[k]!.p) {
        rankSumPositive += midRank;
        positives++;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface ConfidenceQuality {
  /** In-scope predictions scored (truth is one of the pack's classes). */
  n: number;
  reliability: Reliability;
  ece: number;
  /** AUROC of confidence for correctness: do right answers carry more confidence than wrong ones? */
  confidenceAuroc: number;
}

/**
 * How much the classifier's confidence means, on clips whose truth is one of the pack's classes:
 * `predicted[i]` is the class the head chose before the out-of-scope check and `confidence[i]` its
 * (calibrated) probability. Clips whose truth is "none of these" have no right class and are left out.
 */
export function confidenceQuality(
  truths: readonly string[],
  predicted: readonly string[],
  confidence: readonly number[],
  packLabels: readonly string[],
): ConfidenceQuality {
  if (truths.length !== predicted.length || truths.length !== confidence.length) {
    throw new RangeError('truths, predicted and confidence differ in length');
  }
  const known = new Set(packLabels);
  const conf: number[] = [];
  const correct: boolean[] = [];
  truths.forEach((truth, i) => {
    if (!known.has(truth)) return;
    conf.push(confidence[i]!);
    correct.push(predicted[i] === truth);
  });
  const rel = reliability(conf, correct);
  return { n: conf.length, reliability: rel, ece: rel.ece, confidenceAuroc: auroc(conf, correct) };
}
