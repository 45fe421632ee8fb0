// A taught head as the two ONNX graphs the inference worker runs (workers/inference/packRuntime.ts):
//   sequence  features [1, T, D] → logits [1, T, C], T dynamic; the SSM's causal convolution as a
//             Toeplitz MatMul built in the graph from T (as training/heads/export.py), no Loop/Scan
//   step      features [1, D] + one state per layer → logits [1, C] + the states out
// Opset 17, float32 only, ops that onnxruntime-web's WASM build runs.
import * as tf from '@tensorflow/tfjs';
import type { TemporalHead } from '../pipeline/manifest';
import { GraphBuilder } from './graphBuilder';
import { LAYER_NORM_EPSILON, type HeadModel, type LinearHeadWeights, type LinearWeights, type NormWeights, type SsmHeadWeights } from './headModel';

export const FEATURES = 'features';
export const LOGITS = 'logits';

const values = (v: tf.Variable): Float32Array => v.dataSync() as Float32Array;

function linearOf(g: GraphBuilder, x: string, l: LinearWeights, outputName?: string): string {
  const [outputs, inputs] = l.weight.shape as [number, number];
  return g.linear(x, values(l.weight), values(l.bias), outputs, inputs, outputName);
}

const normOf = (g: GraphBuilder, x: string, n: NormWeights): string => g.layerNorm(x, values(n.gamma), values(n.beta), LAYER_NORM_EPSILON);

function connector(g: GraphBuilder, x: string, w: SsmHeadWeights): string {
  let h = normOf(g, x, w.connectorNorm);
  h = g.gelu(linearOf(g, h, w.mlp[0]));
  h = g.gelu(linearOf(g, h, w.mlp[1]));
  return linearOf(g, h, w.mlp[2]);
}

/** T from the features' shape, and the float lags t − s clamped at 0 with the causal mask (s ≤ t), [T, T]. */
function lagsFromInput(g: GraphBuilder): { lag: string; mask: string; steps: string } {
  const T = g.op('Gather', [g.op('Shape', [FEATURES]), g.int64([1], [], 'axis1')], { axis: 0 });
  const steps = g.op('Cast', [g.op('Range', [g.int64([0], [], 'zero'), T, g.int64([1], [], 'one')])], { to: 1 });
  const diff = g.op('Sub', [g.op('Reshape', [steps, g.int64([-1, 1])]), g.op('Reshape', [steps, g.int64([1, -1])])]);
  const mask = g.op('Cast', [g.op('GreaterOrEqual', [diff, g.float([0], [], 'zero_f')])], { to: 1 });
  return { lag: g.op('Relu', [diff]), mask, steps };
}

function ssmSequence(model: HeadModel, w: SsmHeadWeights): Uint8Array {
  const g = new GraphBuilder(`${model.config.kind}-sequence`);
  const { lag, mask } = lagsFromInput(g);
  let x = connector(g, FEATURES, w); // [1, T, W]
  for (const layer of w.layers) {
    const [W, N] = layer.nu.shape as [number, number];
    const nu = values(layer.nu);
    const b = values(layer.b);
    const c = values(layer.c);
    const logA = Float32Array.from(nu, (v) => -Math.exp(v));
    const cb = Float32Array.from(c, (v, i) => v * b[i]!);
    const powers = g.op('Exp', [g.op('Mul', [g.float(logA, [W, N, 1, 1], 'log_a'), lag])]); // [W, N, T, T]
    const kernel = g.op('ReduceSum', [g.op('Mul', [g.float(cb, [W, N, 1, 1], 'cb'), powers]), g.int64([1])], { keepdims: 0 });
    const toeplitz = g.op('Mul', [kernel, mask]); // [W, T, T]
    const u = normOf(g, x, layer.norm); // [1, T, W]
    const conv = g.op('Transpose', [g.op('MatMul', [toeplitz, g.op('Transpose', [u], { perm: [2, 1, 0] })])], { perm: [2, 1, 0] });
    const y = g.op('Add', [conv, g.op('Mul', [u, g.float(values(layer.d), [W], 'd')])]);
    x = g.op('Add', [x, linearOf(g, g.gelu(y), layer.mix)]);
  }
  linearOf(g, normOf(g, x, w.finalNorm), w.classifier, LOGITS);
  const { featureDim: D, classes: C } = model.config;
  return g.encode([{ name: FEATURES, dims: [1, 'T', D] }], [{ name: LOGITS, dims: [1, 'T', C] }]);
}

export const ssmStateName = (i: number) => ({ input: `h${i}_in`, output: `h${i}_out` });

function ssmStep(model: HeadModel, w: SsmHeadWeights): Uint8Array {
  const g = new GraphBuilder(`${model.config.kind}-step`);
  let x = connector(g, FEATURES, w); // [1, W]
  const stateOut: { name: string; dims: number[] }[] = [];
  const stateIn: { name: string; dims: number[] }[] = [];
  w.layers.forEach((layer, i) => {
    const [W, N] = layer.nu.shape as [number, number];
    const names = ssmStateName(i);
    const a = Float32Array.from(values(layer.nu), (v) => Math.exp(-Math.exp(v)));
    const u = normOf(g, x, layer.norm); // [1, W]
    const driven = g.op('Mul', [g.float(values(layer.b), [W, N], 'b'), g.op('Reshape', [u, g.int64([1, W, 1])])]);
    const h = g.op('Add', [g.op('Mul', [g.float(a, [W, N], 'a'), names.input]), driven], {}, names.output); // [1, W, N]
    const readout = g.op('ReduceSum', [g.op('Mul', [g.float(values(layer.c), [W, N], 'c'), h]), g.int64([2])], { keepdims: 0 });
    const y = g.op('Add', [readout, g.op('Mul', [u, g.float(values(layer.d), [W], 'd')])]);
    x = g.op('Add', [x, linearOf(g, g.gelu(y), layer.mix)]);
    stateIn.push({ name: names.input, dims: [1, W, N] });
    stateOut.push({ name: names.output, dims: [1, W, N] });
  });
  linearOf(g, normOf(g, x, w.finalNorm), w.classifier, LOGITS);
  const { featureDim: D, classes: C } = model.config;
  return g.encode([{ name: FEATURES, dims: [1, D] }, ...stateIn], [{ name: LOGITS, dims: [1, C] }, ...stateOut]);
}

function linearSequence(model: HeadModel, w: LinearHeadWeights): Uint8Array {
  const g = new GraphBuilder('linear-sequence');
  const { mask, steps } = lagsFromInput(g);
  const averaging = g.op('Div', [mask, g.op('Reshape', [g.op('Add', [steps, g.float([1], [], 'one_f')]), g.int64([-1, 1])])]); // [T, T]
  const mean = g.op('MatMul', [averaging, FEATURES]); // [1, T, D]
  linearOf(g, normOf(g, mean, w.norm), w.classifier, LOGITS);
  const { featureDim: D, classes: C } = model.config;
  return g.encode([{ name: FEATURES, dims: [1, 'T', D] }], [{ name: LOGITS, dims: [1, 'T', C] }]);
}

export const LINEAR_STATE = { sum: { input: 'sum_in', output: 'sum_out' }, count: { input: 'count_in', output: 'count_out' } } as const;

function linearStep(model: HeadModel, w: LinearHeadWeights): Uint8Array {
  const g = new GraphBuilder('linear-step');
  const sum = g.op('Add', [LINEAR_STATE.sum.input, FEATURES], {}, LINEAR_STATE.sum.output);
  const count = g.op('Add', [LINEAR_STATE.count.input, g.float([1], [], 'one_f')], {}, LINEAR_STATE.count.output);
  linearOf(g, normOf(g, g.op('Div', [sum, count]), w.norm), w.classifier, LOGITS);
  const { featureDim: D, classes: C } = model.config;
  return g.encode(
    [{ name: FEATURES, dims: [1, D] }, { name: LINEAR_STATE.sum.input, dims: [1, D] }, { name: LINEAR_STATE.count.input, dims: [1, 1] }],
    [{ name: LOGITS, dims: [1, C] }, { name: LINEAR_STATE.sum.output, dims: [1, D] }, { name: LINEAR_STATE.count.output, dims: [1, 1] }],
  );
}

export interface ExportedHead {
  sequence: Uint8Array;
  step: Uint8Array;
  /** The step graph's state tensors as the manifest lists them (zeros to start). */
  state: TemporalHead['step']['state'];
}

export function exportHeadGraphs(model: HeadModel): ExportedHead {
  const w = model.weights;
  if (w.kind === 'linear') {
    const D = model.config.featureDim;
    return {
      sequence: linearSequence(model, w),
      step: linearStep(model, w),
      state: [
        { ...LINEAR_STATE.sum, shape: [1, D] },
        { ...LINEAR_STATE.count, shape: [1, 1] },
      ],
    };
  }
  return {
    sequence: ssmSequence(model, w),
    step: ssmStep(model, w),
    state: w.layers.map((l, i) => ({ ...ssmStateName(i), shape: [1, ...(l.nu.shape as [number, number])] })),
  };
}
