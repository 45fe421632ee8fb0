// The timing loop of scripts/profile-teach-train.ts, shared by its Node run and its Chromium worker
// (scripts/lib/teachProfileWorker.ts): trainHead of each variant in turn (A, B, A, B…) on synthetic
// features of bench:teach's shape, ms per optimiser step, medians.
import * as tf from '@tensorflow/tfjs';
import type { TeachDataset } from '../../src/teach/dataset';
import { disposeHead, SeedStream } from '../../src/teach/headModel';
import { recipeFor } from '../../src/teach/recipe';
import type * as train from '../../src/teach/train';
import { shareWasmIdentity } from '../../src/teach/wasmKernels';

export type TrainModule = typeof train;

export interface Variant {
  name: string;
  module: TrainModule;
  /** Whether its revision's teach worker shared Identity's data on WASM (src/teach/wasmKernels.ts). */
  sharedIdentity: boolean;
}

export interface ProfileOptions {
  epochs: number;
  rounds: number;
  /** Every dropout/noise rate 0: not the recipe, to see what the noise costs. */
  noNoise: boolean;
}

/** 30 clips × 3 views × T = 16 × D = 1280, 3 classes, 7 sources each: the shape bench:teach trains on. */
export function syntheticDataset(): TeachDataset {
  const rng = new SeedStream(12345);
  const T = 16;
  const D = 1280;
  const labels = ['a', 'b', 'c'];
  const centres = labels.map(() => Float32Array.from({ length: D }, () => rng.next()));
  const clips = Array.from({ length: 30 }, (_, i) => {
    const label = i % 3;
    return {
      label,
      source: `${labels[label]}/g${Math.floor(i / 3) % 7}`,
      views: Array.from({ length: 3 }, () => Float32Array.from({ length: T * D }, (_, k) => Math.max(0, centres[label]![k % D]! + rng.next() - 0.6))),
    };
  });
  return { labels, frames: T, featureDim: D, clips };
}

const median = (xs: number[]): number => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Runs the interleaved timings on the backend already set; returns the lines to print. */
export async function profileSteps(variants: Variant[], o: ProfileOptions): Promise<string[]> {
  const copyingIdentity = tf.getKernel('Identity', 'wasm');
  const identity = (shared: boolean): void => {
    if (!copyingIdentity) return;
    if (shared) shareWasmIdentity();
    else {
      tf.unregisterKernel('Identity', 'wasm');
      tf.registerKernel(copyingIdentity);
    }
  };
  const data = syntheticDataset();
  const steps = o.epochs * Math.ceil(data.clips.reduce((n, c) => n + c.views.length, 0) / 16);
  const lines = [`backend ${tf.getBackend()}, ${data.clips.length} clips × 3 views, T = ${data.frames}, D = ${data.featureDim}; ${o.epochs} epochs = ${steps} steps a training${o.noNoise ? '; NO NOISE' : ''}`];
  for (const kind of ['ssm', 'linear'] as const) {
    const options = recipeFor(kind, data, 7, o.epochs);
    if (o.noNoise) {
      const c = { ...options.config, featureDropout: 0, featureNoise: 0 } as typeof options.config;
      if (c.kind === 'ssm') c.dropout = 0;
      options.config = c;
    }
    const times = new Map<string, number[]>(variants.map((v) => [v.name, []]));
    const losses = new Map<string, number>();
    // One warm-up training of each variant, then the timed rounds, interleaved.
    for (let round = -1; round < o.rounds; round++) {
      for (const v of variants) {
        identity(v.sharedIdentity);
        const t0 = performance.now();
        const trained = await v.module.trainHead(data, options);
        const ms = performance.now() - t0;
        losses.set(v.name, trained.history.at(-1)!.loss);
        disposeHead(trained.model);
        if (round >= 0) times.get(v.name)!.push(ms / steps);
      }
    }
    for (const [name, ms] of times) {
      lines.push(`${kind.padEnd(6)} ${name.padEnd(16)} median ${median(ms).toFixed(2)} ms/step  (runs: ${ms.map((m) => m.toFixed(1)).join(', ')}; final loss ${losses.get(name)!.toFixed(6)})`);
    }
  }
  lines.push(`tensors left: ${tf.memory().numTensors}`);
  return lines;
}
