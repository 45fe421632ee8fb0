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
