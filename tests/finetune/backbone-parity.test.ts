// torchvision's MobileNetV2 (training/finetune/mobilenet.py, which fine-tunes the backbone's last blocks)
// computes what the shipped ONNX backbones compute, on real frames. Golden fixture written by
// `/usr/bin/python3 training/finetune/finetune.py parity`; no Python needed here.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { framesToBatch } from '../../src/pipeline/preprocess';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface ModelExpectation {
  onnx: string;
  features: string;
  logits?: string;
  top1?: number[];
}

interface BackboneFixture {
  size: number;
  normalization: { scale: number; mean: [number, number, number]; std: [number, number, number] };
  tolerance: number;
  frames: { clip: string; second: number }[];
  rgb: string;
  models: Record<string, ModelExpectation>;
}

const fixture = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/finetune-parity.json'), 'utf8')) as BackboneFixture;
const f32 = (b64: string): Float32Array => {
  const bytes = Buffer.from(b64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};
const maxAbsDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
const argmaxRows = (x: Float32Array, cols: number): number[] =>
  Array.from({ length: x.length / cols }, (_, r) => {
    const row = x.subarray(r * cols, (r + 1) * cols);
    return row.indexOf(Math.max(...row));
  });

describe('fine-tuning backbone parity (torchvision vs ONNX, real frames)', () => {
  const rgb = new Uint8Array(Buffer.from(fixture.rgb, 'base64'));
  const per = fixture.size * fixture.size * 3;
  const frames = fixture.frames.map((_, i) => rgb.subarray(i * per, (i + 1) * per));
  const batch = framesToBatch(frames, { size: fixture.size, normalization: fixture.normalization });

  it('holds real frames and the ImageNet weights', () => {
    expect(frames.length).toBeGreaterThanOrEqual(2);
    expect(new Set(rgb).size).toBeGreaterThan(100); // decoded pictures, not a blank buffer
    expect(fixture.models.imagenet).toBeDefined();
  });

  it.each(Object.entries(fixture.models))('%s: features within tolerance, same top-1', async (_, model) => {
    const path = join(ROOT, model.onnx);
    expect(existsSync(path)).toBe(true);
    const session = await ort.InferenceSession.create(path);
    const input = new ort.Tensor('float32', batch, [frames.length, 3, fixture.size, fixture.size]);
    const out = await session.run({ [session.inputNames[0]!]: input });
    const features = out.features!.data as Float32Array;
    expect(maxAbsDiff(features, f32(model.features))).toBeLessThanOrEqual(fixture.tolerance);
    if (model.logits) {
      const logits = out.logits!.data as Float32Array;
      expect(maxAbsDiff(logits, f32(model.logits))).toBeLessThanOrEqual(fixture.tolerance * 10);
      expect(argmaxRows(logits, 1000)).toEqual(model.top1);
    }
  });
});
