// Runs exported head graphs in onnxruntime-node against the golden fixture written by
// training/heads/export.py: ONNX vs PyTorch, and the step graph run T times vs the sequence graph.
// Used by export.py (before it ships anything), by tests/heads/heads-parity.test.ts, and for the
// per-step latency recorded in the manifest.
//
//   npx tsx training/heads/parity.ts FIXTURE.json ONNX_DIR [--latency 200]   → JSON on stdout
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';

export interface EncodedTensor {
  shape: number[];
  dtype: 'float16';
  base64: string;
}

export interface HeadFixture {
  sequence: string;
  step: string;
  input: string;
  output: string;
  state: { input: string; output: string; shape: number[] }[];
  /** PyTorch logits [T, C] per named input. */
  expected: Record<string, number[][]>;
}

export interface ParityFixture {
  frames: number;
  featureDim: number;
  labels: string[];
  tolerance: number;
  inputs: Record<string, EncodedTensor>;
  heads: Record<string, HeadFixture>;
}

export interface HeadParity {
  /** max |ONNX sequence − PyTorch| over every input, frame and class. */
  sequenceVsTorch: number;
  /** max |ONNX step (run T times) − ONNX sequence|. */
  stepVsSequence: number;
  stepVsTorch: number;
  /** Median wall time of one step-graph run, ms (onnxruntime-node, CPU, 1 thread). */
  msPerStep?: number;
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

export function decodeTensor(t: EncodedTensor): Float32Array {
  const bytes = Buffer.from(t.base64, 'base64');
  const out = new Float32Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = halfToFloat(bytes.readUInt16LE(2 * i));
  const expected = t.shape.reduce((a, b) => a * b, 1);
  if (out.length !== expected) throw new RangeError(`fixture tensor has ${out.length} values, shape says ${expected}`);
  return out;
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  if (a.length !== b.length) throw new RangeError(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

const sessionOptions: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1 };

/** Runs the step graph over the T frames of `x` [T, D], carrying its state; returns logits [T, C]. */
export async function runSteps(session: ort.InferenceSession, head: HeadFixture, x: Float32Array, T: number, D: number): Promise<Float32Array[]> {
  let state: ort.Tensor[] = head.state.map((s) => new ort.Tensor('float32', new Float32Array(s.shape.reduce((a, b) => a * b, 1)), s.shape));
  const out: Float32Array[] = [];
  for (let t = 0; t < T; t++) {
    const feeds: Record<string, ort.Tensor> = { [head.input]: new ort.Tensor('float32', x.slice(t * D, (t + 1) * D), [1, D]) };
    head.state.forEach((s, i) => (feeds[s.input] = state[i]!));
    const res = await session.run(feeds);
    out.push(res[head.output]!.data as Float32Array);
    state = head.state.map((s) => res[s.output]!);
  }
  return out;
}

export async function checkHead(fixture: ParityFixture, name: string, dir: string, latencySteps = 0): Promise<HeadParity> {
  const head = fixture.heads[name]!;
  const T = fixture.frames;
  const D = fixture.featureDim;
  const seq = await ort.InferenceSession.create(join(dir, head.sequence), sessionOptions);
  const step = await ort.InferenceSession.create(join(dir, head.step), sessionOptions);
  const result: HeadParity = { sequenceVsTorch: 0, stepVsSequence: 0, stepVsTorch: 0 };
  for (const [inputName, encoded] of Object.entries(fixture.inputs)) {
    const x = decodeTensor(encoded);
    const expected = head.expected[inputName]!.flat();
    const seqOut = (await seq.run({ [head.input]: new ort.Tensor('float32', x, [1, T, D]) }))[head.output]!.data as Float32Array;
    const steps = await runSteps(step, head, x, T, D);
    const stepFlat = Float32Array.from(steps.flatMap((s) => Array.from(s)));
    result.sequenceVsTorch = Math.max(result.sequenceVsTorch, maxAbsDiff(seqOut, expected));
    result.stepVsSequence = Math.max(result.stepVsSequence, maxAbsDiff(stepFlat, seqOut));
    result.stepVsTorch = Math.max(result.stepVsTorch, maxAbsDiff(stepFlat, expected));
  }
  if (latencySteps > 0) {
    const x = decodeTensor(Object.values(fixture.inputs)[0]!);
    await runSteps(step, head, x, T, D); // warm-up
    const times: number[] = [];
    let state: ort.Tensor[] = head.state.map((s) => new ort.Tensor('float32', new Float32Array(s.shape.reduce((a, b) => a * b, 1)), s.shape));
    for (let i = 0; i < latencySteps; i++) {
      const t = i % T;
      const feeds: Record<string, ort.Tensor> = { [head.input]: new ort.Tensor('float32', x.slice(t * D, (t + 1) * D), [1, D]) };
      head.state.forEach((s, k) => (feeds[s.input] = state[k]!));
      const start = performance.now();
      const res = await step.run(feeds);
      times.push(performance.now() - start);
      state = head.state.map((s) => res[s.output]!);
    }
    times.sort((a, b) => a - b);
    result.msPerStep = times[Math.floor(times.length / 2)]!;
  }
  await seq.release();
  await step.release();
  return result;
}

async function main(): Promise<void> {
  const [fixturePath, dir] = process.argv.slice(2);
  if (!fixturePath || !dir) throw new Error('usage: parity.ts FIXTURE.json ONNX_DIR [--latency N]');
  const li = process.argv.indexOf('--latency');
  const latency = li >= 0 ? Number(process.argv[li + 1]) : 0;
  const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as ParityFixture;
  const out: Record<string, HeadParity> = {};
  for (const name of Object.keys(fixture.heads)) out[name] = await checkHead(fixture, name, dir, latency);
  console.log(JSON.stringify(out));
}

if (process.argv[1] && /parity\.ts$/.test(process.argv[1])) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack ?? err.message : err);
    process.exit(1);
  });
}
