// npx tsx scripts/bench-decode-paths.ts [--runs 2] [--seconds 10]
//
// Decode time per resolution on both decode paths of the BUILT app (build first: npm run build):
// the WebCodecs fast path and ffmpeg.wasm, each in a fresh decode worker (e2e/support/decodeLab.ts),
// next to native ffmpeg with the app's own arguments (workers/decode/decodeClip.ts), in one run.
// Renders 10 s testsrc2 clips at 30 fps: H.264 at 240p, 360p, 720p and 1080p (x264's default GOP,
// and a keyframe every second), VP9 and AV1 at 720p. Prints the median of `--runs` after a warm-up
// (probe + 16 frames at 256 → 224; ffmpeg.wasm's load excluded) and the stage split of the fast path.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { chromiumLaunchOptions } from '../e2e/support/browser';
import { decodeInPage, isLabDecode } from '../e2e/support/decodeLab';
import { quantile } from '../src/pipeline/metrics';
import { decodeClip } from '../workers/decode/decodeClip';
import { parseCli } from './lib/cli';
import { NativeFfmpeg } from './lib/nativeFfmpeg';

const { runs: RUNS, seconds: SECONDS } = parseCli('bench-decode-paths', 'npx tsx scripts/bench-decode-paths.ts [--runs 2] [--seconds 10]', {
  runs: { kind: 'positive-int', default: 2 },
  seconds: { kind: 'number', default: 10 },
});
const GEOMETRY = { resizeShortSide: 256, size: 224, interpolation: 'bilinear' as const };
const H264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'];
const CLIPS: { name: string; size: string; args: string[] }[] = [
  { name: 'h264-240p.mp4', size: '426x240', args: H264 },
  { name: 'h264-360p.mp4', size: '640x360', args: H264 },
  { name: 'h264-720p.mp4', size: '1280x720', args: H264 },
  { name: 'h264-1080p.mp4', size: '1920x1080', args: H264 },
  { name: 'h264-1080p-gop30.mp4', size: '1920x1080', args: [...H264, '-g', '30'] },
  { name: 'vp9-720p.webm', size: '1280x720', args: ['-c:v', 'libvpx-vp9', '-b:v', '0', '-crf', '34', '-deadline', 'realtime', '-cpu-used', '8'] },
  { name: 'av1-720p.mkv', size: '1280x720', args: ['-c:v', 'libaom-av1', '-crf', '40', '-b:v', '0', '-cpu-used', '8'] },
];

async function nativeMs(path: string): Promise<number> {
  const host = new NativeFfmpeg();
  try {
    const t0 = performance.now();
    await decodeClip(host, { file: new File([readFileSync(path)], basename(path)), frames: 16, geometry: GEOMETRY, mode: { kind: 'batched', batch: 4 } },
      { metadata: () => undefined, frame: () => undefined, progress: () => undefined }, new AbortController().signal);
    return performance.now() - t0;
  } catch {
    return NaN;
  } finally {
    host.dispose();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'reelscope-bench-paths-'));
  const root = resolve(import.meta.dirname, '..');
  const server = await preview({ root, logLevel: 'silent', preview: { port: 0, host: '127.0.0.1', open: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  const browser = await chromium.launch(chromiumLaunchOptions());
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('| clip | WebCodecs ms (demux / decode / resize) | ffmpeg.wasm ms | native ffmpeg ms | ffmpeg.wasm / WebCodecs |');
  console.log('|---|---|---|---|---|');
  try {
    const page = await browser.newPage();
    await page.goto(url);
    for (const clip of CLIPS) {
      const path = join(dir, clip.name);
      execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${clip.size}:rate=30`, '-t', String(SECONDS), ...clip.args, path]);
      const times = { webcodecs: [] as number[], ffmpeg: [] as number[], native: [] as number[] };
      const stages: { demuxMs: number; decodeMs: number; resizeMs: number }[] = [];
      for (let run = 0; run <= RUNS; run++) {
        for (const decodePath of ['webcodecs', 'ffmpeg'] as const) {
          const r = await decodeInPage(page, path, { frames: 16, geometry: GEOMETRY, path: decodePath });
          const ms = isLabDecode(r) && r.summary.path === decodePath ? r.summary.decodeMs : NaN;
          if (run > 0) times[decodePath].push(ms);
          if (run > 0 && isLabDecode(r) && r.summary.stageMs) stages.push(r.summary.stageMs);
        }
        const n = await nativeMs(path);
        if (run > 0) times.native.push(n);
      }
      const med = (xs: number[]): number => (xs.some(Number.isNaN) ? NaN : quantile(xs, 0.5));
      const [w, f, n] = [med(times.webcodecs), med(times.ffmpeg), med(times.native)];
      const stage = (key: 'demuxMs' | 'decodeMs' | 'resizeMs'): number => Math.round(quantile(stages.map((s) => s[key]), 0.5));
      const show = (ms: number): string => (Number.isNaN(ms) ? 'cannot decode' : String(Math.round(ms)));
      console.log(`| ${clip.name} | ${show(w)} (${stage('demuxMs')} / ${stage('decodeMs')} / ${stage('resizeMs')}) | ${show(f)} | ${show(n)} | ${Number.isNaN(f) ? '—' : (f / w).toFixed(1)} |`);
    }
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
