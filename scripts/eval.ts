// npm run eval -- --data DIR [--pack ID] [--head ssm|lstm|…] [--backend wasm|webgpu] [--skip-build]
//
// Runs the BUILT app in headless Chromium through its real pipeline (file input → decode worker →
// inference worker → store) on every clip in DIR/<Class>/*, prints a line per clip and, as the
// LAST stdout line, one JSON object with accuracy, macro-F1, per-class metrics, the confusion
// matrix, ms per clip, and how much the confidence means: ECE (15 bins) and the AUROC of
// confidence for correctness over the in-scope clips (src/pipeline/metrics.ts confidenceQuality,
// as the evaluation view). A class folder that is not one of the pack's labels counts as
// "none of these". Exits non-zero if any clip could not be processed, naming each and why.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { chromiumLaunchOptions, WEBGPU_FLAGS } from '../e2e/support/browser';
import { confidenceQuality, evaluate, outcomeLabels, quantile, truthForFolder } from '../src/pipeline/metrics';
import { NONE_OF_THESE } from '../src/pipeline/postprocess';
import { AppDriver } from '../e2e/support/app';
import { parseCli } from './lib/cli';

interface Options {
  data: string;
  pack: string | null;
  head: string | null;
  backend: 'wasm' | 'webgpu' | null;
  skipBuild: boolean;
}

const VIDEO_FILE = /\.(avi|mp4|m4v|mov|webm|mkv|gif|ogv)$/i;

function parseArgs(): Options {
  const cli = parseCli('eval', 'npm run eval -- --data DIR [--pack ID] [--head ID] [--backend wasm|webgpu] [--skip-build]', {
    data: { kind: 'string' },
    pack: { kind: 'string' },
    head: { kind: 'string' },
    backend: { kind: 'string', choices: ['wasm', 'webgpu'] },
    'skip-build': { kind: 'flag' },
  });
  if (!cli.data) fail('--data DIR is required (a folder with one subfolder of clips per class)');
  return { data: cli.data, pack: cli.pack ?? null, head: cli.head ?? null, backend: cli.backend ?? null, skipBuild: cli['skip-build'] };
}

function fail(message: string): never {
  console.error(`eval: ${message}`);
  process.exit(2);
}

interface LabelledClip {
  path: string;
  className: string;
}

function listClips(dir: string): LabelledClip[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) fail(`${dir} is not a folder`);
  const clips: LabelledClip[] = [];
  for (const className of readdirSync(dir).sort()) {
    const classDir = join(dir, className);
    if (!statSync(classDir).isDirectory()) continue;
    for (const name of readdirSync(classDir).sort()) {
      if (VIDEO_FILE.test(name)) clips.push({ path: join(classDir, name), className });
    }
  }
  if (clips.length === 0) fail(`${dir} has no clips in class subfolders (DIR/<Class>/*.avi …)`);
  return clips;
}

async function main(): Promise<void> {
  const options = parseArgs();
  const root = resolve(import.meta.dirname, '..');
  const dataDir = resolve(options.data);
  const clips = listClips(dataDir);

  if (!options.skipBuild || !existsSync(join(root, 'dist', 'index.html'))) {
    console.error('eval: building the app (vite build)…');
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const server = await preview({ root, logLevel: 'silent', preview: { port: 0, host: '127.0.0.1', open: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) fail('vite preview did not report a URL');

  const browser = await chromium.launch(chromiumLaunchOptions(options.backend === 'webgpu' ? WEBGPU_FLAGS : []));
  const failures: string[] = [];
  try {
    const page = await browser.newPage();
    const app = new AppDriver(page);
    await app.open(url);
    if (options.backend) await app.setBackend(options.backend);
    if (options.pack) await app.selectPack(options.pack);
    if (options.head) await app.selectHead(options.head);
    const setup = await app.summaryOfSetup();
    const packLabels = setup.labels;
    const canAbstain = setup.hasOod;
    const labels = outcomeLabels(packLabels, canAbstain, NONE_OF_THESE);

    const truths: string[] = [];
    const predictions: string[] = [];
    const predicted: string[] = [];
    const confidences: number[] = [];
    const msPerClip: number[] = [];
    for (const [k, clip] of clips.entries()) {
      const name = relative(dataDir, clip.path);
      const truth = truthForFolder(clip.className, packLabels, canAbstain, NONE_OF_THESE);
      if (truth === null) {
        failures.push(`${name}: class folder "${clip.className}" is not a label of pack ${setup.packId}, which cannot say "none of these"`);
        continue;
      }
      const result = await app.classify(clip.path);
      if (result.status !== 'done' || !result.label || !result.predicted) {
        const why = result.error ? `${result.error.code}: ${result.error.message}` : `run ended as ${result.status}`;
        failures.push(`${name}: ${why}`);
        console.log(`[${k + 1}/${clips.length}] ${name}  FAILED  ${why}`);
        continue;
      }
      truths.push(truth);
      predictions.push(result.label);
      predicted.push(result.predicted);
      confidences.push(result.confidence);
      msPerClip.push(result.totalMs);
      const mark = result.label === truth ? 'ok   ' : 'WRONG';
      console.log(
        `[${k + 1}/${clips.length}] ${name}  ${mark} true=${truth} predicted=${result.label} ` +
          `p=${result.confidence.toFixed(3)}${result.unsure ? ' (unsure)' : ''}${result.oodScore === null ? '' : ` ood=${result.oodScore.toFixed(2)}`} ${Math.round(result.totalMs)} ms`,
      );
    }

    const metrics = evaluate(truths, predictions, labels);
    const confidence = confidenceQuality(truths, predicted, confidences, packLabels);
    const summary = {
      pack: setup.packId,
      head: setup.headId,
      backend: setup.backend,
      n: metrics.n,
      accuracy: metrics.accuracy,
      macroF1: metrics.macroF1,
      perClass: metrics.perClass,
      labels: metrics.labels,
      confusion: metrics.confusion,
      ece: Number.isFinite(confidence.ece) ? confidence.ece : null,
      confidenceAuroc: Number.isFinite(confidence.confidenceAuroc) ? confidence.confidenceAuroc : null,
      confidenceClips: confidence.n,
      msPerClip: { p50: quantile(msPerClip, 0.5), p95: quantile(msPerClip, 0.95) },
    };
    if (failures.length > 0) {
      console.error(`eval: ${failures.length} clip(s) could not be processed:`);
      for (const f of failures) console.error(`  - ${f}`);
    }
    console.log(JSON.stringify(summary));
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
  process.exit(failures.length > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(`eval: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
