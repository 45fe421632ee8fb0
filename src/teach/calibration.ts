// Temperature scaling on out-of-fold logits, as training/heads/calibrate.py fits it (a log-spaced grid
// from 0.05 to 20, then a ±2 % refinement around the best), and the "unsure" threshold.
import { reliability } from '../pipeline/metrics';
import { softmax } from '../pipeline/postprocess';

/** Mean negative log-likelihood of the labels under softmax(logits / temperature); rows of `classes` logits. */
export function meanNll(logits: readonly Float32Array[], labels: readonly number[], temperature: number): number {
  let sum = 0;
  logits.forEach((row, i) => {
    const p = softmax(row, temperature)[labels[i]!]!;
    sum -= Math.log(Math.max(p, 1e-12));
  });
  return sum / logits.length;
}

function argminOver(grid: number[], f: (t: number) => number): number {
  let best = grid[0]!;
  let bestValue = Infinity;
  for (const t of grid) {
    const v = f(t);
    if (v < bestValue) [best, bestValue] = [t, v];
  }
  return best;
}

export function fitTemperature(logits: readonly Float32Array[], labels: readonly number[]): number {
  if (logits.length === 0) return 1;
  const nll = (t: number) => meanNll(logits, labels, t);
  const coarse = Array.from({ length: 401 }, (_, i) => Math.exp(Math.log(0.05) + ((Math.log(20) - Math.log(0.05)) * i) / 400));
  const best = argminOver(coarse, nll);
  const fine = Array.from({ length: 201 }, (_, i) => best * Math.exp(-0.02 + (0.04 * i) / 200));
  return argminOver(fine, nll);
}

export interface CalibrationFit {
  temperature: number;
  ece: number;
  eceBefore: number;
  unsureBelow: number;
}

/**
 * The temperature, the ECE before and after it, and `unsureBelow`: the median calibrated confidence of
 * the wrong out-of-fold answers (half the mistakes fall below it), at least 1/C + 0.1 and at most 0.9;
 * 1/C + 0.1 when there were no mistakes.
 */
export function calibrate(logits: readonly Float32Array[], labels: readonly number[], classes: number): CalibrationFit {
  const temperature = fitTemperature(logits, labels);
  const summary = (t: number) => {
    const probs = logits.map((row) => softmax(row, t));
    const confidence = probs.map((p) => Math.max(...p));
    const correct = probs.map((p, i) => p.indexOf(Math.max(...p)) === labels[i]);
    return { confidence, correct, ece: reliability(confidence, correct).ece };
  };
  const before = summary(1);
  const after = summary(temperature);
  const floor = 1 / classes + 0.1;
  const wrong = after.confidence.filter((_, i) => !after.correct[i]).sort((a, b) => a - b);
  const median = wrong.length ? wrong[Math.floor((wrong.length - 1) / 2)]! : floor;
  return { temperature, ece: after.ece, eceBefore: before.ece, unsureBelow: Math.min(0.9, Math.max(floor, median)) };
}
