// onnxruntime-node latency of the shipped backbones: batch 1, one thread, median of 20 warm runs.
//
//   npx tsx training/backbones/bench_node.ts [--runs 20]
//
// Input is a fixed deterministic pattern (latency does not depend on pixel values).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';

const BACKBONES = resolve(fileURLToPath(import.meta.url), '../../../public/models/backbones');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 20;
const WARMUP = 3;

interface BackboneJson {
  input: { name: string };
  variants: Record<string, { file: string; bytes: number }>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const input = new Float32Array(3 * 224 * 224).map((_, i) => Math.sin(i * 0.001));
console.log(`onnxruntime-node ${ort.env.versions.node ?? ''} batch 1, 1 thread, median of ${RUNS} warm runs`);
for (const id of ['mobilenetv2-imagenet', 'nsfwjs-mobilenetv2']) {
  const info = JSON.parse(readFileSync(join(BACKBONES, id, 'backbone.json'), 'utf8')) as BackboneJson;
  for (const [name, v] of Object.entries(info.variants)) {
    const session = await ort.InferenceSession.create(join(BACKBONES, id, v.file), {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      logSeverityLevel: 3,
    });
    const feeds = { [info.input.name]: new ort.Tensor('float32', input, [1, 3, 224, 224]) };
    for (let i = 0; i < WARMUP; i++) await session.run(feeds);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await session.run(feeds);
      times.push(performance.now() - t0);
    }
    console.log(
      `${id}/${v.file} (${name}, ${(v.bytes / 1e6).toFixed(2)} MB): median ${median(times).toFixed(2)} ms, ` +
        `min ${Math.min(...times).toFixed(2)} ms`,
    );
    await session.release();
  }
}
