// npx tsx scripts/bench-cnn.ts [-- --runs 8 --pack ucf101-6]
//
// What the CNN costs per frame in the built app against onnxruntime-node on the same graph, in
// one run:
//   - the backbone alone in the app's inference worker (onnxruntime-web WASM), per batch size and
//     thread count, against onnxruntime-node with the same batch and intra-op threads;
//   - the app's whole CNN stage per frame on a real clip (preprocessing, transfers and batching
//     included), at the app's default settings.
// Prints one JSON row per setting and writes them to .cache/bench/cnn.json. Build the app first
// (`npm run build`) and run it on an otherwise idle machine.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { AppDriver } from '../e2e/support/app';
import { chromiumLaunchOptions } from '../e2e/support/browser';
import { realClip } from '../e2e/support/media';
import { parsePackManifest, resolvePackPath } from '../src/pipeline/manifest';
import { quantile } from '../src/pipeline/metrics';
import { framesToBatch } from '../src/pipeline/preprocess';
import { parseCli } from './lib/cli';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { runs: RUNS, pack: PACK } = parseCli('bench-cnn', 'npm run bench:cnn -- [--runs 8] [--pack ucf101-6]', {
  runs: { kind: 'positive-int', default: 8 },
  pack: { kind: 'string', default: 'ucf101-6' },
});
const BATCHES = [1, 4, 16];
const THREADS = [1, 2];

const manifestPath = join(ROOT, 'public/models', PACK, 'manifest.json');
const manifest = parsePackManifest(JSON.parse(readFileSync(manifestPath, 'utf8')), manifestPath);
const variant = manifest.backbone.variants.find((v) => v.backends.includes('wasm'))!;
const backbonePath = resolvePackPath(manifestPath, variant.file);

/** onnxruntime-node on the same graph and the same synthetic picture as the worker's benchBackbone. */
async function nativeMsPerRun(batch: number, threads: number): Promise<number[]> {
  const session = await ort.InferenceSession.create(readFileSync(backbonePath), {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  const { size } = manifest.input;
  const frame = new Uint8Array(size * size * 3).map((_, i) => (i * 37) % 251);
  const input = new ort.Tensor('float32', framesToBatch(Array.from({ length: batch }, () => frame), manifest.input), [batch, 3, size, size]);
  const ms: number[] = [];
  for (let r = 0; r <= RUNS; r++) {
    const t0 = performance.now();
    await session.run({ [manifest.backbone.inputName]: input }, [manifest.backbone.featuresOutput]);
    if (r > 0) ms.push(performance.now() - t0); // the first run plans and allocates
  }
  await session.release();
  return ms;
}

async function main(): Promise<void> {
  const server = await preview({ logLevel: 'silent', preview: { port: 0, host: '127.0.0.1', open: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  const browser = await chromium.launch(chromiumLaunchOptions());
  const rows: Record<string, number | string>[] = [];
  const print = (row: Record<string, number | string>) => {
    rows.push(row);
    console.log(JSON.stringify(row));
  };
  try {
    const page = await browser.newPage();
    const app = new AppDriver(page);
    await app.open(url);
    await app.setBackend('wasm');
    for (const threads of THREADS) {
      for (const batch of BATCHES) {
        const web = await page.evaluate(
          (o) => window.__reelscope!.bench.backbone(o),
          { packId: PACK, batch, runs: RUNS + 1, threads },
        );
        const webMs = quantile(web.msPerRun.slice(1), 0.5) / batch;
        const nodeMs = quantile(await nativeMsPerRun(batch, threads), 0.5) / batch;
        print({ what: 'backbone', precision: web.precision, threads, batch, webMsPerFrame: +webMs.toFixed(1), nodeMsPerFrame: +nodeMs.toFixed(1), ratio: +(webMs / nodeMs).toFixed(2) });
      }
    }
    // The app's own CNN stage on a real clip, at its defaults (a fresh worker: no thread override).
    await app.open(url);
    await app.selectPack(PACK);
    await app.setBackend('wasm');
    const clip = realClip('Archery', 0);
    const perFrame: number[] = [];
    let threads = 0;
    for (let r = 0; r <= Math.min(RUNS, 4); r++) {
      const outcome = await app.classify(clip);
      if (outcome.status !== 'done') throw new Error(`${clip}: ${outcome.error?.code} ${outcome.error?.message}`);
      const summary = await page.evaluate(() => window.__reelscope!.summary());
      threads = summary.backend?.threads ?? 0;
      if (r > 0) perFrame.push(summary.timings!.cnnMs / summary.frames);
    }
    const nodeBatch16 = quantile(await nativeMsPerRun(16, threads || 2), 0.5) / 16;
    const appMs = quantile(perFrame, 0.5);
    print({ what: 'app CNN stage (real clip, preprocessing + transfers + batching)', threads, appMsPerFrame: +appMs.toFixed(1), nodeMsPerFrameBatch16: +nodeBatch16.toFixed(1), ratio: +(appMs / nodeBatch16).toFixed(2) });
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.httpServer.close(() => r()));
  }
  const out = join(ROOT, '.cache/bench/cnn.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ pack: PACK, runs: RUNS, rows, at: new Date().toISOString() }, null, 2));
  console.log(`wrote ${out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
