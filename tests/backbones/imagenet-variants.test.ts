// Parity of the shipped ImageNet MobileNetV2 variants (public/models/backbones/mobilenetv2-imagenet)
// on real video frames, against each other and against the untouched ONNX Model Zoo file.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BACKBONES,
  ROOT,
  argmax,
  centreFrame,
  maxAbsDiff,
  pickClips,
  readBackbone,
  relativeL2,
  row,
  session,
  sha256,
  toInput,
  type BackboneInfo,
  type Frame,
} from './fixtures';
import { cosine } from '../../src/pipeline/metrics';

const ID = 'mobilenetv2-imagenet';
const ZOO = resolve(ROOT, '../shared/models/mobilenetv2-imagenet-int8/mobilenetv2-12-int8.onnx');
const N_FRAMES = 8;

// Ops the onnxruntime-web WebGPU EP runs; anything else in a float variant would fall back to CPU.
const WEBGPU_OPS = new Set(['Conv', 'Clip', 'Add', 'GlobalAveragePool', 'Gemm', 'MatMul', 'Reshape', 'Flatten', 'Cast']);
const QUANT_OPS = /^(QLinear.*|QuantizeLinear|DequantizeLinear)$/;

// int8 vs fp32 tolerance. The int8 graph requantises every activation to 8 bits after each of its
// 52 convs and 10 residual adds (steps of 0.005–0.024); that noise compounds through the depth, and
// how much depends on the CPU's int8 kernels in onnxruntime. Over 40 ucf101-6 centre-ish frames on an
// earlier machine the pooled features had cosine ≥ 0.940 and ‖Δ‖/‖f‖ ≤ 0.364. On an AVX2 machine
// without VNNI (AMD EPYC) the 8 frames here gave cosine 0.84–0.93 and ‖Δ‖/‖f‖ up to 0.556
// (docs/backbones.md). So the bounds are loose, and the structural check is
// that every int8 frame's features are nearer to its own frame's fp32 features than to any other
// frame's (other frames lie at cosine 0.43–0.82 here): a missing bias, a wrong clip or a transposed
// kernel makes the features of different frames alike and fails that.
const MIN_COSINE = 0.8;
const MAX_REL_L2 = 0.6;
// ImageNet top-1 is NOT asserted between int8 and fp32: the same noise flips the close calls that
// dominate on video frames (70% agreement over those 40 frames, 3/8 on the centre frames used here,
// one flip despite a 1.9-logit lead). It is logged below; see docs/backbones.md.

type Outputs = Record<string, ort.Tensor>;

describe('ImageNet MobileNetV2 variants', () => {
  let info: BackboneInfo;
  let frames: Frame[];
  const out: Record<string, Outputs> = {};

  beforeAll(async () => {
    if (!existsSync(ZOO)) throw new Error(`the ONNX Model Zoo source model is missing: ${ZOO}`);
    info = readBackbone(ID);
    frames = pickClips(N_FRAMES).map(centreFrame);
    const input = toInput(frames, info);
    for (const [name, v] of Object.entries(info.variants)) {
      const s = await session(join(BACKBONES, ID, v.file));
      out[name] = await s.run({ [info.input.name]: input });
    }
    const zoo = await session(ZOO);
    out.zoo = await zoo.run({ input });
  });

  it('backbone.json matches the files (hashes, sizes, names, labels)', async () => {
    expect(info.featureDim).toBe(1280);
    expect(info.labels).toHaveLength(1000);
    expect(info.labels[579]).toBe('grand piano');
    expect(Object.keys(info.variants).sort()).toEqual(['fp16', 'fp32', 'int8']);
    for (const v of Object.values(info.variants)) {
      const path = join(BACKBONES, ID, v.file);
      expect(sha256(path), v.file).toBe(v.sha256);
      const s = await session(path);
      expect(s.inputNames).toEqual([info.input.name]);
      expect(s.outputNames).toEqual(info.outputNames);
    }
  });

  it('float variants use only WebGPU ops; int8 counts its CPU-fallback nodes', () => {
    for (const name of ['fp32', 'fp16']) {
      const ops = Object.keys(info.variants[name]!.ops);
      expect(ops.filter((op) => !WEBGPU_OPS.has(op)), name).toEqual([]);
      expect(info.variants[name]!.webgpuFallbackNodes).toBe(0);
    }
    const int8 = info.variants.int8!;
    const quant = Object.entries(int8.ops).filter(([op]) => QUANT_OPS.test(op)).reduce((a, [, n]) => a + n, 0);
    expect(int8.webgpuFallbackNodes).toBe(quant);
    expect(quant).toBeGreaterThan(60);
  });

  it('int8 logits are bit-identical to the zoo model output', () => {
    expect(out.int8!.logits!.dims).toEqual([N_FRAMES, 1000]);
    expect(maxAbsDiff(out.int8!.logits!.data as Float32Array, out.zoo!.output!.data as Float32Array)).toBe(0);
  });

  it('every variant gives [N,1280] non-negative pooled features', () => {
    for (const name of Object.keys(info.variants)) {
      const f = out[name]!.features!;
      expect(f.dims).toEqual([N_FRAMES, 1280]);
      expect(Math.min(...(f.data as Float32Array))).toBeGreaterThanOrEqual(0); // after ReLU6 + mean
    }
  });

  it('fp16 weights change features by < 1% of their scale and never the top-1', () => {
    const a = out.fp32!;
    const b = out.fp16!;
    const fa = a.features!.data as Float32Array;
    const d = maxAbsDiff(fa, b.features!.data as Float32Array);
    const scale = Math.max(...fa);
    console.info(`fp32 vs fp16 features: max |Δ| = ${d.toExponential(3)} (max feature ${scale.toFixed(3)})`);
    expect(d).toBeLessThan(0.01 * scale);
    for (let i = 0; i < N_FRAMES; i++) {
      expect(argmax(row(b.logits!.data as Float32Array, 1000, i)), frames[i]!.name).toBe(
        argmax(row(a.logits!.data as Float32Array, 1000, i)),
      );
    }
  });

  it('int8 and fp32 features agree within int8 quantisation noise', () => {
    const fi = out.int8!.features!.data as Float32Array;
    const ff = out.fp32!.features!.data as Float32Array;
    const lines: string[] = [];
    for (let i = 0; i < N_FRAMES; i++) {
      const a = row(fi, 1280, i);
      const b = row(ff, 1280, i);
      const cos = cosine(a, b);
      const rel = relativeL2(a, b);
      const ti = argmax(row(out.int8!.logits!.data as Float32Array, 1000, i));
      const tf = argmax(row(out.fp32!.logits!.data as Float32Array, 1000, i));
      lines.push(
        `${frames[i]!.name}: max|Δ| ${maxAbsDiff(a, b).toFixed(3)} cos ${cos.toFixed(4)} rel ${rel.toFixed(3)}` +
          ` top-1 int8 ${info.labels[ti]} / fp32 ${info.labels[tf]}`,
      );
      expect(cos, frames[i]!.name).toBeGreaterThanOrEqual(MIN_COSINE);
      expect(rel, frames[i]!.name).toBeLessThanOrEqual(MAX_REL_L2);
      const nearest = argmax(Float32Array.from({ length: N_FRAMES }, (_, j) => cosine(a, row(ff, 1280, j))));
      expect(frames[nearest]!.name, `int8 features of ${frames[i]!.name} are nearest to fp32's of`).toBe(frames[i]!.name);
    }
    console.info(`int8 vs fp32 features, max |Δ| overall ${maxAbsDiff(fi, ff).toFixed(3)}\n${lines.join('\n')}`);
  });
});
