// Would a smaller input size serve real time? Compares a pack's answers on backbone features taken at
// other input sizes with its answers at the size it was trained on, clip by clip, through the app's own
// pack runtime (heads, out-of-scope detector, calibration) on onnxruntime-node.
//
//   npx tsx scripts/extract-features.ts --views 1 --size 224 --backbone DYN/fp32.onnx --out /tmp/feat-224
//   npx tsx scripts/extract-features.ts --views 1 --size 192 --backbone DYN/fp32.onnx --out /tmp/feat-192
//   npx tsx scripts/study-live-size.ts --pack ucf101-6 --ref /tmp/feat-224 --at /tmp/feat-192 [--at …]
//
// DYN/fp32.onnx is the shipped backbone with its input's H and W made symbolic (the graph has no fixed
// spatial shape past its input: GlobalAveragePool, Flatten). Prints per size: the agreement of the final
// decision (class or "none of these") and of the head's answer after every frame (what real time shows),
// feature cosine to the reference, accuracy on in-scope clips, false "none" and the catch rate on the
// other actions; "class acc" is the head's class after the last frame, without the detector (real time
// shows that: it runs no detector). The shipped heads were trained on every group here, so accuracies are optimistic;
// agreement with the reference is the figure that matters. The last stdout line is JSON.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parsePackManifest } from '../src/pipeline/manifest';
import { cosine, quantile } from '../src/pipeline/metrics';
import { decideClip, NONE_OF_THESE } from '../src/pipeline/postprocess';
import { PackRuntime } from '../workers/inference/packRuntime';
import { parseCli } from './lib/cli';
import { diskFileReader, nodeRuntime } from './lib/nativePipeline';

interface IndexEntry {
  key: string;
  className: string;
  source: string;
}

interface FeatureSet {
  dir: string;
  size: number;
  clips: Map<string, IndexEntry>;
}

function fail(message: string): never {
  console.error(`study-live-size: ${message}`);
  process.exit(2);
}

function parseArgs() {
  const usage = '--ref DIR --at DIR [--at DIR …] [--pack ID]';
  const { ref, at, pack } = parseCli('study-live-size', `npx tsx scripts/study-live-size.ts ${usage}`, {
    ref: { kind: 'string' },
    at: { kind: 'list' },
    pack: { kind: 'string', default: 'ucf101-6' },
  });
  if (!ref || at.length === 0) fail(`usage: ${usage}`);
  return { ref: resolve(ref), at: at.map((d) => resolve(d)), pack };
}

function readSet(dir: string): FeatureSet {
  const indexPath = join(dir, 'index.json');
  if (!existsSync(indexPath)) fail(`${indexPath} is missing (run scripts/extract-features.ts first)`);
  const index = JSON.parse(readFileSync(indexPath, 'utf8')) as { input: { size: number }; clips: IndexEntry[] };
  return { dir, size: index.input.size, clips: new Map(index.clips.map((c) => [c.key, c])) };
}

function features(set: FeatureSet, key: string): Float32Array {
  const bytes = readFileSync(join(set.dir, 'clips', `${key}.f32`));
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

interface Answer {
  label: string;
  /** The default head's top class after each frame. */
  steps: number[];
}

async function main(): Promise<void> {
  const opts = parseArgs();
  const root = resolve(import.meta.dirname, '..');
  const modelsDir = join(root, 'public/models');
  const manifest = parsePackManifest(JSON.parse(readFileSync(join(modelsDir, opts.pack, 'manifest.json'), 'utf8')));
  const source = { kind: 'served' as const, manifestUrl: `native://models/${opts.pack}/manifest.json` };
  const { pack } = await PackRuntime.open({ manifest, source }, nodeRuntime(1), {}, { read: diskFileReader(join(modelsDir, opts.pack)) });
  const T = manifest.input.frames;
  const D = manifest.backbone.featureDim;
  const C = manifest.labels.length;

  const answer = async (f: Float32Array): Promise<Answer> => {
    const result = await pack.heads(T, f.slice(0, T * D).buffer);
    const head = result.heads.find((h) => h.headId === manifest.defaultHead)!;
    const rows = new Float32Array(head.probabilities);
    const steps = Array.from({ length: T }, (_, t) => {
      const row = rows.subarray(t * C, (t + 1) * C);
      return row.indexOf(Math.max(...row));
    });
    const ood = result.ood && manifest.ood ? { score: result.ood.score, threshold: manifest.ood.threshold } : undefined;
    return { label: decideClip(rows.subarray((T - 1) * C), manifest.labels, ood).label, steps };
  };

  const ref = readSet(opts.ref);
  const sets = opts.at.map(readSet);
  const keys = [...ref.clips.keys()].filter((k) => sets.every((s) => s.clips.has(k)));
  const inScope = (key: string) => manifest.labels.includes(ref.clips.get(key)!.className);
  const refAnswers = new Map<string, Answer>();
  for (const key of keys) refAnswers.set(key, await answer(features(ref, key)));

  const summarize = (size: number, answers: Map<string, Answer>, cosines: number[] | null) => {
    let same = 0;
    let stepSame = 0;
    let right = 0;
    let classRight = 0;
    let falseNone = 0;
    let caught = 0;
    const inKeys = keys.filter(inScope);
    const outKeys = keys.filter((k) => !inScope(k));
    for (const key of keys) {
      const a = answers.get(key)!;
      const r = refAnswers.get(key)!;
      if (a.label === r.label) same++;
      stepSame += a.steps.filter((s, t) => s === r.steps[t]).length;
      if (inScope(key)) {
        if (a.label === ref.clips.get(key)!.className) right++;
        if (manifest.labels[a.steps[T - 1]!] === ref.clips.get(key)!.className) classRight++;
        if (a.label === NONE_OF_THESE) falseNone++;
      } else if (a.label === NONE_OF_THESE) caught++;
    }
    return {
      size,
      clips: keys.length,
      decisionAgreement: same / keys.length,
      stepAgreement: stepSame / (keys.length * T),
      featureCosine: cosines ? { median: quantile(cosines, 0.5), p05: quantile(cosines, 0.05) } : null,
      inScope: { clips: inKeys.length, accuracy: right / inKeys.length, classAccuracy: classRight / inKeys.length, falseNone: falseNone / inKeys.length },
      outOfScope: { clips: outKeys.length, caught, catchRate: outKeys.length ? caught / outKeys.length : null },
    };
  };

  const rows = [summarize(ref.size, refAnswers, null)];
  for (const set of sets) {
    const answers = new Map<string, Answer>();
    const cosines: number[] = [];
    for (const key of keys) {
      const f = features(set, key);
      const r = features(ref, key);
      for (let t = 0; t < T; t++) cosines.push(cosine(f.subarray(t * D, (t + 1) * D), r.subarray(t * D, (t + 1) * D)));
      answers.set(key, await answer(f));
    }
    rows.push(summarize(set.size, answers, cosines));
  }
  const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)} %`);
  console.log(`pack ${opts.pack}, head ${manifest.defaultHead}, reference ${ref.size}×${ref.size}, ${keys.length} clips`);
  console.log('size  decision=ref  steps=ref  cosine p50 / p05   in-scope acc  class acc (no "none")  false none  caught (other)');
  for (const r of rows) {
    const cos = r.featureCosine ? `${r.featureCosine.median.toFixed(3)} / ${r.featureCosine.p05.toFixed(3)}` : '(reference)  ';
    console.log(
      `${String(r.size).padEnd(5)} ${pct(r.decisionAgreement).padStart(12)} ${pct(r.stepAgreement).padStart(10)}  ${cos.padEnd(17)} ${pct(r.inScope.accuracy).padStart(12)} ${pct(r.inScope.classAccuracy).padStart(22)} ${pct(r.inScope.falseNone).padStart(11)}  ${r.outOfScope.caught}/${r.outOfScope.clips}`,
    );
  }
  console.log(JSON.stringify({ pack: opts.pack, head: manifest.defaultHead, rows }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
