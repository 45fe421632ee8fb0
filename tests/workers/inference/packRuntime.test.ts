// The inference worker's pack runtime on the shipped ucf101-6 pack and real features, with
// onnxruntime-node standing in for onnxruntime-web (same graphs, same API): the temporal heads
// at their calibrated temperature, the out-of-scope score on what the manifest says it takes,
// the streaming step sessions, and clear errors for inputs of the wrong size.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePackManifest, temporalHeads } from '../../../src/pipeline/manifest';
import { meanRows, softmaxRows, temperatureOf } from '../../../src/pipeline/postprocess';
import { PackRuntime } from '../../../workers/inference/packRuntime';
import { decodeTensor, type ParityFixture } from '../../../training/heads/parity';
import { diskFileReader, nodeRuntime } from '../../../scripts/lib/nativePipeline';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PACK_DIR = join(ROOT, 'public/models/ucf101-6');
const MODELS_URL = 'http://app/models/';
const MANIFEST_URL = `${MODELS_URL}ucf101-6/manifest.json`;
const manifest = parsePackManifest(JSON.parse(readFileSync(join(PACK_DIR, 'manifest.json'), 'utf8')), MANIFEST_URL);
const fixture = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/heads-parity.json'), 'utf8')) as ParityFixture;
const realKey = Object.keys(fixture.inputs).find((k) => k.startsWith('real:'))!;
const features = decodeTensor(fixture.inputs[realKey]!);
const T = fixture.frames;
const D = manifest.backbone.featureDim;
const C = manifest.labels.length;

const direct = async (file: string, feeds: Record<string, ort.Tensor>, output: string) =>
  (await (await ort.InferenceSession.create(readFileSync(join(PACK_DIR, file)))).run(feeds))[output]!.data as Float32Array;
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (x, i) => Math.abs(x - b[i]!)));

let pack: PackRuntime;
beforeAll(async () => {
  pack = (await PackRuntime.open({ manifest, source: { kind: 'served', manifestUrl: MANIFEST_URL } }, nodeRuntime(1), {}, { read: diskFileReader(PACK_DIR) })).pack;
});

describe('PackRuntime', () => {
  it('gives every temporal head’s probabilities after each frame, at the head’s calibrated temperature', async () => {
    const result = await pack.heads(T, features.slice().buffer);
    expect(result.heads.map((h) => h.headId)).toEqual(temporalHeads(manifest).map((h) => h.id));
    for (const head of temporalHeads(manifest)) {
      const out = result.heads.find((h) => h.headId === head.id)!;
      const logits = await direct(head.sequence.file, { [head.sequence.input]: new ort.Tensor('float32', features.slice(), [1, T, D]) }, head.sequence.output);
      const expected = softmaxRows(logits, C, temperatureOf(head)).flatMap((row) => Array.from(row));
      expect(maxDiff(new Float32Array(out.probabilities), expected)).toBeLessThan(1e-6);
      expect(temperatureOf(head)).not.toBe(1); // the shipped heads are calibrated
    }
  });

  it('scores "none of these" on the input the manifest names (the frames, or their mean)', async () => {
    const spec = manifest.ood!;
    const { ood } = await pack.heads(T, features.slice().buffer);
    const feed =
      spec.inputKind === 'frames'
        ? new ort.Tensor('float32', features.slice(), [1, T, D])
        : new ort.Tensor('float32', meanRows(Array.from({ length: T }, (_, t) => features.subarray(t * D, (t + 1) * D))), [1, D]);
    const [expected] = await direct(spec.file, { [spec.input]: feed }, spec.output);
    expect(ood!.score).toBeCloseTo(expected!, 5);
  });

  it('streams a step session frame by frame to the sequence graph’s answers, and starts over after a reset', async () => {
    const { heads } = await pack.heads(T, features.slice().buffer);
    for (const head of temporalHeads(manifest)) {
      const sequence = new Float32Array(heads.find((h) => h.headId === head.id)!.probabilities);
      const step = await pack.openStep(head.id);
      for (let t = 0; t < T; t++) {
        const r = await pack.step(step, features.slice(t * D, (t + 1) * D).buffer);
        expect(r.step).toBe(t + 1);
        expect(maxDiff(new Float32Array(r.probabilities), sequence.subarray(t * C, (t + 1) * C))).toBeLessThan(1e-4);
      }
      pack.resetStep(step);
      const first = await pack.step(step, features.slice(0, D).buffer);
      expect(first.step).toBe(1);
      expect(maxDiff(new Float32Array(first.probabilities), sequence.subarray(0, C))).toBeLessThan(1e-4);
    }
  });

  it('turns one RGB frame into the backbone’s D features', async () => {
    const size = manifest.input.size;
    const rgb = new Uint8Array(size * size * 3).map((_, i) => (i * 7) % 256);
    const result = await pack.frame(3, rgb.buffer);
    expect(result.index).toBe(3);
    expect(new Float32Array(result.features)).toHaveLength(D);
  });

  it('runs frames at the live size real time asks for, refuses any other size, and a frame must match the size it is sent at', async () => {
    const live = manifest.input.liveSize!;
    expect(live).toBeLessThan(manifest.input.size);
    const rgb = new Uint8Array(live * live * 3).map((_, i) => (i * 7) % 256);
    const result = await pack.frame(0, rgb.slice().buffer, live);
    expect(new Float32Array(result.features)).toHaveLength(D);
    await expect(pack.frame(0, new Uint8Array(100 * 100 * 3).buffer, 100)).rejects.toMatchObject({ code: 'InferenceFailed', message: expect.stringContaining('not 100') });
    await expect(pack.frame(0, rgb.slice().buffer)).rejects.toThrow(/for a 224×224 RGB24 frame/); // a live-size frame sent as full size
  });

  it('gives a batch of frames the same features as the frames one by one, in order', async () => {
    const size = manifest.input.size;
    const frame = (seed: number) => new Uint8Array(size * size * 3).map((_, i) => (i * seed + seed * 31) % 256);
    const alone = await Promise.all([1, 2, 3].map(async (seed) => new Float32Array((await pack.frame(seed, frame(seed).buffer)).features)));
    const together = await pack.frames([1, 2, 3], [1, 2, 3].map((seed) => frame(seed).buffer));
    expect(together.map((r) => [r.index, r.batch])).toEqual([[1, 3], [2, 3], [3, 3]]);
    together.forEach((r, k) => expect(maxDiff(new Float32Array(r.features), alone[k]!)).toBeLessThan(1e-4));
    expect(maxDiff(alone[0]!, alone[1]!)).toBeGreaterThan(1e-3);
  });

  it('refuses inputs of the wrong size with InferenceFailed, naming what it expected', async () => {
    await expect(pack.heads(T, new Float32Array(5).buffer)).rejects.toMatchObject({ code: 'InferenceFailed', message: `expected ${T}×${D} features, got 5` });
    const step = await pack.openStep(temporalHeads(manifest)[0]!.id);
    await expect(pack.step(step, new Float32Array(3).buffer)).rejects.toMatchObject({ code: 'InferenceFailed' });
    await expect(pack.openStep('no-such-head')).rejects.toMatchObject({ code: 'InferenceFailed' });
  });
});
