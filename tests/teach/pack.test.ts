// A taught pack end to end on real features: the out-of-scope graph against its JS reference, the
// manifest against the app's schema (hashes of the very bytes written), and the inference worker's
// PackRuntime opening the pack unchanged and giving the taught heads' answers.
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePackManifest } from '../../src/pipeline/manifest';
import { quantile } from '../../src/pipeline/metrics';
import { softmaxRows } from '../../src/pipeline/postprocess';
import { clipMean } from '../../src/teach/dataset';
import { headForward, sizeForData } from '../../src/teach/headModel';
import { fitOod, IN_SCOPE_QUANTILE, mahalanobisScore, OOD_INPUT, OOD_OUTPUT, type FittedOod } from '../../src/teach/ood';
import { exportPack, templateFrom, type TaughtHead, type TaughtPack } from '../../src/teach/pack';
import { crossValidate, trainHead, type TrainOptions } from '../../src/teach/train';
import { PackRuntime } from '../../workers/inference/packRuntime';
import { diskFileReader, nodeRuntime } from '../../scripts/lib/nativePipeline';
import { decodeTensor, type ParityFixture } from '../../training/heads/parity';
import { maxAbsDiff, realDataset, realParityClip, ROOT, useCpuBackend } from './fixtures';

const data = realDataset();
const parityClip = realParityClip();
const sizing = sizeForData(data.clips.length, data.labels.length, data.featureDim, 2);
const shipped = parsePackManifest(JSON.parse(readFileSync(join(ROOT, 'public/models/ucf101-6/manifest.json'), 'utf8')));
const meanOf = (x: Float32Array, T: number, D: number) => clipMean({ views: [x], label: 0, source: '' }, T, D);

let ood: FittedOod;
let pack: TaughtPack;
let heads: TaughtHead[];

beforeAll(async () => {
  await useCpuBackend();
  ood = fitOod(data);
  heads = [];
  for (const [id, config] of [['ssm', sizing.ssm], ['linear', sizing.linear]] as const) {
    const options: TrainOptions = { config, epochs: 4, batchSize: 8, learningRate: 3e-3, weightDecay: 0.05, labelSmoothing: 0, seed: 5 };
    heads.push({ id, title: id === 'ssm' ? 'Taught SSM' : 'Taught linear probe', trained: await trainHead(data, options), validation: await crossValidate(data, options) });
  }
  pack = await exportPack({
    id: 'taught-test',
    title: 'Taught (test)',
    description: 'Three UCF101 actions taught from 18 clips.',
    labels: data.labels,
    template: templateFrom(shipped),
    heads,
    defaultHead: 'ssm',
    ood,
  });
}, 60_000);

describe('out-of-scope detector', () => {
  it('the ONNX graph gives the JS score (relative 1e-4) on real clip means; the threshold comes from out-of-fold scores', async () => {
    const session = await ort.InferenceSession.create(ood.graph);
    const D = data.featureDim;
    const fixture = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/heads-parity.json'), 'utf8')) as ParityFixture;
    const noise = meanOf(decodeTensor(fixture.inputs.random!), 16, D);
    const inputs = [meanOf(parityClip.features, parityClip.frames, D), clipMean(data.clips[3]!, data.frames, D), noise];
    for (const x of inputs) {
      const out = await session.run({ [OOD_INPUT]: new ort.Tensor('float32', Float32Array.from(x), [1, D]) });
      const onnx = (out[OOD_OUTPUT]!.data as Float32Array)[0]!;
      const reference = mahalanobisScore(ood.detector, Float32Array.from(x));
      expect(Math.abs(onnx - reference) / reference).toBeLessThan(1e-4);
    }
    expect(ood.inScopeScores).toHaveLength(data.clips.length);
    // With n ≪ D the detector fits its own clips almost exactly (scores ~ 18 here) while clips of unseen
    // groups score in the thousands: why the threshold must come from out-of-fold scores.
    const inSample = data.clips.map((c) => mahalanobisScore(ood.detector, clipMean(c, data.frames, D)));
    expect(Math.max(...inSample)).toBeLessThan(Math.min(...ood.inScopeScores));
    expect(ood.threshold).toBeCloseTo(quantile(ood.inScopeScores, IN_SCOPE_QUANTILE), 6);
  });
});

describe('exportPack', () => {
  it('lists every graph with the sha256 and size of its bytes, and passes the app’s manifest schema', async () => {
    expect(() => parsePackManifest(JSON.parse(JSON.stringify(pack.manifest)))).not.toThrow();
    expect([...pack.files.keys()].sort()).toEqual(['linear.seq.onnx', 'linear.step.onnx', 'ood.onnx', 'ssm.seq.onnx', 'ssm.step.onnx']);
    for (const [path, bytes] of pack.files) {
      const ref = pack.manifest.files.find((f) => f.path === path)!;
      expect(ref.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(ref.bytes).toBe(bytes.byteLength);
    }
    const ssm = pack.manifest.heads.find((h) => h.id === 'ssm')!;
    expect(ssm).toMatchObject({ kind: 'ssm', hidden: sizing.ssm.width, layers: sizing.ssm.layers, parameters: heads[0]!.trained.parameters });
    expect(pack.manifest.ood).toMatchObject({ method: 'mahalanobis', inputKind: 'clip-mean', threshold: ood.threshold });
  });

  it('opens in the inference worker’s PackRuntime unchanged and gives the taught heads’ calibrated answers', async () => {
    const models = mkdtempSync(join(tmpdir(), 'teach-pack-'));
    symlinkSync(join(ROOT, 'public/models/backbones'), join(models, 'backbones'));
    mkdirSync(join(models, 'taught-test'));
    for (const [path, bytes] of pack.files) writeFileSync(join(models, 'taught-test', path), bytes);
    const source = { kind: 'served' as const, manifestUrl: 'http://app/models/taught-test/manifest.json' };
    const runtime = (await PackRuntime.open({ manifest: pack.manifest, source }, nodeRuntime(1), {}, { read: diskFileReader(join(models, 'taught-test')) })).pack;
    const { frames: T, featureDim: D, features } = parityClip;
    const result = await runtime.heads(T, features.slice().buffer);
    for (const head of heads) {
      const entry = pack.manifest.heads.find((h) => h.id === head.id)!;
      const logits = tf.tidy(() => headForward(head.trained.model, tf.tensor3d(features, [1, T, D])).dataSync() as Float32Array);
      const expected = softmaxRows(logits, data.labels.length, head.validation.calibration.temperature).flatMap((r) => Array.from(r));
      const got = new Float32Array(result.heads.find((h) => h.headId === entry.id)!.probabilities);
      expect(maxAbsDiff(got, expected)).toBeLessThan(1e-4);
    }
    expect(result.ood!.score).toBeCloseTo(mahalanobisScore(ood.detector, Float32Array.from(meanOf(features, T, D))), -1);
  });
});
