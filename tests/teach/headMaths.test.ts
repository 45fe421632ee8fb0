// headModel's MatMuls compute what the plain tfjs formulas compute, values and gradients, on both
// backends: laid out for the WASM backend (applyLinear's custom gradient, runningMean as one 2-D MatMul)
// there, tfjs's own forms on the CPU backend.
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { applyLinear, createHead, disposeHead, headForward, headVariables, runningMean, SeedStream, sizeForData, type HeadConfig } from '../../src/teach/headModel';
import { maxAbsDiff, useCpuBackend } from './fixtures';

afterAll(useCpuBackend);

const seeds = new SeedStream(5);
const random = (shape: number[]) => tf.randomNormal(shape, 0, 1, 'float32', seeds.seed());

describe.each(['cpu', 'wasm'])('on the %s backend', (backend) => {
  it('starts', async () => {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    expect(await tf.setBackend(backend)).toBe(true);
    await tf.ready();
  });

  describe('applyLinear', () => {
    it('gives x · wᵀ + b and the gradients of tf.matMul’s formula for x, w and b', () => {
      const x = random([2, 5, 7]);
      const weight = tf.variable(random([3, 7]));
      const bias = tf.variable(random([3]));
      const upstream = random([2, 5, 3]);
      const loss = (y: tf.Tensor) => tf.sum(tf.mul(y, upstream)) as tf.Scalar;
      const plain = (xs: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.add(tf.matMul(xs.reshape([10, 7]), w, false, true), b).reshape([2, 5, 3]);
      const ours = (xs: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => applyLinear(xs, { weight: w as tf.Variable, bias: b as tf.Variable });
      expect(maxAbsDiff(ours(x, weight, bias).dataSync(), plain(x, weight, bias).dataSync())).toBeLessThan(1e-5);
      const expected = tf.grads((xs, w, b) => loss(plain(xs, w, b)))([x, weight, bias]);
      const got = tf.grads((xs, w, b) => loss(ours(xs, w, b)))([x, weight, bias]);
      got.forEach((g, i) => {
        expect(g.shape).toEqual(expected[i]!.shape);
        expect(maxAbsDiff(g.dataSync(), expected[i]!.dataSync())).toBeLessThan(1e-5);
      });
    });
  });

  describe('runningMean', () => {
    it('is the mean of frames 0..t for every clip, and its gradient is the plain formula’s', () => {
      const [B, T, D] = [3, 6, 4];
      const x = random([B, T, D]) as tf.Tensor3D;
      const values = x.arraySync();
      const got = runningMean(x).arraySync();
      for (let b = 0; b < B; b++)
        for (let t = 0; t < T; t++)
          for (let d = 0; d < D; d++) {
            let sum = 0;
            for (let s = 0; s <= t; s++) sum += values[b]![s]![d]!;
            expect(got[b]![t]![d]!).toBeCloseTo(sum / (t + 1), 5);
          }
      const upstream = random([B, T, D]);
      // the batched form: B copies of M[t, s] = (s ≤ t) / (t + 1)
      const M = tf.tensor2d(Array.from({ length: T * T }, (_, k) => (k % T <= Math.floor(k / T) ? 1 / (Math.floor(k / T) + 1) : 0)), [T, T]);
      const plain = (xs: tf.Tensor) => tf.matMul(tf.tile(M.reshape([1, T, T]), [B, 1, 1]) as tf.Tensor3D, xs as tf.Tensor3D);
      const expected = tf.grad((xs) => tf.sum(tf.mul(plain(xs), upstream)))(x);
      const grad = tf.grad((xs) => tf.sum(tf.mul(runningMean(xs as tf.Tensor3D), upstream)))(x);
      expect(maxAbsDiff(grad.dataSync(), expected.dataSync())).toBeLessThan(1e-5);
    });
  });
});

describe('headForward on the WASM backend (its own MatMul and convolution layout)', () => {
  it('gives the CPU backend’s logits and gradients, both heads', async () => {
    const sizing = sizeForData(30, 3, 1280, 3);
    const features = Float32Array.from({ length: 4 * 16 * 1280 }, (_, i) => Math.max(0, Math.sin(i * 0.37) + 0.2));
    const labels = tf.oneHot(tf.tensor1d(Array.from({ length: 4 * 16 }, (_, i) => Math.floor(i / 16) % 3), 'int32'), 3);
    const run = async (backend: string, config: HeadConfig) => {
      await tf.setBackend(backend);
      await tf.ready();
      const model = createHead(config, 11);
      const x = tf.tensor3d(features, [4, 16, 1280]);
      const logits = headForward(model, x).dataSync().slice();
      const loss = () => tf.losses.softmaxCrossEntropy(labels, headForward(model, x).reshape([64, 3])) as tf.Scalar;
      const { grads } = tf.variableGrads(loss, headVariables(model.weights));
      const gradients = Object.values(grads).map((g) => g.dataSync().slice());
      disposeHead(model);
      return { logits, gradients };
    };
    for (const config of [sizing.ssm, sizing.linear] as HeadConfig[]) {
      const cpu = await run('cpu', config);
      const wasm = await run('wasm', config);
      expect(maxAbsDiff(wasm.logits, cpu.logits)).toBeLessThan(1e-4);
      expect(wasm.gradients).toHaveLength(cpu.gradients.length);
      wasm.gradients.forEach((g, i) => expect(maxAbsDiff(g, cpu.gradients[i]!)).toBeLessThan(1e-4));
    }
  });
});
