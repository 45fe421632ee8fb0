// npm run bench [-- --runs 3 --long --hour --only h264-360p,h264-360p-1h --paths webcodecs,ffmpeg --render-only]
//
// The one end-to-end benchmark: the built app in headless Chromium against the same pipeline run
// natively (scripts/lib/nativePipeline.ts: the app's own decode stage on native ffmpeg and its own
// pack runtime on onnxruntime-node, same graphs, same frames), in one run, on clips it renders
// from a real UCF101 clip: H.264 at 240p / 360p / 720p / 1080p, VP9, AV1, MPEG-4 AVI and HEVC,
// 10 s each; with --long a 10-minute H.264 clip with a single keyframe, with --hour a 1-hour one at
// x264's default GOP; --only keeps the named clips.
//
// For each clip it prints, per stage (decode with probe, CNN, heads + OOD, end to end), the median
// warm time in the browser, natively, and their ratio; plus the cold start (page → packs ready →
// first result). Writes .cache/bench/bench.json. Build first (`npm run build`); run it on an
// otherwise idle machine (the ratios compare two runs on the same cores).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { preview } from 'vite';
import { AppDriver } from '../e2e/support/app';
import { chromiumLaunchOptions } from '../e2e/support/browser';
import { realClip } from '../e2e/support/media';
import { parsePackManifest } from '../src/pipeline/manifest';
import { quantile } from '../src/pipeline/metrics';
import { parseCli } from './lib/cli';
import { NativePipeline, type NativeTimings } from './lib/nativePipeline';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, '.cache/bench');
const cli = parseCli('bench', 'npm run bench -- [--runs 3] [--long] [--hour] [--only CLIP,…] [--paths auto,webcodecs,ffmpeg] [--native-threads 2] [--render-only]', {
  runs: { kind: 'positive-int', default: 3 },
  paths: { kind: 'string', default: 'auto' },
  'native-threads': { kind: 'positive-int', default: 2 },
  long: { kind: 'flag' },
  hour: { kind: 'flag' },
  only: { kind: 'string' },
  'render-only': { kind: 'flag' },
});
const RUNS = cli.runs;
const PATHS = cli.paths.split(',');
const PACK = 'ucf101-6';
const THREADS = cli['native-threads'];

interface ClipSpec {
  name: string;
  size: [number, number];
  seconds: number;
  args: string[];
  ext: string;
}

const x264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'];
const CLIPS: ClipSpec[] = [
  { name: 'h264-240p', size: [426, 240], seconds: 10, args: x264, ext: 'mp4' },
  { name: 'h264-360p', size: [640, 360], seconds: 10, args: x264, ext: 'mp4' },
  { name: 'h264-720p', size: [1280, 720], seconds: 10, args: x264, ext: 'mp4' },
  { name: 'h264-1080p', size: [1920, 1080], seconds: 10, args: x264, ext: 'mp4' },
  { name: 'vp9-360p', size: [640, 360], seconds: 10, args: ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '1M'], ext: 'webm' },
  { name: 'av1-360p', size: [640, 360], seconds: 10, args: ['-c:v', 'libsvtav1', '-preset', '12', '-pix_fmt', 'yuv420p'], ext: 'mp4' },
  { name: 'mpeg4-avi-240p', size: [320, 240], seconds: 10, args: ['-c:v', 'mpeg4', '-q:v', '5'], ext: 'avi' },
  { name: 'hevc-720p', size: [1280, 720], seconds: 10, args: ['-c:v', 'libx265', '-preset', 'ultrafast', '-tag:v', 'hvc1', '-x265-params', 'log-level=error'], ext: 'mp4' },
  ...(cli.long
    ? [{ name: 'h264-360p-10min-1keyframe', size: [640, 360] as [number, number], seconds: 600, args: [...x264, '-g', '1000000', '-x264-params', 'scenecut=0'], ext: 'mp4' }]
    : []),
  ...(cli.hour ? [{ name: 'h264-360p-1h', size: [640, 360] as [number, number], seconds: 3600, args: x264, ext: 'mp4' }] : []),
];
const ONLY = cli.only === undefined ? null : new Set(cli.only.split(','));
const SELECTED = ONLY ? CLIPS.filter((c) => ONLY.has(c.name)) : CLIPS;

/** A real clip (UCF101 HorseRace), looped to `seconds` and scaled: real motion, so real decode cost. */
function render(spec: ClipSpec): string {
  const path = join(OUT, 'clips', `${spec.name}.${spec.ext}`);
  if (existsSync(path)) return path;
  mkdirSync(dirname(path), { recursive: true });
  const [w, h] = spec.size;
  execFileSync('ffmpeg', [
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-stream_loop', '-1', '-i', realClip('HorseRace', 0),
    '-t', String(spec.seconds), '-an', '-vf', `scale=${w}:${h},setsar=1`, '-r', '25', ...spec.args, path,
  ]);
  return path;
}

interface Stages {
  decodeMs: number;
  cnnMs: number;
  headsMs: number;
  totalMs: number;
}

async function browserRun(page: Page, app: AppDriver, path: string): Promise<Stages & { label: string | null; decodePath: string }> {
  const outcome = await app.classify(path, 900_000);
  if (outcome.status !== 'done') throw new Error(`${path}: ${outcome.error?.code} ${outcome.error?.message}`);
  const summary = await page.evaluate(() => window.__reelscope!.summary());
  const t = summary.timings!;
  const headsMs = Object.values(t.headMs).reduce((a, b) => a + b, 0) + t.oodMs;
  const decodePath = summary.decoder?.path ?? '?';
  return { decodeMs: t.decodeMs, cnnMs: t.preprocessMs + t.cnnMs, headsMs, totalMs: t.totalMs - t.loadModelMs, label: outcome.label, decodePath };
}

const median = (xs: number[]) => quantile(xs, 0.5);
const round = (x: number) => Math.round(x);

async function main(): Promise<void> {
  if (SELECTED.length === 0) throw new Error(`--only ${cli.only}: no such clip (clips: ${CLIPS.map((c) => c.name).join(', ')})`);
  const clips = SELECTED.map((spec) => ({ spec, path: render(spec) }));
  const coldClip = clips.find((c) => c.spec.name === 'h264-360p') ?? clips[0]!;
  if (cli['render-only']) return console.log(clips.map((c) => c.path).join('\n'));
  const manifestPath = join(ROOT, 'public/models', PACK, 'manifest.json');
  const manifest = parsePackManifest(JSON.parse(readFileSync(manifestPath, 'utf8')), manifestPath);
  const native = await NativePipeline.open(join(ROOT, 'public/models'), PACK, THREADS, manifest);

  const server = await preview({ logLevel: 'silent', preview: { port: 0, host: '127.0.0.1', open: false } });
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('vite preview did not report a URL');
  const browser = await chromium.launch(chromiumLaunchOptions());
  const rows: Record<string, unknown>[] = [];
  const print = (row: Record<string, unknown>) => {
    rows.push(row);
    console.log(JSON.stringify(row));
  };
  try {
    for (const decode of PATHS) {
      const url = decode === 'auto' ? base : `${base}?decode=${decode}`;
      // Cold start: a fresh context (no HTTP cache), page → packs ready → first result.
      {
        const context = await browser.newContext();
        const page = await context.newPage();
        const app = new AppDriver(page);
        const t0 = Date.now();
        await app.open(url);
        const readyMs = Date.now() - t0;
        await app.setBackend('wasm');
        const first = await browserRun(page, app, coldClip.path);
        const firstResultMs = Date.now() - t0;
        const warm = await browserRun(page, app, coldClip.path);
        print({ what: 'cold start', decode, clip: coldClip.spec.name, readyMs, firstResultMs, firstClipMs: round(first.totalMs), warmClipMs: round(warm.totalMs), firstOverWarm: +(first.totalMs / warm.totalMs).toFixed(2) });
        await context.close();
      }
      const context = await browser.newContext();
      const page = await context.newPage();
      const app = new AppDriver(page);
      await app.open(url);
      await app.setBackend('wasm');
      for (const { spec, path } of clips) {
        const web: (Stages & { decodePath: string; label: string | null })[] = [];
        const nat: NativeTimings[] = [];
        let nativeLabel = '';
        try {
          for (let run = 0; run <= RUNS; run++) {
            const b = await browserRun(page, app, path);
            const n = await native.classify(path);
            nativeLabel = n.label;
            if (run > 0) {
              web.push(b);
              nat.push(n.timings);
            }
          }
        } catch (error) {
          // A clip this path cannot read (AV1 on ffmpeg.wasm) is a row with its error, not the end of the run.
          print({ clip: spec.name, decode, error: error instanceof Error ? error.message : String(error) });
          continue;
        }
        const row: Record<string, unknown> = { clip: spec.name, decode, decodePath: web[0]!.decodePath, label: web[0]!.label, nativeLabel };
        for (const stage of ['decodeMs', 'cnnMs', 'headsMs', 'totalMs'] as const) {
          const w = median(web.map((x) => x[stage]));
          const n = median(nat.map((x) => x[stage]));
          row[stage] = { browser: round(w), native: round(n), ratio: +(w / n).toFixed(2) };
        }
        print(row);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.httpServer.close(() => r()));
  }
  mkdirSync(OUT, { recursive: true });
  const out = join(OUT, 'bench.json');
  writeFileSync(out, JSON.stringify({ runs: RUNS, nativeThreads: THREADS, pack: PACK, at: new Date().toISOString(), rows }, null, 2));
  console.log(`wrote ${out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
