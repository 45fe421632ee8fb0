// npm run bench:decode [-- --runs 2 --seconds 2]
//
// What decoding costs per megapixel, in the built app (ffmpeg.wasm in the decode worker) and in
// native ffmpeg on the same files with the same arguments (workers/decode/decodeClip.ts on
// scripts/lib/nativeFfmpeg.ts), in one run. Renders H.264 and HEVC clips at 0.08–5 MP (30 fps,
// a keyframe every second, as phones write), classifies each `--runs` times after a warm-up, and
// prints the median decode time (probe + 16 frames), the browser/native ratio and ms per
// megapixel per sampled frame. Build the app first (`npx vite build`); run on an idle machine.
import { readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { AppDriver } from '../e2e/support/app';
import { chromiumLaunchOptions } from '../e2e/support/browser';
import { corpusDir } from '../e2e/support/corpus';
import { quantile } from '../src/pipeline/metrics';
import { decodeClip } from '../workers/decode/decodeClip';
import { parseCli } from './lib/cli';
import { NativeFfmpeg } from './lib/nativeFfmpeg';

const { runs: RUNS, seconds: SECONDS } = parseCli('bench-decode', 'npm run bench:decode -- [--runs 2] [--seconds 2]', {
  runs: { kind: 'positive-int', default: 2 },
  seconds: { kind: 'number', default: 2 },
});
const SIZES: [number, number][] = [[320, 240], [640, 480], [1280, 960], [2592, 1944]];
const CODECS: Record<string, string[]> = {
  h264: ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '30'],
  hevc: ['-c:v', 'libx265', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-tag:v', 'hvc1', '-x265-params', 'log-level=error:keyint=30'],
};
const GEOMETRY = { resizeShortSide: 256, size: 224, interpolation: 'bilinear' as const };

async function nativeDecodeMs(path: string): Promise<number> {
  const host = new NativeFfmpeg();
  try {
    const file = new File([readFileSync(path)], basename(path));
    const t0 = performance.now();
    await decodeClip(host, { file, frames: 16, geometry: GEOMETRY, mode: { kind: 'batched', batch: 4 } },
      { metadata: () => undefined, frame: () => undefined, progress: () => undefined }, new AbortController().signal);
    return performance.now() - t0;
  } finally {
    host.dispose();
  }
}

async function main(): Promise<void> {
  const dir = corpusDir();
  const server = await preview({ logLevel: 'silent', preview: { port: 0, host: '127.0.0.1', open: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  const browser = await chromium.launch(chromiumLaunchOptions());
  const rows: Record<string, number | string>[] = [];
  try {
    const page = await browser.newPage();
    const app = new AppDriver(page);
    await app.open(url);
    await app.selectPack('imagenet');
    for (const [codec, args] of Object.entries(CODECS)) {
      for (const [w, h] of SIZES) {
        const path = join(dir, `${codec}-${w}x${h}.mp4`);
        execFileSync('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${w}x${h}:rate=30`, '-t', String(SECONDS), ...args, path]);
        const browserMs: number[] = [];
        const nativeMs: number[] = [];
        for (let run = 0; run <= RUNS; run++) {
          const outcome = await app.classify(path, 600_000);
          if (outcome.status !== 'done') throw new Error(`${path}: ${outcome.error?.code} ${outcome.error?.message}`);
          const timings = await page.evaluate(() => window.__reelscope!.summary().timings);
          const native = await nativeDecodeMs(path);
          if (run === 0) continue; // warm-up
          browserMs.push(timings!.decodeMs);
          nativeMs.push(native);
        }
        const mp = (w * h) / 1e6;
        const b = quantile(browserMs, 0.5);
        const n = quantile(nativeMs, 0.5);
        const row = { codec, size: `${w}x${h}`, megapixels: +mp.toFixed(2), browserMs: Math.round(b), nativeMs: Math.round(n), ratio: +(b / n).toFixed(2), browserMsPerMpFrame: +(b / 16 / mp).toFixed(1) };
        rows.push(row);
        console.log(JSON.stringify(row));
      }
    }
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ runs: RUNS, seconds: SECONDS, frames: 16, rows }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
