// The shipped temporal head family (training/heads/model.py) in TensorFlow.js, so a head can be taught
// in the browser: the same maths, the same parameter layout, exported by onnxExport.ts.
//
//   features [B, T, D] → Connector (LayerNorm over D, MLP D → W → W → W with GELU)
//                      → DiagonalSSM layers (pre-LN residual) → LayerNorm → classifier → logits [B, T, C]
//
// and a linear probe: logits_t = Linear(LayerNorm(mean of features 0..t)), whose step form keeps the
// running sum and the frame count as its state. Both are causal: logits[:, t] sees frames ≤ t only.
import * as tf from '@tensorflow/tfjs';
import { dropoutMask, normalNoise } from './noise';

export const LAYER_NORM_EPSILON = 1e-5;

export interface SsmHeadConfig {
  kind: 'ssm';
  featureDim: number;
  classes: number;
  width: number;
  layers: number;
  state: number;
  dropout: number;
  featureDropout: number;
  featureNoise: number;
  aMin: number;
  aMax: number;
}

export interface LinearHeadConfig {
  kind: 'linear';
  featureDim: number;
  classes: number;
  featureDropout: number;
  featureNoise: number;
}

export type HeadConfig = SsmHeadConfig | LinearHeadConfig;

/** Weights in torch's layout: a Linear's weight is [out, in]. */
export interface LinearWeights { weight: tf.Variable; bias: tf.Variable }
export interface NormWeights { gamma: tf.Variable; beta: tf.Variable }
export interface SsmLayerWeights {
  nu: tf.Variable; // [W, N]; a = exp(−exp(nu)) ∈ (0, 1) whatever the optimiser does
  b: tf.Variable; // [W, N]
  c: tf.Variable; // [W, N]
  d: tf.Variable; // [W]
  norm: NormWeights;
  mix: LinearWeights;
}

export interface SsmHeadWeights {
  kind: 'ssm';
  connectorNorm: NormWeights;
  mlp: [LinearWeights, LinearWeights, LinearWeights];
  layers: SsmLayerWeights[];
  finalNorm: NormWeights;
  classifier: LinearWeights;
}

export interface LinearHeadWeights {
  kind: 'linear';
  norm: NormWeights;
  classifier: LinearWeights;
}

export type HeadWeights = SsmHeadWeights | LinearHeadWeights;

export interface HeadModel {
  config: HeadConfig;
  weights: HeadWeights;
}

/** A small deterministic stream of seeds for tfjs's seeded initialisers and dropout masks. */
export class SeedStream {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0 || 1;
  }
  /** Mulberry32: enough for seeding, not for cryptography. */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  seed(): number {
    return Math.floor(this.next() * 2 ** 31);
  }
}

// tfjs names variables uniquely itself; the names here are only for reading the code. The variable
// shares the initial tensor's data, which is released with the variable once the tensor is disposed.
const variable = (t: tf.Tensor, _name: string): tf.Variable => {
  const v = tf.variable(t, true);
  t.dispose();
  return v;
};

/** torch.nn.Linear's default initialisation: U(−1/√in, 1/√in) for weight and bias. */
function linear(inputs: number, outputs: number, seeds: SeedStream, name: string): LinearWeights {
  const bound = 1 / Math.sqrt(inputs);
  return {
    weight: variable(tf.randomUniform([outputs, inputs], -bound, bound, 'float32', seeds.seed()), `${name}_w`),
    bias: variable(tf.randomUniform([outputs], -bound, bound, 'float32', seeds.seed()), `${name}_b`),
  };
}

function norm(size: number, name: string): NormWeights {
  return { gamma: variable(tf.ones([size]), `${name}_g`), beta: variable(tf.zeros([size]), `${name}_b`) };
}

function ssmLayer(cfg: SsmHeadConfig, seeds: SeedStream, i: number): SsmLayerWeights {
  const { width: W, state: N } = cfg;
  const [nu, b, c] = tf.tidy(() => {
    const a = tf.randomUniform([W, N], cfg.aMin, cfg.aMax, 'float32', seeds.seed());
    return [
      tf.log(tf.neg(tf.log(a))),
      // LRU-style input normalisation, as model.py: b ~ N(0, 1) · √(1 − a²).
      tf.mul(tf.randomNormal([W, N], 0, 1, 'float32', seeds.seed()), tf.sqrt(tf.sub(1, tf.square(a)))),
      tf.randomNormal([W, N], 0, 1 / Math.sqrt(N), 'float32', seeds.seed()),
    ];
  });
  return {
    nu: variable(nu!, `ssm${i}_nu`),
    b: variable(b!, `ssm${i}_b`),
    c: variable(c!, `ssm${i}_c`),
    d: variable(tf.ones([W]), `ssm${i}_d`),
    norm: norm(W, `ssm${i}_norm`),
    mix: linear(W, W, seeds, `ssm${i}_mix`),
  };
}

export function createHead(config: HeadConfig, seed: number): HeadModel {
  const seeds = new SeedStream(seed);
  if (config.kind === 'linear') {
    return { config, weights: { kind: 'linear', norm: norm(config.featureDim, 'probe_norm'), classifier: linear(config.featureDim, config.classes, seeds, 'probe') } };
  }
  const { featureDim: D, width: W } = config;
  return {
    config,
    weights: {
      kind: 'ssm',
      connectorNorm: norm(D, 'connector_norm'),
      mlp: [linear(D, W, seeds, 'mlp0'), linear(W, W, seeds, 'mlp1'), linear(W, W, seeds, 'mlp2')],
      layers: Array.from({ length: config.layers }, (_, i) => ssmLayer(config, seeds, i)),
      finalNorm: norm(W, 'final_norm'),
      classifier: linear(W, config.classes, seeds, 'classifier'),
    },
  };
}

export function headVariables(weights: HeadWeights): tf.Variable[] {
  const lin = (l: LinearWeights) => [l.weight, l.bias];
  const nrm = (n: NormWeights) => [n.gamma, n.beta];
  if (weights.kind === 'linear') return [...nrm(weights.norm), ...lin(weights.classifier)];
  return [
    ...nrm(weights.connectorNorm),
    ...weights.mlp.flatMap(lin),
    ...weights.layers.flatMap((l) => [l.nu, l.b, l.c, l.d, ...nrm(l.norm), ...lin(l.mix)]),
    ...nrm(weights.finalNorm),
    ...lin(weights.classifier),
  ];
}

export function parameterCount(weights: HeadWeights): number {
  return headVariables(weights).reduce((n, v) => n + v.size, 0);
}

export function disposeHead(model: HeadModel): void {
  for (const v of headVariables(model.weights)) v.dispose();
}

// --- the maths (shared by training and the parity tests) ---

/**
 * LayerNorm over the last axis. The per-row mean and 1/σ are spread back over the row by an outer
 * product (MatMul with a row of ones) rather than by broadcasting [N, 1] against [N, D]: tfjs's CPU
 * backend walks such a broadcast element by element (indexToLoc), several times slower than MatMul.
 * Same maths as (x − mean) / √(var + ε) · γ + β.
 */
export function layerNorm(x: tf.Tensor, n: NormWeights): tf.Tensor {
  const shape = x.shape;
  const D = shape[shape.length - 1]!;
  const flat = x.reshape([-1, D]) as tf.Tensor2D;
  const average = tf.fill([D, 1], 1 / D) as tf.Tensor2D;
  const ones = tf.ones([1, D]) as tf.Tensor2D;
  const spread = (perRow: tf.Tensor2D) => tf.matMul(perRow, ones);
  const centred = tf.sub(flat, spread(tf.matMul(flat, average)));
  const inverseStd = tf.rsqrt(tf.add(tf.matMul(tf.square(centred), average), LAYER_NORM_EPSILON)) as tf.Tensor2D;
  return tf.add(tf.mul(tf.mul(centred, spread(inverseStd)), n.gamma), n.beta).reshape(shape);
}

/** Exact GELU, 0.5·x·(1 + erf(x/√2)), as torch's default and ONNX's Erf. */
export function gelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
}

/**
 * x [N, in] · weightᵀ [in, out] with its gradients, every MatMul without a transpose flag: on tfjs's WASM
 * backend only the plain [M, K] · [K, N] MatMul goes to XNNPACK, a transposed operand takes a generic
 * loop about 12× slower, and tf.matMul's own gradient always transposes one operand. So operands are
 * transposed first: x · transpose(w) forward, dx = dy · w, dw = transpose(transpose(x) · dy) (the
 * right-hand operand small: XNNPACK repacks it on every call, slow for x [N, 1280]). The same products.
 */
const linearProduct = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.matMul(x, tf.transpose(w)),
    gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [tf.matMul(dy, ws), tf.transpose(tf.matMul(tf.transpose(xs), dy))];
    },
  };
}) as (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D;

/**
 * Whether to lay MatMuls out for the WASM backend (plain 2-D ones only). The CPU backend reads transposed
 * and batched operands at no cost and pays for explicit transposes: there the plain tfjs forms are faster.
 */
const plainMatMulsOnly = (): boolean => tf.getBackend() === 'wasm';

/** x [..., in] · weightᵀ + bias. */
export function applyLinear(x: tf.Tensor, l: LinearWeights): tf.Tensor {
  const shape = x.shape;
  const flat = x.reshape([-1, shape[shape.length - 1]!]) as tf.Tensor2D;
  const product = plainMatMulsOnly() ? linearProduct(flat, l.weight as tf.Tensor2D) : tf.matMul(flat, l.weight, false, true);
  const y = tf.add(product, l.bias);
  return y.reshape([...shape.slice(0, -1), l.weight.shape[0]!]);
}

/**
 * Training-time noise: dropout with a seeded mask (inverted scaling), identity when rate is 0 or not
 * training. The mask (0 or 1/(1 − rate)) is drawn in JavaScript (noise.ts), much faster than tfjs's seeded ops.
 */
export function dropout(x: tf.Tensor, rate: number, seeds: SeedStream | null): tf.Tensor {
  if (!seeds || rate <= 0) return x;
  return tf.mul(x, tf.tensor(dropoutMask(x.size, rate, seeds.seed()), x.shape, 'float32'));
}

/** Training-time feature noise: x + N(0, std²) with a seeded draw (noise.ts), identity when std is 0 or not training. */
export function gaussianNoise(x: tf.Tensor, std: number, seeds: SeedStream | null): tf.Tensor {
  if (!seeds || std <= 0) return x;
  return tf.add(x, tf.tensor(normalNoise(x.size, std, seeds.seed()), x.shape, 'float32'));
}

/** Lags t − s as floats [T, T] clamped at 0, and the causal mask (s ≤ t) — the Toeplitz layout export.py uses. */
export function causalLags(T: number): { lag: tf.Tensor2D; mask: tf.Tensor2D } {
  return tf.tidy(() => {
    const t = tf.range(0, T, 1, 'float32');
    const diff = tf.sub(t.reshape([T, 1]), t.reshape([1, T])) as tf.Tensor2D;
    return { lag: tf.relu(diff) as tf.Tensor2D, mask: tf.cast(tf.greaterEqual(diff, 0), 'float32') as tf.Tensor2D };
  });
}

/** Toeplitz[w, t, s] = Σ_n c·b·a^(t−s) for s ≤ t, else 0, with a^k = exp(k·log a), log a = −exp(nu). */
export function ssmToeplitz(layer: SsmLayerWeights, T: number): tf.Tensor3D {
  return tf.tidy(() => {
    const [W, N] = layer.nu.shape as [number, number];
    const { lag, mask } = causalLags(T);
    const logA = tf.neg(tf.exp(layer.nu)).reshape([W, N, 1, 1]);
    const powers = tf.exp(tf.mul(logA, lag.reshape([1, 1, T, T]))); // [W, N, T, T]
    const kernel = tf.sum(tf.mul(tf.mul(layer.c, layer.b).reshape([W, N, 1, 1]), powers), 1); // [W, T, T]
    return tf.mul(kernel, mask) as tf.Tensor3D;
  });
}

function ssmLayerForward(x: tf.Tensor3D, layer: SsmLayerWeights, dropoutRate: number, seeds: SeedStream | null): tf.Tensor3D {
  const T = x.shape[1];
  const u = layerNorm(x, layer.norm) as tf.Tensor3D; // [B, T, W]
  const toeplitz = ssmToeplitz(layer, T); // [W, T, S]
  let conv: tf.Tensor; // [B, T, W]: Σ_s toeplitz[w, t, s] · u[b, s, w]
  if (plainMatMulsOnly()) {
    // The WASM backend's batched MatMul is its generic loop (see linearProduct): a broadcast product
    // [1, T, W, S] · [B, 1, W, S] summed over s instead, the same products and sum.
    const [B, , W] = u.shape;
    const kernel = tf.transpose(toeplitz, [1, 0, 2]).reshape([1, T, W, T]);
    conv = tf.sum(tf.mul(kernel, tf.transpose(u, [0, 2, 1]).reshape([B, 1, W, T])), 3);
  } else {
    conv = tf.transpose(tf.matMul(toeplitz, tf.transpose(u, [2, 1, 0])), [2, 1, 0]); // [W, T, B] → [B, T, W]
  }
  const y = tf.add(conv, tf.mul(u, layer.d));
  return tf.add(x, dropout(applyLinear(gelu(y), layer.mix), dropoutRate, seeds)) as tf.Tensor3D;
}

/**
 * Running mean over time, [B, T, D] → [B, T, D]: M[t, s] = (s ≤ t) / (t + 1) times the frames. On the
 * WASM backend one 2-D MatMul x as [B·D, T] (time last) · Mᵀ, not a batched MatMul of B copies of M,
 * which that backend runs in its generic loop (see linearProduct), with the small operand on the right
 * (XNNPACK repacks it every call); the same products and sums.
 */
export function runningMean(x: tf.Tensor3D): tf.Tensor3D {
  const [B, T, D] = x.shape;
  const { mask } = causalLags(T);
  const averaging = tf.div(mask, tf.range(1, T + 1, 1, 'float32').reshape([T, 1])) as tf.Tensor2D;
  if (!plainMatMulsOnly()) return tf.matMul(tf.tile(averaging.reshape([1, T, T]), [B, 1, 1]) as tf.Tensor3D, x);
  const timeLast = tf.transpose(x, [0, 2, 1]).reshape([B * D, T]) as tf.Tensor2D;
  return tf.transpose(tf.matMul(timeLast, tf.transpose(averaging)).reshape([B, D, T]), [0, 2, 1]) as tf.Tensor3D;
}

/**
 * features [B, T, D] → logits [B, T, C]. With `seeds` the training-time noise is on (feature noise and
 * dropout, as in model.py); without, it is the inference forward the ONNX graphs reproduce.
 */
export function headForward(model: HeadModel, features: tf.Tensor3D, seeds: SeedStream | null = null): tf.Tensor3D {
  return tf.tidy(() => {
    const { config: cfg, weights } = model;
    if (weights.kind === 'linear') {
      let x = dropout(features, cfg.featureDropout, seeds) as tf.Tensor3D;
      x = layerNorm(runningMean(x), weights.norm) as tf.Tensor3D;
      x = gaussianNoise(x, cfg.featureNoise, seeds) as tf.Tensor3D;
      return applyLinear(x, weights.classifier) as tf.Tensor3D;
    }
    const ssm = cfg as SsmHeadConfig;
    let x = layerNorm(features, weights.connectorNorm) as tf.Tensor3D;
    x = gaussianNoise(x, ssm.featureNoise, seeds) as tf.Tensor3D;
    x = dropout(x, ssm.featureDropout, seeds) as tf.Tensor3D;
    const [l0, l1, l2] = weights.mlp;
    x = dropout(gelu(applyLinear(x, l0)), ssm.dropout, seeds) as tf.Tensor3D;
    x = dropout(gelu(applyLinear(x, l1)), ssm.dropout, seeds) as tf.Tensor3D;
    x = applyLinear(x, l2) as tf.Tensor3D;
    for (const layer of weights.layers) x = ssmLayerForward(x, layer, ssm.dropout, seeds);
    x = layerNorm(x, weights.finalNorm) as tf.Tensor3D;
    return applyLinear(dropout(x, ssm.dropout, seeds), weights.classifier) as tf.Tensor3D;
  });
}

// --- sizing for the data ---

export interface HeadSizing {
  ssm: SsmHeadConfig;
  linear: LinearHeadConfig;
  epochs: number;
  batchSize: number;
}

/**
 * Small data → small head. The width grows with the clips per class (the connector's D × W weights
 * dominate: 1280 × 32 ≈ 41 k parameters for a few clips, 1280 × 128 ≈ 164 k from ~50 clips a class),
 * one SSM layer until there are ~30 clips a class, dropout higher when there is little data, and the
 * epochs chosen for ~250 optimiser steps (at least 20, at most 80 epochs).
 */
export function sizeForData(clips: number, classes: number, featureDim: number, viewsPerClip = 1): HeadSizing {
  const perClass = clips / Math.max(1, classes);
  const width = perClass < 15 ? 32 : perClass < 50 ? 64 : 128;
  const batchSize = 16;
  const stepsPerEpoch = Math.max(1, Math.ceil((clips * viewsPerClip) / batchSize));
  return {
    ssm: {
      kind: 'ssm',
      featureDim,
      classes,
      width,
      layers: perClass < 30 ? 1 : 2,
      state: width <= 32 ? 8 : 16,
      dropout: perClass < 15 ? 0.3 : 0.2,
      featureDropout: 0.1,
      featureNoise: 0.05,
      aMin: 0.5,
      aMax: 0.99,
    },
    linear: { kind: 'linear', featureDim, classes, featureDropout: 0.1, featureNoise: 0.05 },
    epochs: Math.min(80, Math.max(20, Math.ceil(250 / stepsPerEpoch))),
    batchSize,
  };
}
