// npx tsx scripts/study-ort-options.ts [-- --batch 16 --rounds 8]
//
// Which onnxruntime-web session options make the backbone faster on the WASM backend? Runs the
// pack's backbone with onnxruntime-web's own WASM build (the same .wasm the app's inference worker
// loads, here in Node: same V8, same kernels, 1 thread as the app uses on 2 cores) under each
// setting, against onnxruntime-node on the same graph and input, interleaved round by round so
// drift hits every setting alike. Prints one JSON row per setting (median ms per frame over the
// rounds and its ratio to node) and writes them to .cache/bench/ort-options.json. Run it on an
// otherwise idle machine.
//
// Two more rows answer "is another WASM runtime faster?": TensorFlow.js's WASM backend (XNNPACK)
// on nsfwjs's MobileNetV2 (the same architecture, as TF.js ships it), against onnxruntime-web on
// this repo's ONNX conversion of that very model (the moderation backbone).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { load as loadNsfwjs } from 'nsfwjs';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web/wasm';
import { parsePackManifest, resolvePackPath } from '../src/pipeline/manifest';
import { quantile } from '../src/pipeline/metrics';
import { framesToBatch } from '../src/pipeline/preprocess';
import { parseCli } from './lib/cli';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { batch: BATCH, rounds: ROUNDS, pack: PACK } = parseCli(
  'study-ort-options',
  'npx tsx scripts/study-ort-options.ts [-- --batch 16 --rounds 8 --pack ucf101-6]',
  {
    batch: { kind: 'positive-int', default: 16 },
    rounds: { kind: 'positive-int', default: 8 },
    pack: { kind: 'string', default: 'ucf101-6' },
  },
);

const manifestPath = join(ROOT, 'public/models', PACK, 'manifest.json');
const manifest = parsePackManifest(JSON.parse(readFileSync(manifestPath, 'utf8')), manifestPath);
const { size } = manifest.input;
const { inputName, featuresOutput } = manifest.backbone;
const variantFile = (precision: string) => {
  const variant = manifest.backbone.variants.find((v) => v.precision === precision);
  return variant ? resolvePackPath(manifestPath, variant.file) : null;
};
const fp32Path = variantFile('fp32')!;
// fp16 is stored beside fp32 in the backbone's folder, though the pack lists only fp32 for WASM.
const fp16Path = variantFile('fp16') ?? fp32Path.replace(/fp32\.onnx$/, 'fp16.onnx');
const nsfwjsOnnxPath = join(ROOT, 'public/models/backbones/nsfwjs-mobilenetv2/model.onnx');

type WebOptions = ortWeb.InferenceSession.SessionOptions;
interface Setting {
  name: string;
  file: string;
  options: WebOptions;
}
const fixedShape = { freeDimensionOverrides: { N: BATCH, H: size, W: size } };
const SETTINGS: Setting[] = [
  { name: 'fp32, optimization all (the app)', file: fp32Path, options: { graphOptimizationLevel: 'all' } },
  { name: 'fp32, all, fixed shape', file: fp32Path, options: { graphOptimizationLevel: 'all', ...fixedShape } },
  { name: 'fp32, extended', file: fp32Path, options: { graphOptimizationLevel: 'extended' } },
  { name: 'fp32, basic', file: fp32Path, options: { graphOptimizationLevel: 'basic' } },
  { name: 'fp32, disabled', file: fp32Path, options: { graphOptimizationLevel: 'disabled' } },
  { name: 'fp32, all, no memory pattern', file: fp32Path, options: { graphOptimizationLevel: 'all', enableMemPattern: false } },
  { name: 'fp16 weights, all', file: fp16Path, options: { graphOptimizationLevel: 'all' } },
];

async function main(): Promise<void> {
  ortWeb.env.wasm.numThreads = 1;
  const frame = new Uint8Array(size * size * 3).map((_, i) => (i * 37) % 251);
  const data = framesToBatch(Array.from({ length: BATCH }, () => frame), manifest.input);
  const dims = [BATCH, 3, size, size];

  const native = await ortNode.InferenceSession.create(readFileSync(fp32Path), {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  const nativeInput = new ortNode.Tensor('float32', data, dims);
  const runNative = () => native.run({ [inputName]: nativeInput }, [featuresOutput]);

  const webInput = new ortWeb.Tensor('float32', data, dims);
  const reference = (await runNative())[featuresOutput]!.data as Float32Array;
  const web: { setting: Setting; session: ortWeb.InferenceSession; maxAbsDiff: number }[] = [];
  for (const setting of SETTINGS) {
    const session = await ortWeb.InferenceSession.create(readFileSync(setting.file), { executionProviders: ['wasm'], ...setting.options });
    const features = (await session.run({ [inputName]: webInput }, [featuresOutput]))[featuresOutput]!.data as Float32Array;
    let maxAbsDiff = 0;
    for (let i = 0; i < features.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(features[i]! - reference[i]!));
    web.push({ setting, session, maxAbsDiff });
  }

  // The nsfwjs pair: TF.js takes NHWC, the ONNX conversion NCHW; both get the same picture in [0, 1].
  await tf.setBackend('wasm');
  const nsfwjs = (await loadNsfwjs('MobileNetV2', { size: 224 })) as unknown as { model: tf.LayersModel };
  const tfInput = tf.tensor4d(Float32Array.from({ length: BATCH * 224 * 224 * 3 }, (_, i) => ((i * 37) % 251) / 255), [BATCH, 224, 224, 3]);
  const runTfjs = async () => {
    const output = nsfwjs.model.predict(tfInput) as tf.Tensor;
    await output.data();
    output.dispose();
  };
  const nsfwjsOnnx = await ortWeb.InferenceSession.create(readFileSync(nsfwjsOnnxPath), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  const nsfwjsInput = new ortWeb.Tensor('float32', new Float32Array(BATCH * 3 * 224 * 224).map((_, i) => ((i * 37) % 251) / 255), [BATCH, 3, 224, 224]);
  const runNsfwjsOnnx = () => nsfwjsOnnx.run({ [nsfwjsOnnx.inputNames[0]!]: nsfwjsInput });
  await runTfjs();
  await runNsfwjsOnnx();
  const TFJS = `tfjs-backend-wasm (XNNPACK, SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT')}), nsfwjs MobileNetV2`;
  const NSFWJS_ONNX = 'onnxruntime-web, nsfwjs MobileNetV2 (its ONNX conversion)';

  const timings = new Map<string, number[]>([['node', []], [TFJS, []], [NSFWJS_ONNX, []], ...SETTINGS.map((s) => [s.name, []] as [string, number[]])]);
  const time = async (name: string, run: () => Promise<unknown>) => {
    const t0 = performance.now();
    await run();
    timings.get(name)!.push((performance.now() - t0) / BATCH);
  };
  await runNative(); // every web session already ran once above
  for (let round = 0; round < ROUNDS; round++) {
    await time('node', runNative);
    for (const { setting, session } of web) await time(setting.name, () => session.run({ [inputName]: webInput }, [featuresOutput]));
    await time(TFJS, runTfjs);
    await time(NSFWJS_ONNX, runNsfwjsOnnx);
  }

  const nodeMs = quantile(timings.get('node')!, 0.5);
  const rows = [
    { setting: 'onnxruntime-node, fp32, all', msPerFrame: round2(nodeMs), ratioToNode: 1, maxAbsDiff: 0 },
    ...web.map(({ setting, maxAbsDiff }) => {
      const ms = quantile(timings.get(setting.name)!, 0.5);
      return { setting: setting.name, msPerFrame: round2(ms), ratioToNode: round2(ms / nodeMs), maxAbsDiff: Number(maxAbsDiff.toExponential(2)) };
    }),
    ...[TFJS, NSFWJS_ONNX].map((name) => {
      const ms = quantile(timings.get(name)!, 0.5);
      return { setting: name, msPerFrame: round2(ms), ratioToNode: round2(ms / nodeMs) };
    }),
  ];
  for (const row of rows) console.log(JSON.stringify({ batch: BATCH, rounds: ROUNDS, threads: 1, ...row }));
  const out = join(ROOT, '.cache/bench/ort-options.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ batch: BATCH, rounds: ROUNDS, threads: 1, rows }, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

await main();
