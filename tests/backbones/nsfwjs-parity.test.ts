// Parity of the converted nsfwjs MobileNetV2 (public/models/backbones/nsfwjs-mobilenetv2/model.onnx)
// against nsfwjs's own TF.js inference (CPU backend in Node, the bundled model definitions).
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as nsfwjs from 'nsfwjs';
import type * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BACKBONES,
  SIZE,
  argmax,
  centreFrame,
  lavfiFrame,
  maxAbsDiff,
  pickClips,
  readBackbone,
  row,
  session,
  sha256,
  toInput,
  type BackboneInfo,
  type Frame,
} from './fixtures';

const ID = 'nsfwjs-mobilenetv2';
const MAX_PROB_DIFF = 1e-4;
// Pooled features are O(1); float32 reordering (BN unfused vs fused, NHWC vs NCHW) stays ~1e-5.
const MAX_FEATURE_DIFF = 1e-3;

describe('nsfwjs MobileNetV2 → ONNX', () => {
  let info: BackboneInfo;
  let frames: Frame[];
  let onnx: Record<string, ort.Tensor>;
  let tfProbs: Float32Array;
  let tfFeatures: Float32Array;
  let nsfw: nsfwjs.NSFWJS;

  beforeAll(async () => {
    info = readBackbone(ID);
    frames = [...pickClips(4).map(centreFrame), lavfiFrame('testsrc2'), lavfiFrame('mandelbrot')];

    const s = await session(join(BACKBONES, ID, info.variants.fp32!.file));
    onnx = await s.run({ [info.input.name]: toInput(frames, info) });

    await tf.setBackend('cpu');
    nsfw = await nsfwjs.load('MobileNetV2');
    const model = nsfw.model as tf.LayersModel;
    const pooled = tf.model({ inputs: model.inputs, outputs: [model.getLayer('flatten_1').output as tf.SymbolicTensor, model.outputs[0]!] });
    const nhwc = new Float32Array(frames.length * SIZE * SIZE * 3);
    frames.forEach((f, i) => nhwc.set(Float32Array.from(f.rgb, (v) => v / 255), i * SIZE * SIZE * 3));
    const x = tf.tensor4d(nhwc, [frames.length, SIZE, SIZE, 3]);
    const [feat, probs] = pooled.predict(x) as tf.Tensor[];
    tfFeatures = feat!.dataSync() as Float32Array;
    tfProbs = probs!.dataSync() as Float32Array;
    tf.dispose([x, feat!, probs!]);
  });

  it('backbone.json matches the file and nsfwjs class order', async () => {
    const v = info.variants.fp32!;
    expect(sha256(join(BACKBONES, ID, v.file))).toBe(v.sha256);
    expect(info.labels).toEqual(['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy']);
    expect(info.normalization).toMatchObject({ scale: 255, mean: [0, 0, 0], std: [1, 1, 1] });
    // nsfwjs's own classify() names the classes; its top class must be ours at the same index.
    const img = tf.tensor3d(frames[4]!.rgb, [SIZE, SIZE, 3], 'int32');
    const [top] = await nsfw.classify(img, 1);
    img.dispose();
    expect(top!.className).toBe(info.labels[argmax(row(tfProbs, 5, 4))]);
  });

  it('gives [N,5] probabilities and [N,1280] features', () => {
    expect(onnx.moderation!.dims).toEqual([frames.length, 5]);
    expect(onnx.features!.dims).toEqual([frames.length, 1280]);
  });

  it('matches TF.js probabilities (top-1 on every image, max |Δp| ≤ 1e-4)', () => {
    const p = onnx.moderation!.data as Float32Array;
    const lines: string[] = [];
    for (let i = 0; i < frames.length; i++) {
      const a = row(p, 5, i);
      const b = row(tfProbs, 5, i);
      lines.push(`${frames[i]!.name}: ${info.labels[argmax(a)]} ${Math.max(...a).toFixed(4)} |Δ| ${maxAbsDiff(a, b).toExponential(2)}`);
      expect(argmax(a), frames[i]!.name).toBe(argmax(b));
    }
    const d = maxAbsDiff(p, tfProbs);
    console.info(`ONNX vs TF.js probabilities: max |Δ| = ${d.toExponential(3)}\n${lines.join('\n')}`);
    expect(d).toBeLessThanOrEqual(MAX_PROB_DIFF);
  });

  it('matches TF.js pooled features', () => {
    const d = maxAbsDiff(onnx.features!.data as Float32Array, tfFeatures);
    console.info(`ONNX vs TF.js features (flatten_1): max |Δ| = ${d.toExponential(3)}`);
    expect(d).toBeLessThanOrEqual(MAX_FEATURE_DIFF);
  });
});
