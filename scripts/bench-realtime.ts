// The real-time pipeline's speed in the browser (WASM, the BUILT app in headless Chromium, the fake
// webcam playing a real clip, read from window.__reelscope.realtime) next to the same pipeline in
// onnxruntime-node (same backbone file and step graph, the same frames cut by native ffmpeg with the
// decoder's filter graph), measured in one run, with the ratio. Build first (npx vite build).
//
//   npx tsx scripts/bench-realtime.ts [--pack ucf101-6] [--head <id>] [--frames 40] [--clip PlayingPiano] [--port 4319] [--dist dist]
//                                     [--input fast|full]
//
// --input: the screen's "Model input" (fast, the default: the pack's live size on the CPU backend; full:
// the size the heads were trained at). Node runs at whatever size the browser ran.
// Prints a table and, last, one JSON line.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../e2e/support/browser';
import { realClip, y4mFromClip } from '../e2e/support/media';
import { fakeCameraFlags, RealtimeDriver } from '../e2e/support/realtime';
import { parsePackManifest, resolvePackPath, type PackManifest, type TemporalHead } from '../src/pipeline/manifest';
import { softmax } from '../src/pipeline/postprocess';
import { rgb24ToChw } from '../src/pipeline/preprocess';
import { frameFilterGraph, geometryAtSize } from '../src/pipeline/sampling';
import type { StageLatency } from '../src/features/realtime/stats';
import { parseCli } from './lib/cli';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const cli = parseCli('bench-realtime', 'npm run bench:realtime -- [--pack ucf101-6] [--head <id>] [--frames 40] [--clip PlayingPiano] [--port 4319] [--dist dist] [--input fast|full]', {
  pack: { kind: 'string', default: 'ucf101-6' },
  head: { kind: 'string' },
  frames: { kind: 'positive-int', default: 40 },
  clip: { kind: 'string', default: 'PlayingPiano' },
  port: { kind: 'positive-int', default: 4319 },
  dist: { kind: 'string', default: 'dist' },
  input: { kind: 'string', default: 'fast', choices: ['fast', 'full'] },
});
const PACK = cli.pack;
const FRAMES = cli.frames;
const WARMUP = 5;
const CLIP = cli.clip;
const PORT = cli.port;
const DIST = cli.dist;
const INPUT = cli.input;

interface Measured {
  fps: number;
  /** The backbone's input side. */
  inputSize: number;
  /** Frames/s the stages allow back to back: 1000 / (capture + preprocess + CNN + head) ms. */
  capacityFps: number;
  stages: StageLatency;
  frames: number;
  dropped: number;
  label: string | null;
  detail: string;
}

function stageSumFps(s: StageLatency): number {
  return 1000 / (s.captureMs + s.preprocessMs + s.cnnMs + s.headMs);
}

function manifestOf(packId: string): { manifest: PackManifest; path: string } {
  const path = join(ROOT, 'public/models', packId, 'manifest.json');
  return { manifest: parsePackManifest(JSON.parse(readFileSync(path, 'utf8')), path), path };
}

async function waitForServer(url: string, server: ChildProcess): Promise<void> {
  for (;;) {
    if (server.exitCode !== null) throw new Error(`vite preview exited with ${server.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function browserRun(y4m: string): Promise<Measured> {
  // vite itself, not through npx: killing npx would leave its vite child serving.
  const server = spawn(join(ROOT, 'node_modules/.bin/vite'), ['preview', '--outDir', DIST, '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  const browser = await chromium.launch(chromiumLaunchOptions(fakeCameraFlags(y4m)));
  try {
    const base = `http://127.0.0.1:${PORT}/`;
    await waitForServer(base, server);
    const page = await browser.newPage({ baseURL: base });
    const rt = new RealtimeDriver(page);
    await rt.open(PACK);
    await page.getByTestId('realtime-input').selectOption(INPUT);
    await page.getByTestId('realtime-start').click();
    const warm = await rt.waitFor(`s.status === 'error' || s.processed >= ${WARMUP}`, 180_000);
    if (warm.error) throw new Error(`realtime failed: ${warm.error.code} ${warm.error.message}`);
    const t0 = Date.now();
    // The latency in the state is the mean of the last 30 frames: measure at least that many.
    const end = await rt.waitFor(`s.status === 'error' || s.processed >= ${warm.processed + FRAMES}`, 600_000);
    const wallSec = (Date.now() - t0) / 1000;
    if (end.error) throw new Error(`realtime failed: ${end.error.code} ${end.error.message}`);
    await page.getByTestId('realtime-stop').click();
    await rt.waitFor("s.status === 'idle'");
    const stages = end.latency!;
    return {
      fps: (end.processed - warm.processed) / wallSec,
      inputSize: end.inputSize!,
      capacityFps: stageSumFps(stages),
      stages,
      frames: end.processed - warm.processed,
      dropped: end.dropped - warm.dropped,
      label: end.label,
      detail: `${end.backend}, ${end.precision} backbone at ${end.inputSize}×${end.inputSize} (input ${INPUT}), target ${end.targetFps} fps`,
    };
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
}

async function nodeRun(y4m: string, threads: number, precision: string, size: number): Promise<Measured> {
  const { manifest, path } = manifestOf(PACK);
  const { normalization } = manifest.input;
  // "Capture": native ffmpeg decodes the camera's y4m and cuts every frame with the decoder's graph.
  const c0 = performance.now();
  const raw = execFileSync('ffmpeg', [
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-i', y4m, '-vf', frameFilterGraph(geometryAtSize(manifest.input, size)), '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-',
  ], { maxBuffer: 1 << 30 });
  const frameBytes = size * size * 3;
  const count = Math.floor(raw.length / frameBytes);
  const captureMs = (performance.now() - c0) / count;
  const frames = Array.from({ length: count }, (_, i) => raw.subarray(i * frameBytes, (i + 1) * frameBytes));

  const variant = manifest.backbone.variants.find((v) => v.precision === precision) ?? manifest.backbone.variants[0]!;
  const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', logSeverityLevel: 3 };
  const backbone = await ort.InferenceSession.create(resolvePackPath(path, variant.file), options);
  const head = manifest.heads.find((h) => h.id === (cli.head ?? manifest.defaultHead));
  const temporal = head && head.kind !== 'frame-mean' ? (head as TemporalHead) : null;
  const step = temporal ? await ort.InferenceSession.create(resolvePackPath(path, temporal.step.file), options) : null;
  let state = new Map<string, ort.Tensor>();
  for (const s of temporal?.step.state ?? []) {
    state.set(s.input, new ort.Tensor('float32', new Float32Array(s.shape.reduce((a, b) => a * b, 1)), s.shape));
  }
  const input = new Float32Array(3 * size * size);
  const times: StageLatency[] = [];
  const probs: Float32Array[] = [];
  for (let i = 0; i < WARMUP + FRAMES; i++) {
    const rgb = frames[i % frames.length]!;
    const t0 = performance.now();
    rgb24ToChw(rgb, size, normalization, input);
    const t1 = performance.now();
    const out = await backbone.run({ [manifest.backbone.inputName]: new ort.Tensor('float32', input, [1, 3, size, size]) });
    const t2 = performance.now();
    const features = out[manifest.backbone.featuresOutput]!.data as Float32Array;
    let p: Float32Array;
    if (temporal && step) {
      const feeds: Record<string, ort.Tensor> = { [temporal.step.input]: new ort.Tensor('float32', features, [1, features.length]) };
      for (const [k, v] of state) feeds[k] = v;
      const r = await step.run(feeds);
      const next = new Map<string, ort.Tensor>();
      for (const s of temporal.step.state) next.set(s.input, r[s.output]!);
      state = next;
      p = softmax(r[temporal.step.output]!.data as Float32Array);
    } else {
      p = softmax(out[manifest.backbone.frameOutput!.name]!.data as Float32Array);
    }
    const t3 = performance.now();
    if (i >= WARMUP) {
      times.push({ captureMs, preprocessMs: t1 - t0, cnnMs: t2 - t1, headMs: temporal ? t3 - t2 : 0, totalMs: captureMs + (t3 - t0) });
      probs.push(p);
    }
  }
  await backbone.release();
  await step?.release();
  const mean = (k: keyof StageLatency): number => times.reduce((a, t) => a + t[k], 0) / times.length;
  const stages: StageLatency = { captureMs: mean('captureMs'), preprocessMs: mean('preprocessMs'), cnnMs: mean('cnnMs'), headMs: mean('headMs'), totalMs: mean('totalMs') };
  const last = probs[probs.length - 1]!;
  const best = last.indexOf(Math.max(...last));
  return {
    fps: 1000 / stages.totalMs,
    inputSize: size,
    capacityFps: stageSumFps(stages),
    stages,
    frames: times.length,
    dropped: 0,
    label: manifest.labels[best] ?? null,
    detail: `onnxruntime-node ${ort.env.versions?.common ?? ''}, ${threads} intra-op thread(s), ${variant.precision} backbone, back to back`,
  };
}

// 30 fps, as a webcam delivers: the camera must not be what caps the achieved rate.
const y4m = y4mFromClip(realClip(CLIP), 4, 30);
console.log(`clip ${CLIP} → fake camera y4m (320×240, 30 fps); pack ${PACK}; ${FRAMES} measured frames after ${WARMUP} warm-up`);
const web = await browserRun(y4m);
const threads = Number(/(\d+) thread/.exec(web.detail)?.[1] ?? '1');
const precision = /, (\w+) backbone/.exec(web.detail)?.[1] ?? 'int8';
const node = await nodeRun(y4m, threads, precision, web.inputSize);

const rows: Array<[string, number, number]> = [
  ['capture ms', web.stages.captureMs, node.stages.captureMs],
  ['preprocess ms', web.stages.preprocessMs, node.stages.preprocessMs],
  ['CNN ms', web.stages.cnnMs, node.stages.cnnMs],
  ['head (step) ms', web.stages.headMs, node.stages.headMs],
  ['frame → label ms', web.stages.totalMs, node.stages.totalMs],
  ['stage-sum fps', web.capacityFps, node.capacityFps],
  ['achieved fps', web.fps, node.fps],
];
const pad = (s: string, n: number): string => s.padEnd(n);
const num = (v: number): string => v.toFixed(v >= 100 ? 0 : 2).padStart(10);
console.log(`browser: ${web.detail}; achieved ${web.fps.toFixed(2)} fps, ${web.dropped} dropped, label ${web.label}`);
console.log(`node:    ${node.detail}; label ${node.label}`);
console.log(`${pad('stage', 18)}${'browser'.padStart(10)}${'node'.padStart(10)}${'browser/node'.padStart(14)}`);
for (const [name, w, n] of rows) console.log(`${pad(name, 18)}${num(w)}${num(n)}${(n > 0 ? (w / n).toFixed(2) : '–').padStart(14)}`);
console.log(
  JSON.stringify({
    bench: 'realtime',
    pack: PACK,
    clip: CLIP,
    input: INPUT,
    frames: FRAMES,
    browser: { ...web },
    node: { ...node },
    ratio: { cnnMs: web.stages.cnnMs / node.stages.cnnMs, headMs: node.stages.headMs > 0 ? web.stages.headMs / node.stages.headMs : null, totalMs: web.stages.totalMs / node.stages.totalMs },
  }),
);
