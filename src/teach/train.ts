// Teaching a head: a seeded AdamW loop over mini-batches of clip views (per-frame cross-entropy, so the
// head answers after every frame), and group k-fold cross-validation by source for honest numbers.
import * as tf from '@tensorflow/tfjs';
import { evaluate } from '../pipeline/metrics';
import { argmax } from '../pipeline/postprocess';
import { calibrate, type CalibrationFit } from './calibration';
import { checkDataset, TeachError, type TeachClip, type TeachDataset } from './dataset';
import { createHead, disposeHead, headForward, headVariables, parameterCount, SeedStream, type HeadConfig, type HeadModel, type HeadWeights } from './headModel';

export interface TrainOptions {
  config: HeadConfig;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Decoupled (AdamW) decay of the Linear weight matrices, per step: w ← w · (1 − lr · weightDecay). */
  weightDecay: number;
  /** 0 by default: the shipped packs found 0.1 capped confidence at 0.93; temperature scaling calibrates instead. */
  labelSmoothing: number;
  seed: number;
}

export const DEFAULT_TRAINING = { learningRate: 2e-3, weightDecay: 0.05, labelSmoothing: 0, seed: 0 } as const;

export interface EpochProgress {
  epoch: number;
  epochs: number;
  loss: number;
  /** Share of training views whose prediction after the last frame was right (with training noise on). */
  trainAccuracy: number;
}

export type ProgressCallback = (progress: EpochProgress) => void;

export interface TrainedHead {
  model: HeadModel;
  parameters: number;
  history: EpochProgress[];
}

function abortError(): DOMException {
  return new DOMException('Teaching was cancelled', 'AbortError');
}

/**
 * Lets the worker's message loop run (a cancel message, a progress post) between batches: a message on a
 * fresh MessageChannel, not setTimeout(0), which browsers clamp to ≥ 4 ms once timeouts nest (measured in a
 * Chromium worker: 4.2 ms per yield against 0.02 ms; bench:teach takes ~2 600 steps, so ~11 s idle).
 */
const yieldToEventLoop = (): Promise<void> =>
  typeof MessageChannel === 'undefined'
    ? new Promise((resolve) => setTimeout(resolve, 0))
    : new Promise((resolve) => {
        const { port1, port2 } = new MessageChannel();
        port1.onmessage = () => {
          port1.close();
          resolve();
        };
        port2.postMessage(null);
      });

function shuffled<T>(items: readonly T[], rng: SeedStream): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function decayedWeights(weights: HeadWeights): tf.Variable[] {
  if (weights.kind === 'linear') return [weights.classifier.weight];
  return [...weights.mlp.map((l) => l.weight), ...weights.layers.map((l) => l.mix.weight), weights.classifier.weight];
}

export async function trainHead(
  data: TeachDataset,
  options: TrainOptions,
  onProgress: ProgressCallback = () => {},
  signal?: AbortSignal,
  /** A cross-validation fold may train without a class that comes from one source only (planFolds). */
  everyClass = true,
): Promise<TrainedHead> {
  checkDataset(data, everyClass);
  if (signal?.aborted) throw abortError();
  const { frames: T, featureDim: D } = data;
  const C = data.labels.length;
  const rng = new SeedStream(options.seed);
  const model = createHead(options.config, rng.seed());
  const variables = headVariables(model.weights);
  const decayed = decayedWeights(model.weights);
  const optimizer = tf.train.adam(options.learningRate);
  const samples = data.clips.flatMap((clip) => clip.views.map((view) => ({ view, label: clip.label })));
  const history: EpochProgress[] = [];
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      let lossSum = 0;
      let hits = 0;
      const order = shuffled(samples, rng);
      for (let start = 0; start < order.length; start += options.batchSize) {
        if (signal?.aborted) throw abortError();
        const batch = order.slice(start, start + options.batchSize);
        const B = batch.length;
        const input = new Float32Array(B * T * D);
        batch.forEach((s, i) => input.set(s.view, i * T * D));
        const noise = new SeedStream(rng.seed());
        const { loss, lastLogits } = tf.tidy(() => {
          const x = tf.tensor3d(input, [B, T, D]);
          const targets = tf.oneHot(tf.tensor1d(batch.flatMap((s) => Array<number>(T).fill(s.label)), 'int32'), C);
          let last: tf.Tensor | null = null;
          const lossTensor = optimizer.minimize(
            () => {
              const logits = headForward(model, x, noise);
              last = tf.keep(logits.slice([0, T - 1, 0], [B, 1, C]).reshape([B, C]));
              return tf.losses.softmaxCrossEntropy(targets, logits.reshape([B * T, C]), undefined, options.labelSmoothing) as tf.Scalar;
            },
            true,
            variables,
          )!;
          for (const w of decayed) w.assign(tf.mul(w, 1 - options.learningRate * options.weightDecay));
          return { loss: tf.keep(lossTensor), lastLogits: last! as tf.Tensor2D };
        });
        lossSum += (await loss.data())[0]! * B;
        const best = lastLogits.argMax(1);
        const predicted = (await best.data()) as Int32Array;
        best.dispose();
        batch.forEach((s, i) => (hits += predicted[i] === s.label ? 1 : 0));
        loss.dispose();
        lastLogits.dispose();
        await yieldToEventLoop();
      }
      const progress = { epoch, epochs: options.epochs, loss: lossSum / samples.length, trainAccuracy: hits / samples.length };
      history.push(progress);
      onProgress(progress);
    }
  } catch (error) {
    disposeHead(model);
    throw error;
  } finally {
    optimizer.dispose();
  }
  return { model, parameters: parameterCount(model.weights), history };
}

/** The logits after the last frame of each clip's view 0, [C] each, inference forward (no noise). */
export function lastFrameLogits(model: HeadModel, clips: readonly TeachClip[], frames: number, featureDim: number): Float32Array[] {
  if (clips.length === 0) return [];
  const C = model.config.classes;
  return tf.tidy(() => {
    const input = new Float32Array(clips.length * frames * featureDim);
    clips.forEach((clip, i) => input.set(clip.views[0]!, i * frames * featureDim));
    const logits = headForward(model, tf.tensor3d(input, [clips.length, frames, featureDim]));
    const last = logits.slice([0, frames - 1, 0], [clips.length, 1, C]).dataSync() as Float32Array;
    return clips.map((_, i) => last.slice(i * C, (i + 1) * C));
  });
}

// --- group k-fold by source ---

export interface FoldPlan {
  /** fold[i] is the fold of clip i; clips of one source always share a fold. */
  fold: number[];
  folds: number;
  warnings: string[];
}

/**
 * k = min(5, the number of sources of the class with the fewest sources), at least 2. Each class's
 * sources, largest first, go to the fold that holds the fewest of that class's clips so far, so every
 * fold sees every class when the class has ≥ k sources. A class with a single source cannot be tested
 * on a source it was not trained on: that is a warning, and its clips are then never in training when
 * they are tested (its recall is honest, and low).
 */
export function planFolds(clips: readonly TeachClip[], labels: readonly string[], maxFolds = 5): FoldPlan {
  const warnings: string[] = [];
  const sourcesOf = labels.map((_, c) => {
    const counts = new Map<string, number>();
    for (const clip of clips) if (clip.label === c) counts.set(clip.source, (counts.get(clip.source) ?? 0) + 1);
    return counts;
  });
  const allSources = new Set(clips.map((c) => c.source));
  if (allSources.size < 2) throw new TeachError('TooFewSources', 'cross-validation needs clips from at least two sources (videos)');
  const fewest = Math.min(...sourcesOf.map((s) => s.size));
  const folds = Math.max(2, Math.min(maxFolds, fewest, allSources.size));
  labels.forEach((label, c) => {
    const n = clips.filter((clip) => clip.label === c).length;
    if (n < 3) warnings.push(`"${label}" has only ${n} clip${n === 1 ? '' : 's'}; add more for a useful head`);
    if (sourcesOf[c]!.size < 2) warnings.push(`"${label}" comes from one source only: its score says little about new videos`);
  });
  // A source shared by two classes goes where its majority class puts it.
  const majority = new Map<string, number>();
  for (const source of allSources) {
    let best = -1;
    let bestCount = -1;
    sourcesOf.forEach((counts, c) => {
      const k = counts.get(source) ?? 0;
      if (k > bestCount) [best, bestCount] = [c, k];
    });
    majority.set(source, best);
  }
  const foldOfSource = new Map<string, number>();
  const load = labels.map(() => new Array<number>(folds).fill(0));
  const total = new Array<number>(folds).fill(0);
  labels.forEach((_, c) => {
    const own = [...sourcesOf[c]!.entries()].filter(([s]) => majority.get(s) === c).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    for (const [source, count] of own) {
      let best = 0;
      for (let f = 1; f < folds; f++) {
        if (load[c]![f]! < load[c]![best]! || (load[c]![f] === load[c]![best] && total[f]! < total[best]!)) best = f;
      }
      foldOfSource.set(source, best);
      load[c]![best]! += count;
      total[best]! += count;
    }
  });
  return { fold: clips.map((clip) => foldOfSource.get(clip.source)!), folds, warnings };
}

export interface CrossValidation {
  folds: number;
  fold: number[];
  /** Out-of-fold logits after the last frame, one [C] row per clip (view 0). */
  logits: Float32Array[];
  predictions: number[];
  accuracy: number;
  macroF1: number;
  perClassRecall: number[];
  /** confusion[true][predicted] */
  confusion: number[][];
  foldAccuracies: number[];
  calibration: CalibrationFit;
  warnings: string[];
  protocol: string;
}

/** Folds whose accuracies spread more than this (max − min) are worth a warning. */
export const FOLD_SPREAD_WARNING = 0.3;

export async function crossValidate(
  data: TeachDataset,
  options: TrainOptions,
  onProgress: (fold: number, folds: number, progress: EpochProgress) => void = () => {},
  signal?: AbortSignal,
): Promise<CrossValidation> {
  checkDataset(data);
  const plan = planFolds(data.clips, data.labels);
  const C = data.labels.length;
  const logits: Float32Array[] = new Array(data.clips.length);
  const foldAccuracies: number[] = [];
  for (let f = 0; f < plan.folds; f++) {
    const train = data.clips.filter((_, i) => plan.fold[i] !== f);
    const testIndex = data.clips.map((_, i) => i).filter((i) => plan.fold[i] === f);
    const trained = await trainHead({ ...data, clips: train }, { ...options, seed: options.seed + 7919 * (f + 1) }, (p) => onProgress(f, plan.folds, p), signal, false);
    const rows = lastFrameLogits(trained.model, testIndex.map((i) => data.clips[i]!), data.frames, data.featureDim);
    disposeHead(trained.model);
    testIndex.forEach((i, k) => (logits[i] = rows[k]!));
    foldAccuracies.push(testIndex.length ? testIndex.filter((i, k) => argmax(rows[k]!) === data.clips[i]!.label).length / testIndex.length : NaN);
  }
  const predictions = logits.map((row) => argmax(row));
  const truths = data.clips.map((c) => c.label);
  const metrics = evaluate(truths.map((t) => data.labels[t]!), predictions.map((p) => data.labels[p]!), data.labels);
  const warnings = [...plan.warnings];
  const finite = foldAccuracies.filter(Number.isFinite);
  const spread = Math.max(...finite) - Math.min(...finite);
  if (spread > FOLD_SPREAD_WARNING) {
    warnings.push(`the folds disagree: accuracy from ${(Math.min(...finite) * 100).toFixed(0)} % to ${(Math.max(...finite) * 100).toFixed(0)} %; more varied clips would steady it`);
  }
  return {
    folds: plan.folds,
    fold: plan.fold,
    logits,
    predictions,
    accuracy: metrics.accuracy,
    macroF1: metrics.macroF1,
    perClassRecall: data.labels.map((l) => metrics.perClass[l]!.recall),
    confusion: metrics.confusion,
    foldAccuracies,
    calibration: calibrate(logits, truths, C),
    warnings,
    protocol: `${plan.folds}-fold cross-validation grouped by source (each video in one fold), ${data.clips.length} clips, prediction after the last of ${data.frames} frames of view 0`,
  };
}
