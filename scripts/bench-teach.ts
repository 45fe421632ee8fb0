// npm run bench:teach -- [--classes A,B,C] [--clips 10] [--views 3] [--epochs N] [--train-groups g08-g14]
//                        [--test-groups g20,g21,g22] [--data DIR] [--skip-build]
//
// Teaches the BUILT app (headless Chromium, the Teach screen's controller through window.__reelscope)
// `clips` real clips per class, spread over the training groups, then scores the saved pack on every
// clip of the held-out groups in the evaluation screen. Prints feature time per clip, cross-validation,
// training and export time, the out-of-fold (group CV) accuracy and the accuracy on the held-out groups.
// The last stdout line is one JSON object with every figure.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { chromiumLaunchOptions } from '../e2e/support/browser';
import { labelledFolder } from '../e2e/support/media';
import { defaultGroup } from '../src/features/teach/groups';
import { isVideoName } from '../src/features/files/picked';
import { parseCli } from './lib/cli';

interface Options {
  classes: string[];
  clips: number;
  views: number;
  epochs: number | null;
  trainGroups: string[];
  testGroups: string[];
  data: string;
  skipBuild: boolean;
}

function fail(message: string): never {
  console.error(`bench-teach: ${message}`);
  process.exit(2);
}

/** "g08-g14" or "g20,g21" → ["g08", …]. */
function groups(spec: string): string[] {
  return spec.split(',').flatMap((part) => {
    const range = /^g(\d+)-g(\d+)$/.exec(part.trim());
    if (!range) return [part.trim()];
    const out: string[] = [];
    for (let g = Number(range[1]); g <= Number(range[2]); g++) out.push(`g${String(g).padStart(2, '0')}`);
    return out;
  });
}

function parseArgs(): Options {
  const root = resolve(import.meta.dirname, '..');
  const cli = parseCli('bench-teach', 'npm run bench:teach -- [--classes A,B,C] [--clips 10] [--views 3] [--epochs N] [--train-groups g08-g14] [--test-groups g20,g21,g22] [--data DIR] [--skip-build]', {
    classes: { kind: 'string', default: 'Archery,HorseRace,PlayingPiano' },
    clips: { kind: 'positive-int', default: 10 },
    views: { kind: 'positive-int', default: 3 },
    epochs: { kind: 'positive-int' },
    'train-groups': { kind: 'string', default: 'g08-g14' },
    'test-groups': { kind: 'string', default: 'g20,g21,g22' },
    data: { kind: 'string', default: resolve(root, '..', 'shared', 'data', 'ucf101-6') },
    'skip-build': { kind: 'flag' },
  });
  return {
    classes: cli.classes.split(','),
    clips: cli.clips,
    views: cli.views,
    epochs: cli.epochs ?? null,
    trainGroups: groups(cli['train-groups']),
    testGroups: groups(cli['test-groups']),
    data: resolve(cli.data),
    skipBuild: cli['skip-build'],
  };
}

/** `n` clips of a class, taken from the groups in turn (one clip of each group, then a second, …). */
function trainingClips(dir: string, groupsIn: string[], n: number): string[] {
  const byGroup = groupsIn.map((g) => readdirSync(dir).filter(isVideoName).sort().filter((f) => defaultGroup(f) === g));
  const out: string[] = [];
  for (let k = 0; out.length < n; k++) {
    const before = out.length;
    for (const files of byGroup) if (files[k] && out.length < n) out.push(join(dir, files[k]!));
    if (out.length === before) break;
  }
  if (out.length < n) fail(`${dir} has only ${out.length} clips in ${groupsIn.join(', ')}`);
  return out;
}

/** Every clip of the test groups of each class, as a labelled folder for the evaluation screen. */
function heldOutFolder(o: Options): string {
  const clips = o.classes.flatMap((className) =>
    readdirSync(join(o.data, className))
      .filter((f) => isVideoName(f) && o.testGroups.includes(defaultGroup(f)))
      .map((f) => ({ className, path: join(o.data, className, f) })),
  );
  return labelledFolder('reelscope-bench-teach-', clips);
}

async function main(): Promise<void> {
  const o = parseArgs();
  const root = resolve(import.meta.dirname, '..');
  for (const c of o.classes) if (!existsSync(join(o.data, c))) fail(`no folder ${join(o.data, c)} (set --data)`);
  if (!o.skipBuild) {
    console.error('bench-teach: building the app (vite build)…');
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const server = await preview({ root, logLevel: 'silent', preview: { port: 0, host: '127.0.0.1', open: false } });
  const url = server.resolvedUrls?.local[0] ?? fail('vite preview did not report a URL');
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    await page.goto(`${url}#/teach`);
    await page.waitForFunction(() => window.__reelscope?.getState().packsStatus === 'ready', null, { timeout: 60_000 });
    await page.evaluate(({ views }) => {
      const teach = window.__reelscope!.teach;
      teach.setViews(views);
      teach.setPackName('Bench');
    }, o);
    for (const c of o.classes) {
      await page.getByTestId('teach-new-class').fill(c);
      await page.getByTestId('teach-add-class').click();
      await page.getByTestId(`teach-files-${c}`).setInputFiles(trainingClips(join(o.data, c), o.trainGroups, o.clips));
    }
    const t0 = Date.now();
    await page.evaluate((epochs) => window.__reelscope!.teach.train(epochs === null ? {} : { epochs }), o.epochs);
    const wallS = (Date.now() - t0) / 1000;
    const state = await page.evaluate(() => window.__reelscope!.teach.getState());
    if (state.error || !state.score) fail(`teaching failed: ${JSON.stringify(state.error)}`);
    const score = state.score;
    const packId = await page.evaluate(() => window.__reelscope!.teach.save());
    if (!packId) fail(`saving failed: ${JSON.stringify(await page.evaluate(() => window.__reelscope!.teach.getState().error))}`);

    const held = heldOutFolder(o);
    await page.goto(`${url}#/evaluation`);
    await page.getByTestId('eval-input').setInputFiles(held);
    await page.waitForFunction(() => window.__reelscope?.evaluation.getState().status === 'done', null, { timeout: 1_800_000 });
    const report = await page.evaluate(() => window.__reelscope!.evaluation.report()!);

    const t = score.timings;
    const clips = score.clips;
    const lines = [
      `${o.classes.length} classes × ${o.clips} clips (groups ${o.trainGroups[0]}–${o.trainGroups.at(-1)}), ${score.views} views each, epochs ${o.epochs ?? 'from sizeForData'}`,
      `features:   ${(t.featuresMs / 1000).toFixed(1)} s (${(t.featuresMs / 1000 / clips).toFixed(2)} s per clip, ${(t.featuresMs / 1000 / Math.max(1, t.extractedViews)).toFixed(2)} s per view)`,
      `validation: ${(t.validateMs / 1000).toFixed(1)} s (group ${score.scores[0]?.folds}-fold CV of ${score.scores.map((s) => s.headId).join(' and ')})`,
      `training:   ${(t.trainMs / 1000).toFixed(1)} s (every clip, each head; TensorFlow.js ${score.backend} backend)`,
      `export:     ${(t.exportMs / 1000).toFixed(2)} s`,
      `features + validation + training: ${((t.featuresMs + t.validateMs + t.trainMs) / 1000).toFixed(1)} s (wall ${wallS.toFixed(1)} s)`,
      ...score.scores.map((s) => `CV accuracy ${s.headId}: ${s.metrics.accuracy.toFixed(3)} (${Math.round(s.metrics.accuracy * s.metrics.n)}/${s.metrics.n})`),
      ...report.heads.map((h) => `held-out ${o.testGroups.join(',')} ${h.headId}: ${h.metrics.accuracy.toFixed(3)} (${Math.round(h.metrics.accuracy * h.metrics.n)}/${h.metrics.n})`),
    ];
    for (const line of lines) console.log(line);
    console.log(
      JSON.stringify({
        options: o,
        packId,
        timings: t,
        backend: score.backend,
        wallS,
        cv: score.scores.map((s) => ({ head: s.headId, accuracy: s.metrics.accuracy, n: s.metrics.n, folds: s.foldAccuracies })),
        heldOut: report.heads.map((h) => ({ head: h.headId, accuracy: h.metrics.accuracy, n: h.metrics.n })),
        warnings: score.warnings,
      }),
    );
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
}

void main().catch((error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
