// npx tsx scripts/profile-teach-train.ts [--epochs 4] [--rounds 3] [--against REV] [--no-noise] [--backend cpu]
//
// Milliseconds per optimiser step of trainHead on tfjs's WASM backend in Node (single-threaded, as the
// teach worker), for the SSM head and the linear probe, on synthetic features of bench:teach's shape:
// 30 clips × 3 views × T = 16 × D = 1280, 3 classes, options from recipeFor (batch 16, so 6 steps an
// epoch). With --against REV the src/teach of that git revision is copied under .cache/ and timed
// interleaved with the working tree's (A, B, A, B…) so that load on the machine cancels; medians. Each
// runs with Identity's data shared or copied as its revision's teach worker did (src/teach/wasmKernels.ts).
// --no-noise sets every dropout/noise rate to 0 (not the recipe: to see what the noise costs).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { TeachDataset } from '../src/teach/dataset';
import { disposeHead, SeedStream } from '../src/teach/headModel';
import * as current from '../src/teach/train';
import { recipeFor } from '../src/teach/recipe';
import { shareWasmIdentity } from '../src/teach/wasmKernels';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1]! : fallback;
};
const epochs = Number(arg('--epochs', '4'));
const rounds = Number(arg('--rounds', '3'));
const against = argv.includes('--against') ? arg('--against', 'HEAD') : null;
const noNoise = argv.includes('--no-noise');
const backend = arg('--backend', 'wasm');

const ROOT = resolve(import.meta.dirname, '..');

type TrainModule = typeof current;

/** src/teach of `rev` under .cache/ab-teach/<rev>/teach, its '../' imports pointed at the working tree's src/. */
async function snapshot(rev: string): Promise<[TrainModule, boolean]> {
  const dir = join(ROOT, '.cache', 'ab-teach', rev.replace(/[^\w.-]/g, '_'), 'teach');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = execFileSync('git', ['ls-tree', '--name-only', `${rev}:src/teach`], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((f) => f.endsWith('.ts'));
  const src = relative(dir, join(ROOT, 'src')).split('\\').join('/');
  for (const f of files) {
    const text = execFileSync('git', ['show', `${rev}:src/teach/${f}`], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
    writeFileSync(join(dir, f), text.replace(/from '\.\.\//g, `from '${src}/`));
  }
  // Whether that revision's teach worker shared Identity's data (src/teach/wasmKernels.ts).
  return [(await import(join(dir, 'train.ts'))) as TrainModule, files.includes('wasmKernels.ts')];
}

function syntheticDataset(): TeachDataset {
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

tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
if (!(await tf.setBackend(backend))) throw new Error(`the ${backend} backend did not start`);
await tf.ready();

const copyingIdentity = tf.getKernel('Identity', 'wasm')!;
const useCopyingIdentity = (): void => {
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel(copyingIdentity);
};

const data = syntheticDataset();
const variants: [string, TrainModule, boolean][] = [['new', current, true]];
if (against) variants.unshift([`old (${against})`, ...(await snapshot(against))]);

const steps = epochs * Math.ceil(data.clips.reduce((n, c) => n + c.views.length, 0) / 16);
console.log(`backend ${tf.getBackend()}, ${data.clips.length} clips × 3 views, T = ${data.frames}, D = ${data.featureDim}; ${epochs} epochs = ${steps} steps a training${noNoise ? '; NO NOISE' : ''}`);
for (const kind of ['ssm', 'linear'] as const) {
  const options = recipeFor(kind, data, 7, epochs);
  if (noNoise) {
    const c = { ...options.config, featureDropout: 0, featureNoise: 0 } as typeof options.config;
    if (c.kind === 'ssm') c.dropout = 0;
    options.config = c;
  }
  const times = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  const losses = new Map<string, number>();
  // One warm-up training of each variant, then the timed rounds, interleaved.
  for (let round = -1; round < rounds; round++) {
    for (const [name, mod, sharedIdentity] of variants) {
      // As the teach worker of each revision: Identity's data shared (wasmKernels.ts) or copied.
      if (sharedIdentity) shareWasmIdentity();
      else useCopyingIdentity();
      const t0 = performance.now();
      const trained = await mod.trainHead(data, options);
      const ms = performance.now() - t0;
      losses.set(name, trained.history.at(-1)!.loss);
      disposeHead(trained.model);
      if (round >= 0) times.get(name)!.push(ms / steps);
    }
  }
  for (const [name, ms] of times) {
    console.log(`${kind.padEnd(6)} ${name.padEnd(16)} median ${median(ms).toFixed(2)} ms/step  (runs: ${ms.map((m) => m.toFixed(1)).join(', ')}; final loss ${losses.get(name)!.toFixed(6)})`);
  }
}
console.log(`tensors left: ${tf.memory().numTensors}`);
