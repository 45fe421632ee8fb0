// npx tsx scripts/profile-teach-train.ts [--epochs 4] [--rounds 3] [--against REV] [--no-noise]
//                                        [--backend cpu] [--browser]
//
// Milliseconds per optimiser step of trainHead on tfjs's WASM backend (single-threaded, as the teach
// worker), for the SSM head and the linear probe, on synthetic features of bench:teach's shape:
// 30 clips × 3 views × T = 16 × D = 1280, 3 classes, options from recipeFor (batch 16, so 6 steps an
// epoch). In Node by default; --browser runs the same loop in a module worker of headless Chromium
// (bundled with esbuild, which tsx and Vite bring; served from a loopback port). With --against REV the
// src/teach of that git revision is copied under .cache/ and timed interleaved with the working tree's
// (A, B, A, B…) so that load on the machine cancels; medians. Each runs with Identity's data shared or
// copied as its revision's teach worker did (src/teach/wasmKernels.ts). --no-noise sets every
// dropout/noise rate to 0 (not the recipe: to see what the noise costs). --backend cpu: Node only.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, relative, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as current from '../src/teach/train';
import { chromiumLaunchOptions } from '../e2e/support/browser';
import { parseCli } from './lib/cli';
import { profileSteps, type TrainModule, type Variant } from './lib/teachProfile';

const { epochs, rounds, against: againstRev, 'no-noise': noNoise, backend, browser: inBrowser } = parseCli('profile-teach-train', 'npx tsx scripts/profile-teach-train.ts [--epochs 4] [--rounds 3] [--against REV] [--no-noise] [--backend cpu] [--browser]', {
  epochs: { kind: 'positive-int', default: 4 },
  rounds: { kind: 'positive-int', default: 3 },
  against: { kind: 'string' },
  'no-noise': { kind: 'flag' },
  backend: { kind: 'string', default: 'wasm' },
  browser: { kind: 'flag' },
});
const against = againstRev ?? null;

const ROOT = resolve(import.meta.dirname, '..');
const CACHE = join(ROOT, '.cache', 'ab-teach');

/**
 * src/teach of `rev` under .cache/ab-teach/<rev>/teach, its '../' imports pointed at the working tree's
 * src/; its train.ts, and whether that revision's teach worker shared Identity's data (wasmKernels.ts).
 */
function snapshot(rev: string): { train: string; sharedIdentity: boolean } {
  const dir = join(CACHE, rev.replace(/[^\w.-]/g, '_'), 'teach');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = execFileSync('git', ['ls-tree', '--name-only', `${rev}:src/teach`], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((f) => f.endsWith('.ts'));
  const src = relative(dir, join(ROOT, 'src')).split('\\').join('/');
  for (const f of files) {
    const text = execFileSync('git', ['show', `${rev}:src/teach/${f}`], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
    writeFileSync(join(dir, f), text.replace(/from '\.\.\//g, `from '${src}/`));
  }
  return { train: join(dir, 'train.ts'), sharedIdentity: files.includes('wasmKernels.ts') };
}

async function inNode(): Promise<string[]> {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend(backend))) throw new Error(`the ${backend} backend did not start`);
  await tf.ready();
  const variants: Variant[] = [{ name: 'new', module: current, sharedIdentity: true }];
  if (against) {
    const old = snapshot(against);
    variants.unshift({ name: `old (${against})`, module: (await import(old.train)) as TrainModule, sharedIdentity: old.sharedIdentity });
  }
  return profileSteps(variants, { epochs, rounds, noNoise });
}

async function inChromium(): Promise<string[]> {
  const { build } = await import('esbuild');
  const { chromium } = await import('playwright-core');
  const old = against ? snapshot(against) : null;
  const out = join(CACHE, 'browser');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [join(ROOT, 'scripts/lib/teachProfileWorker.ts')],
    bundle: true,
    format: 'esm',
    outfile: join(out, 'worker.js'),
    alias: { 'teach-profile-old': old?.train ?? join(ROOT, 'src/teach/train.ts') },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  const wasmDir = join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) copyFileSync(join(wasmDir, f), join(out, f));
  const types: Record<string, string> = { js: 'text/javascript', wasm: 'application/wasm' };
  const server = createServer((req, res) => {
    const name = (req.url ?? '/').slice(1) || 'index.html';
    if (name === 'index.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>profile-teach-train</title>');
      return;
    }
    try {
      const body = readFileSync(join(out, name.replace(/[^\w.-]/g, '')));
      res.writeHead(200, { 'content-type': types[name.split('.').pop()!] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  }).listen(0, '127.0.0.1');
  await new Promise((ready) => server.once('listening', ready));
  const port = (server.address() as { port: number }).port;
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    const request = { epochs, rounds, noNoise, against, oldSharedIdentity: old?.sharedIdentity ?? true };
    const reply = await page.evaluate(
      (r) =>
        new Promise<{ lines?: string[]; error?: string }>((done) => {
          const worker = new Worker('/worker.js', { type: 'module' });
          worker.onmessage = (e) => done(e.data);
          worker.onerror = (e) => done({ error: e.message });
          worker.postMessage(r);
        }),
      request,
    );
    if (reply.error) throw new Error(reply.error);
    return [`Chromium ${browser.version()}, module worker:`, ...reply.lines!];
  } finally {
    await browser.close();
    server.close();
  }
}

if (inBrowser && backend !== 'wasm') throw new Error('--browser runs the WASM backend only');
for (const line of await (inBrowser ? inChromium() : inNode())) console.log(line);
