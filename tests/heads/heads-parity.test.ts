// The shipped head graphs reproduce PyTorch (golden fixture written by training/heads/export.py),
// and the step graph run frame by frame reproduces the sequence graph. No Python needed.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { parsePackManifest, temporalHeads } from '../../src/pipeline/manifest';
import { checkHead, decodeTensor, type ParityFixture } from '../../training/heads/parity';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PACK_DIR = join(ROOT, 'public/models/ucf101-6');
const fixture = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/heads-parity.json'), 'utf8')) as ParityFixture;
const manifest = parsePackManifest(JSON.parse(readFileSync(join(PACK_DIR, 'manifest.json'), 'utf8')), 'ucf101-6/manifest.json');

describe('golden fixture', () => {
  it('is small and covers every temporal head of the ucf101-6 pack', () => {
    expect(readFileSync(join(ROOT, 'tests/fixtures/heads-parity.json')).length).toBeLessThan(200_000);
    expect(Object.keys(fixture.heads).sort()).toEqual(temporalHeads(manifest).map((h) => h.id).sort());
    expect(Object.keys(fixture.inputs).some((k) => k.startsWith('real:'))).toBe(true);
    for (const t of Object.values(fixture.inputs)) expect(decodeTensor(t).length).toBe(fixture.frames * fixture.featureDim);
  });
});

describe.each(temporalHeads(manifest).map((h) => [h.id, h] as const))('head %s', (id, head) => {
  it('ships the files and tensor names the fixture was made with', () => {
    const fx = fixture.heads[id]!;
    expect(existsSync(join(PACK_DIR, head.sequence.file))).toBe(true);
    expect(head.sequence.file).toBe(fx.sequence);
    expect(head.step.file).toBe(fx.step);
    expect(head.step.state).toEqual(fx.state);
  });

  it('matches PyTorch within the tolerance, and step ×T equals sequence', async () => {
    const parity = await checkHead(fixture, id, PACK_DIR);
    expect(parity.sequenceVsTorch).toBeLessThanOrEqual(fixture.tolerance);
    expect(parity.stepVsTorch).toBeLessThanOrEqual(fixture.tolerance);
    expect(parity.stepVsSequence).toBeLessThanOrEqual(fixture.tolerance);
  });

  it('is causal: logits at frame t do not change when later frames change', async () => {
    const T = fixture.frames;
    const D = fixture.featureDim;
    const x = decodeTensor(Object.values(fixture.inputs)[0]!);
    const y = x.slice();
    for (let i = (T / 2) * D; i < y.length; i++) y[i] = 0;
    const session = await ort.InferenceSession.create(join(PACK_DIR, head.sequence.file));
    const run = async (v: Float32Array): Promise<Float32Array> =>
      (await session.run({ [head.sequence.input]: new ort.Tensor('float32', v, [1, T, D]) }))[head.sequence.output]!.data as Float32Array;
    const [a, b] = [await run(x), await run(y)];
    const C = manifest.labels.length;
    const half = (T / 2) * C;
    expect(Math.max(...Array.from(a.slice(0, half), (v, i) => Math.abs(v - b[i]!)))).toBeLessThan(1e-5);
    expect(Math.max(...Array.from(a.slice(half), (v, i) => Math.abs(v - b[half + i]!)))).toBeGreaterThan(1e-3);
    await session.release();
  });

  it('runs with a shorter sequence (T is a dynamic axis)', async () => {
    const T = 8;
    const D = fixture.featureDim;
    const x = decodeTensor(Object.values(fixture.inputs)[0]!).slice(0, T * D);
    const session = await ort.InferenceSession.create(join(PACK_DIR, head.sequence.file));
    const out = (await session.run({ [head.sequence.input]: new ort.Tensor('float32', x, [1, T, D]) }))[head.sequence.output]!;
    expect(out.dims).toEqual([1, T, manifest.labels.length]);
    // Causality again: the first 8 frames of the 16-frame run are the 8-frame run.
    const full = fixture.heads[id]!.expected[Object.keys(fixture.inputs)[0]!]!.slice(0, T).flat();
    const got = out.data as Float32Array;
    expect(Math.max(...full.map((v, i) => Math.abs(v - got[i]!)))).toBeLessThanOrEqual(fixture.tolerance);
    await session.release();
  });
});

describe('ood.onnx', () => {
  it.runIf(manifest.ood)('maps the clip (mean features or frames, as inputKind says) to one score', async () => {
    const ood = manifest.ood!;
    const session = await ort.InferenceSession.create(join(PACK_DIR, ood.file));
    const D = fixture.featureDim;
    const T = fixture.frames;
    const x = decodeTensor(Object.values(fixture.inputs).find((_, i) => Object.keys(fixture.inputs)[i]!.startsWith('real:'))!);
    let input: ort.Tensor;
    if (ood.inputKind === 'frames') {
      input = new ort.Tensor('float32', x.slice(0, T * D), [1, T, D]);
    } else {
      const mean = new Float32Array(D);
      for (let t = 0; t < T; t++) for (let d = 0; d < D; d++) mean[d]! += x[t * D + d]! / T;
      input = new ort.Tensor('float32', mean, [1, D]);
    }
    const out = (await session.run({ [ood.input]: input }))[ood.output]!;
    expect(out.dims).toEqual([1]);
    // A real clip of one of the six classes is in scope.
    expect((out.data as Float32Array)[0]).toBeLessThan(ood.threshold);
    await session.release();
  });

  it.runIf(manifest.ood?.operatingCurve)('ships an operating curve that contains the default threshold', () => {
    const curve = manifest.ood!.operatingCurve!;
    expect(curve.length).toBeGreaterThanOrEqual(2);
    expect(curve.map((p) => p.threshold)).toContain(manifest.ood!.threshold);
    // Stricter (lower) thresholds never say "none" less often.
    for (let i = 1; i < curve.length; i++) expect(curve[i]!.falseNone).toBeLessThanOrEqual(curve[i - 1]!.falseNone);
  });
});
