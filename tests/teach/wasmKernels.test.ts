// The WASM backend's Identity shares data (src/teach/wasmKernels.ts): clones read the same values and
// outlive their source, nothing leaks, and a training run gives the same losses as with the copying kernel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { disposeHead, sizeForData } from '../../src/teach/headModel';
import { trainHead } from '../../src/teach/train';
import { shareWasmIdentity } from '../../src/teach/wasmKernels';
import { realDataset } from './fixtures';

const copying = tf.getKernel('Identity', 'wasm')!;
const useCopying = () => {
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel(copying);
};

beforeAll(async () => {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  expect(await tf.setBackend('wasm')).toBe(true);
  await tf.ready();
});
afterAll(async () => {
  useCopying();
  await tf.setBackend('cpu');
});

describe('shareWasmIdentity', () => {
  it('clones share data: same values, they outlive their source, and disposal frees it once', () => {
    expect(shareWasmIdentity()).toBe(true);
    expect(shareWasmIdentity()).toBe(true); // idempotent
    const buffers = () => tf.engine().backend.numDataIds();
    const before = buffers();
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const y = x.clone();
    expect(buffers() - before).toBe(1); // one buffer for both
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
    const z = tf.add(y, 1);
    expect(Array.from(z.dataSync())).toEqual([2, 3, 4, 5]);
    z.dispose();
    expect(buffers() - before).toBe(1);
    y.dispose();
    expect(buffers()).toBe(before);
    const s = tf.tensor1d(['a', 'b'], 'string').clone();
    expect(s.arraySync()).toEqual(['a', 'b']);
    s.dispose();
  });

  it('trains to the same losses as the copying Identity, and leaves no tensor behind', async () => {
    const data = realDataset();
    const sizing = sizeForData(data.clips.length, data.labels.length, data.featureDim, 2);
    const options = { config: sizing.ssm, epochs: 2, batchSize: 8, learningRate: 3e-3, weightDecay: 0.05, labelSmoothing: 0, seed: 3 };
    const run = async () => {
      const tensors = tf.memory().numTensors;
      const trained = await trainHead(data, options);
      disposeHead(trained.model);
      expect(tf.memory().numTensors).toBe(tensors);
      return trained.history.map((h) => h.loss);
    };
    useCopying();
    const copied = await run();
    shareWasmIdentity();
    expect(await run()).toEqual(copied);
  }, 30_000);
});
