// Parity of a taught head: tfjs's own forward vs the exported ONNX sequence graph and vs T calls of
// the step graph, in onnxruntime-node, on real backbone features, for the SSM head and the linear probe.
import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { headForward, sizeForData, type HeadConfig, type HeadModel } from '../../src/teach/headModel';
import { exportHeadGraphs, FEATURES, LOGITS } from '../../src/teach/onnxExport';
import { trainHead } from '../../src/teach/train';
import { maxAbsDiff, realDataset, realParityClip, useCpuBackend } from './fixtures';

const TOLERANCE = 1e-4;
const data = realDataset();
const parityClip = realParityClip();

beforeAll(useCpuBackend);

async function trainBriefly(config: HeadConfig): Promise<HeadModel> {
  return (await trainHead(data, { config, epochs: 2, batchSize: 8, learningRate: 3e-3, weightDecay: 0.05, labelSmoothing: 0, seed: 1 })).model;
}

function tfjsLogits(model: HeadModel, x: Float32Array, T: number): Float32Array {
  return tf.tidy(() => headForward(model, tf.tensor3d(x, [1, T, model.config.featureDim])).dataSync() as Float32Array);
}

async function checkParity(model: HeadModel): Promise<{ sequence: number; step: number }> {
  const graphs = exportHeadGraphs(model);
  const sequence = await ort.InferenceSession.create(graphs.sequence);
  const step = await ort.InferenceSession.create(graphs.step);
  const D = model.config.featureDim;
  const C = model.config.classes;
  const inputs = [
    { x: parityClip.features, T: parityClip.frames },
    { x: data.clips[0]!.views[1]!, T: data.frames },
  ];
  const worst = { sequence: 0, step: 0 };
  for (const { x, T } of inputs) {
    const expected = tfjsLogits(model, x, T);
    const seqOut = (await sequence.run({ [FEATURES]: new ort.Tensor('float32', x, [1, T, D]) }))[LOGITS]!.data as Float32Array;
    expect(seqOut).toHaveLength(T * C);
    let state: Record<string, ort.Tensor> = Object.fromEntries(graphs.state.map((s) => [s.input, new ort.Tensor('float32', new Float32Array(s.shape.reduce((a, b) => a * b, 1)), s.shape)]));
    const stepped: number[] = [];
    for (let t = 0; t < T; t++) {
      const out = await step.run({ [FEATURES]: new ort.Tensor('float32', x.slice(t * D, (t + 1) * D), [1, D]), ...state });
      stepped.push(...(out[LOGITS]!.data as Float32Array));
      state = Object.fromEntries(graphs.state.map((s) => [s.input, out[s.output]!]));
    }
    worst.sequence = Math.max(worst.sequence, maxAbsDiff(seqOut, expected));
    worst.step = Math.max(worst.step, maxAbsDiff(stepped, expected));
    expect(maxAbsDiff(expected, new Float32Array(expected.length))).toBeGreaterThan(1e-2); // not all zeros
  }
  return worst;
}

describe('ONNX export of a taught head', () => {
  const sizing = sizeForData(data.clips.length, data.labels.length, data.featureDim, 2);

  it('SSM head: the sequence graph and T step calls give tfjs’s logits within 1e-4 on real features', async () => {
    const model = await trainBriefly({ ...sizing.ssm, layers: 2 });
    const worst = await checkParity(model);
    expect(worst.sequence).toBeLessThanOrEqual(TOLERANCE);
    expect(worst.step).toBeLessThanOrEqual(TOLERANCE);
  });

  it('linear probe: the same, with the running sum and count as the step state', async () => {
    const model = await trainBriefly(sizing.linear);
    const worst = await checkParity(model);
    expect(worst.sequence).toBeLessThanOrEqual(TOLERANCE);
    expect(worst.step).toBeLessThanOrEqual(TOLERANCE);
  });
});
