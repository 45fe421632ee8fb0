// Real MobileNetV2 features for the Teach tests: tests/fixtures/teach-features.json (18 UCF101 clips of
// 3 classes from 3 groups each, T = 8, two views) to train on, and the real T = 16 clip of
// tests/fixtures/heads-parity.json for parity at the app's frame count.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { decodeTensor, type EncodedTensor, type ParityFixture } from '../../training/heads/parity';
import type { TeachDataset } from '../../src/teach/dataset';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface TeachFixture {
  frames: number;
  featureDim: number;
  views: number;
  labels: string[];
  clips: { className: string; group: string; clip: string; features: EncodedTensor }[];
}

export function realDataset(): TeachDataset {
  const fx = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/teach-features.json'), 'utf8')) as TeachFixture;
  const size = fx.frames * fx.featureDim;
  return {
    labels: fx.labels,
    frames: fx.frames,
    featureDim: fx.featureDim,
    clips: fx.clips.map((c) => {
      const all = decodeTensor(c.features);
      return {
        views: Array.from({ length: fx.views }, (_, v) => all.slice(v * size, (v + 1) * size)),
        label: fx.labels.indexOf(c.className),
        source: `${c.className}/${c.group}`,
      };
    }),
  };
}

/** The real held-out clip of the shipped heads' parity fixture: [16 × 1280]. */
export function realParityClip(): { features: Float32Array; frames: number; featureDim: number } {
  const fx = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/heads-parity.json'), 'utf8')) as ParityFixture;
  const key = Object.keys(fx.inputs).find((k) => k.startsWith('real:'))!;
  return { features: decodeTensor(fx.inputs[key]!), frames: fx.frames, featureDim: fx.featureDim };
}

export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

export const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  if (a.length !== b.length) throw new RangeError(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};
