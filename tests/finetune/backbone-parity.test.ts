// torchvision's MobileNetV2 with the shipped ImageNet weights (training/finetune/mobilenet.py, used to
// fine-tune the backbone's last blocks) computes what the shipped fp32 ONNX backbone computes, on real
// frames. Golden fixture written by `/usr/bin/python3 training/finetune/finetune.py parity`; no Python here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { framesToBatch } from '../../src/pipeline/preprocess';
import { ROOT, argmax, maxAbsDiff, row, session } from '../backbones/fixtures';

interface TorchFixture {
  onnx: string;
  size: number;
  normalization: { scale: number; mean: [number, number, number]; std: [number, number, number] };
  tolerance: number;
  frames: { clip: string; second: number }[];
  rgb: string;
  features: string;
  logits: string;
  top1: number[];
}

const fixture = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/finetune-parity.json'), 'utf8')) as TorchFixture;
const f32 = (b64: string): Float32Array => {
  const bytes = Buffer.from(b64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};

describe('fine-tuning backbone parity (torchvision vs ONNX, real frames)', () => {
  const rgb = new Uint8Array(Buffer.from(fixture.rgb, 'base64'));
  const per = fixture.size * fixture.size * 3;
  const frames = fixture.frames.map((_, i) => rgb.subarray(i * per, (i + 1) * per));

  it('holds real decoded frames', () => {
    expect(frames.length).toBeGreaterThanOrEqual(2);
    expect(new Set(rgb).size).toBeGreaterThan(100); // pictures, not a blank buffer
  });

  it('features and logits within tolerance, same ImageNet top-1', async () => {
    const backbone = await session(join(ROOT, fixture.onnx));
    const batch = framesToBatch(frames, { size: fixture.size, normalization: fixture.normalization });
    const input = new ort.Tensor('float32', batch, [frames.length, 3, fixture.size, fixture.size]);
    const out = await backbone.run({ [backbone.inputNames[0]!]: input });
    const logits = out.logits!.data as Float32Array;
    expect(maxAbsDiff(out.features!.data as Float32Array, f32(fixture.features))).toBeLessThanOrEqual(fixture.tolerance);
    expect(maxAbsDiff(logits, f32(fixture.logits))).toBeLessThanOrEqual(fixture.tolerance * 10);
    expect(frames.map((_, i) => argmax(row(logits, 1000, i)))).toEqual(fixture.top1);
  });
});
