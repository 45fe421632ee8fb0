// The training noise's random numbers, drawn in plain JavaScript into a Float32Array and uploaded as one
// tensor. tfjs's seeded tf.randomUniform / tf.randomNormal run in JavaScript on every backend too, but
// through seedrandom's alea (a closure call and a string-seeded state per value) and, for normals, the
// polar method; on the [16, 16, 1280] features of a training step they cost more than the step's maths
// on the WASM backend (scripts/profile-teach-train.ts). Here: mulberry32 (as SeedStream) inlined in the
// loop, and normals by the ziggurat of Marsaglia & Tsang (2000) with 128 layers, the layer index and the
// value taken from separate bits of one 32-bit draw (Doornik 2005). Deterministic for a seed; the same
// distributions as before (a dropout keep mask, N(0, σ²) noise), not the same values.

/**
 * An inverted-dropout mask of `size` values: 1/(1 − rate) where a uniform draw u ∈ [0, 1) is ≥ rate (kept,
 * probability 1 − rate), else 0. x · mask is tfjs's x · (u ≥ rate) / (1 − rate).
 */
export function dropoutMask(size: number, rate: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  const scale = 1 / (1 - rate);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    let t = (s = (s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    if (((t ^ (t >>> 14)) >>> 0) / 4294967296 >= rate) out[i] = scale;
  }
  return out;
}

// Ziggurat tables for the standard normal, 128 layers (Marsaglia & Tsang's zigset, values on 24 bits).
const LAYERS = 128;
const R = 3.442619855899; // the start of the tail
const AREA = 9.91256303526217e-3; // of each layer
const M = 2 ** 24; // |value bits| < 2^24: a draw's upper 25 bits, signed
const KN = new Float64Array(LAYERS);
const WN = new Float64Array(LAYERS);
const FN = new Float64Array(LAYERS);
{
  let dn = R;
  let tn = dn;
  const q = AREA / Math.exp(-0.5 * dn * dn);
  KN[0] = (dn / q) * M;
  KN[1] = 0;
  WN[0] = q / M;
  WN[LAYERS - 1] = dn / M;
  FN[0] = 1;
  FN[LAYERS - 1] = Math.exp(-0.5 * dn * dn);
  for (let i = LAYERS - 2; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(AREA / dn + Math.exp(-0.5 * dn * dn)));
    KN[i + 1] = (dn / tn) * M;
    tn = dn;
    FN[i] = Math.exp(-0.5 * dn * dn);
    WN[i] = dn / M;
  }
}

/** `size` values of N(0, std²). */
export function normalNoise(size: number, std: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let s = seed >>> 0 || 1;
  const draw = (): number => {
    let t = (s = (s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return t ^ (t >>> 14); // a signed 32-bit integer
  };
  // A uniform in (0, 1], for the rare slow paths (logs of it stay finite).
  const uniform = (): number => ((draw() >>> 0) + 1) / 4294967296;
  for (let k = 0; k < size; k++) {
    let j = draw();
    let i = j & (LAYERS - 1);
    let v = j >> 7; // signed, [−2^24, 2^24)
    let z: number;
    if (Math.abs(v) < KN[i]!) {
      z = v * WN[i]!; // inside the layer's rectangle: ~98.8 % of draws
    } else {
      for (;;) {
        const x = v * WN[i]!;
        if (i === 0) {
          // the tail beyond R (Marsaglia 1964)
          let tx: number;
          let ty: number;
          do {
            tx = -Math.log(uniform()) / R;
            ty = -Math.log(uniform());
          } while (ty + ty < tx * tx);
          z = v > 0 ? R + tx : -R - tx;
          break;
        }
        if (FN[i]! + uniform() * (FN[i - 1]! - FN[i]!) < Math.exp(-0.5 * x * x)) {
          z = x;
          break;
        }
        j = draw();
        i = j & (LAYERS - 1);
        v = j >> 7;
        if (Math.abs(v) < KN[i]!) {
          z = v * WN[i]!;
          break;
        }
      }
    }
    out[k] = z * std;
  }
  return out;
}
