// npm run bench:batch -- [--n 80] [--data DIR] [--pack ID] [--every 10] [--concurrency N] [--skip-build]
//
// Classifies N real clips (round-robin over DIR/<Class>/*) through the BUILT app's batch screen in
// headless Chromium and prints memory as the batch goes, to show it stays flat:
//   - page JS heap (CDP Performance.getMetrics JSHeapUsedSize, after a forced GC),
//   - JS memory of the page and of each worker (performance.measureUserAgentSpecificMemory,
//     available because the app is cross-origin isolated),
//   - resident memory of the renderer process that hosts the page and its workers (the ffmpeg
//     and onnxruntime WASM heaps live there), read from /proc.
// The last stdout line is one JSON object with every sample.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { preview } from 'vite';
import { chromiumLaunchOptions } from '../e2e/support/browser';
import { isVideoName } from '../src/features/files/picked';
import { parseCli } from './lib/cli';

interface Options {
  n: number;
  data: string;
  pack: string | null;
  every: number;
  concurrency: number | null;
  skipBuild: boolean;
}

function fail(message: string): never {
  console.error(`bench-batch: ${message}`);
  process.exit(2);
}

function parseArgs(): Options {
  const root = resolve(import.meta.dirname, '..');
  const cli = parseCli('bench-batch', 'npm run bench:batch -- [--n 80] [--data DIR] [--pack ID] [--every 10] [--concurrency N] [--skip-build]', {
    n: { kind: 'positive-int', default: 80 },
    data: { kind: 'string', default: resolve(root, '..', 'shared', 'data', 'ucf101-6') },
    pack: { kind: 'string' },
    every: { kind: 'positive-int', default: 10 },
    concurrency: { kind: 'positive-int' },
    'skip-build': { kind: 'flag' },
  });
  return { n: cli.n, data: resolve(cli.data), pack: cli.pack ?? null, every: cli.every, concurrency: cli.concurrency ?? null, skipBuild: cli['skip-build'] };
}

/** N clips, taking one from each class folder in turn, so every class is represented. */
function pickClips(dir: string, n: number): string[] {
  if (!existsSync(dir)) fail(`${dir} does not exist`);
  const classes = readdirSync(dir)
    .sort()
    .filter((c) => statSync(join(dir, c)).isDirectory())
    .map((c) => readdirSync(join(dir, c)).filter(isVideoName).sort().map((f) => join(dir, c, f)));
  const out: string[] = [];
  for (let k = 0; out.length < n; k++) {
    const before = out.length;
    for (const clips of classes) if (clips[k] && out.length < n) out.push(clips[k]!);
    if (out.length === before) break;
  }
  if (out.length < n) console.error(`bench-batch: only ${out.length} clips in ${dir}`);
  return out;
}

interface Sample {
  finished: number;
  elapsedS: number;
  pageHeapMB: number;
  /** measureUserAgentSpecificMemory: bytes by scope (Window, DedicatedWorkerGlobalScope), in MB. */
  uaMemoryMB: { total: number; window: number; workers: number; workerCount: number } | null;
  rendererRssMB: number | null;
  rows: number;
}

const MB = 1024 * 1024;

async function pageHeap(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN) / MB;
}

async function uaMemory(page: Page): Promise<Sample['uaMemoryMB']> {
  return page.evaluate(async () => {
    const measure = (performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number; breakdown: { bytes: number; attribution: { scope?: string }[] }[] }> })
      .measureUserAgentSpecificMemory;
    if (!measure || !crossOriginIsolated) return null;
    const r = await measure.call(performance);
    let window = 0;
    let workers = 0;
    let workerCount = 0;
    for (const b of r.breakdown) {
      const scope = b.attribution[0]?.scope ?? '';
      if (scope === 'Window') window += b.bytes;
      else if (scope.includes('Worker')) (workers += b.bytes), workerCount++;
    }
    const mb = 1024 * 1024;
    return { total: r.bytes / mb, window: window / mb, workers: workers / mb, workerCount };
  });
}

/** RSS of the renderer process(es) of the page: the page, its workers and their WASM heaps. */
function rendererRss(pids: number[]): number | null {
  let kb = 0;
  for (const pid of pids) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      return null;
    }
  }
  return pids.length ? kb / 1024 : null;
}

async function main(): Promise<void> {
  const options = parseArgs();
  const root = resolve(import.meta.dirname, '..');
  const clips = pickClips(options.data, options.n);
  if (!options.skipBuild || !existsSync(join(root, 'dist', 'index.html'))) {
    console.error('bench-batch: building the app (vite build)…');
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const server = await preview({ root, logLevel: 'silent', preview: { port: 0, host: '127.0.0.1', open: false } });
  const url = server.resolvedUrls?.local[0] ?? fail('vite preview did not report a URL');
  const browser = await chromium.launch(chromiumLaunchOptions(['--enable-blink-features=ForceEagerMeasureMemory', '--js-flags=--expose-gc']));
  const samples: Sample[] = [];
  try {
    const page = await browser.newPage();
    await page.goto(`${url}#/batch`);
    await page.waitForFunction(() => window.__reelscope?.getState().packsStatus === 'ready' && !!window.__reelscope?.batch, null, { timeout: 60_000 });
    if (options.pack) {
      const ok = await page.evaluate((id) => {
        window.__reelscope!.selectPack(id);
        return window.__reelscope!.getState().selectedPackId === id;
      }, options.pack);
      if (!ok) fail(`pack ${options.pack} is not offered`);
    }
    if (options.concurrency) {
      await page.getByTestId('batch-toolbar').locator('select').selectOption(String(options.concurrency));
    }
    const setup = await page.evaluate(() => {
      const s = window.__reelscope!.getState();
      return { pack: s.selectedPackId, concurrency: window.__reelscope!.batch.getState().concurrency, cores: navigator.hardwareConcurrency };
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const browserCdp = await browser.newBrowserCDPSession();
    const rendererPids = async (): Promise<number[]> => {
      const info = (await browserCdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
      return info.processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
    };

    const t0 = Date.now();
    const sample = async (finished: number): Promise<void> => {
      const s: Sample = {
        finished,
        elapsedS: (Date.now() - t0) / 1000,
        pageHeapMB: await pageHeap(cdp),
        uaMemoryMB: await uaMemory(page),
        rendererRssMB: rendererRss(await rendererPids()),
        rows: await page.evaluate(() => window.__reelscope!.batch.getState().rows.length),
      };
      samples.push(s);
      const ua = s.uaMemoryMB;
      console.log(
        `[${String(finished).padStart(3)}/${clips.length}] ${s.elapsedS.toFixed(0).padStart(5)} s  page heap ${s.pageHeapMB.toFixed(1)} MB` +
          (ua ? `  JS: window ${ua.window.toFixed(1)} MB, ${ua.workerCount} workers ${ua.workers.toFixed(1)} MB` : '') +
          (s.rendererRssMB === null ? '' : `  renderer RSS ${s.rendererRssMB.toFixed(0)} MB`),
      );
    };

    await sample(0);
    await page.getByTestId('batch-input').setInputFiles(clips);
    for (let next = options.every; ; next = Math.min(next + options.every, clips.length)) {
      await page.waitForFunction(
        (n) => window.__reelscope!.batch.getState().rows.filter((r) => r.status !== 'queued' && r.status !== 'running').length >= n,
        next,
        { timeout: 0, polling: 500 },
      );
      await sample(next);
      if (next >= clips.length) break;
    }
    const rows = await page.evaluate(() => window.__reelscope!.batch.getState().rows);
    const failed = rows.filter((r) => r.status !== 'done');
    for (const r of failed) console.error(`  - ${r.path}: ${r.status}${r.error ? ` ${r.error.code}: ${r.error.message}` : ''}`);
    const ms = rows.flatMap((r) => (r.ms === null ? [] : [r.ms])).sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        ...setup,
        clips: clips.length,
        done: rows.length - failed.length,
        failed: failed.length,
        msPerClipP50: ms[Math.floor(ms.length / 2)] ?? null,
        wallS: (Date.now() - t0) / 1000,
        samples,
      }),
    );
    process.exitCode = failed.length > 0 ? 1 : 0;
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
}

main().catch((error: unknown) => {
  console.error(`bench-batch: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
