// Your own packs in real Chromium (docs/packs.md): the example pack that training/packs/ builds for
// real is added from a folder and from a .zip, classifies, survives a reload, exports and imports
// again with the same predictions, and is removed; each bad pack gets its own error and the app
// keeps working. Needs /usr/bin/python3 with torch + onnx (scripts/test-all.sh installs them).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { AppDriver, showRoute, type ClipOutcome } from './support/app';
import { dataDir } from './support/media';
import { goOffline, reload, waitForServiceWorker } from './support/offline';
import type {} from '../src/testHook'; // declares window.__reelscope

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PACK_ID = 'example-ucf101-3';
let work = '';
let examplePack = '';

/** Held-out clips (group g20 and others the example head never saw) of its three classes. */
const clipOf = (cls: string, group: string) => {
  const path = join(dataDir('ucf101-6'), cls, `v_${cls}_${group}_c02.avi`);
  if (!existsSync(path)) throw new Error(`missing clip ${path}`);
  return path;
};
const CLIPS = [clipOf('HorseRace', 'g15'), clipOf('PlayingPiano', 'g16'), clipOf('BasketballDunk', 'g20')];

test.beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'reelscope-packs-'));
  examplePack = join(work, PACK_ID);
  const started = Date.now();
  execFileSync('bash', [join(ROOT, 'training/packs/example-pack.sh'), examplePack], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  console.log(`packs.spec: example pack built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
});
test.afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A copy of the example pack, named `name`, changed by `change` (its manifest as JSON, and its folder). */
function variant(name: string, change: (manifest: Record<string, any>, dir: string) => void): string {
  const dir = join(work, name, PACK_ID);
  mkdirSync(dirname(dir), { recursive: true });
  cpSync(examplePack, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  change(manifest, dir);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

/** The folder as a .zip (Python's zipfile, so the zip is written by another tool than the app's). */
function zipOf(folder: string, zipPath: string): string {
  execFileSync('/usr/bin/python3', ['-m', 'zipfile', '-c', zipPath, folder], { cwd: dirname(folder) });
  return zipPath;
}

async function openPacks(page: Page): Promise<void> {
  await showRoute(page, '#/packs');
  await expect(page.getByTestId('packs-screen')).toBeVisible();
}

/** What an add ended with; `text` is the error's message and technical detail. */
type AddOutcome = { added: string | null; code: string | null; text: string | null };

/** Adds a pack through the Packs screen's folder or zip input and waits for the outcome. */
async function addPack(page: Page, how: 'folder' | 'zip', path: string): Promise<AddOutcome> {
  await openPacks(page);
  await page.getByTestId(how === 'folder' ? 'pack-folder-input' : 'pack-zip-input').setInputFiles(path);
  await page.waitForFunction(() => {
    const s = window.__reelscope!.packs.getState();
    return s.busy === null && (s.added !== null || s.failure !== null);
  });
  return page.evaluate(() => {
    const s = window.__reelscope!.packs.getState();
    const error = s.failure?.error;
    return { added: s.added?.packId ?? null, code: error?.code ?? null, text: error ? `${error.message}\n${error.detail ?? ''}` : null };
  });
}

async function classifyAll(page: Page, app: AppDriver, packId: string): Promise<ClipOutcome[]> {
  await app.show('#/clip');
  await app.selectPack(packId);
  const outcomes: ClipOutcome[] = [];
  for (const clip of CLIPS) outcomes.push(await app.classify(clip));
  return outcomes;
}

const essence = (o: ClipOutcome) => ({ status: o.status, predicted: o.predicted, label: o.label, confidence: Number(o.confidence.toFixed(5)), ood: o.oodScore === null ? null : Number(o.oodScore.toFixed(5)) });

test('a pack added from a folder classifies, survives a reload, exports and comes back from its zip with the same predictions', async ({ page }) => {
  const app = new AppDriver(page);
  await app.open('/#/packs');
  await app.setBackend('wasm');

  expect(await addPack(page, 'folder', examplePack)).toEqual({ added: PACK_ID, code: null, text: null });
  const row = page.locator(`[data-testid=pack-row][data-pack-id="${PACK_ID}"]`);
  await expect(row).toHaveAttribute('data-origin', 'added');
  await expect(row.getByTestId('pack-origin')).toContainText(`from folder ${PACK_ID}`);
  expect((await app.state()).selectedPackId).toBe(PACK_ID);

  const fromFolder = await classifyAll(page, app, PACK_ID);
  for (const o of fromFolder) expect(o).toMatchObject({ status: 'done', error: null });
  const labels = fromFolder.map((o) => o.predicted);
  console.log(`packs.spec: the example pack says ${labels.join(', ')} for HorseRace, PlayingPiano, BasketballDunk`);
  expect(labels.filter((l, i) => l === ['HorseRace', 'PlayingPiano', 'BasketballDunk'][i]).length).toBeGreaterThanOrEqual(2);

  await reload(page);
  await app.setBackend('wasm');
  expect((await app.state()).packs.map((p) => p.id)).toContain(PACK_ID);
  expect((await classifyAll(page, app, PACK_ID)).map(essence)).toEqual(fromFolder.map(essence));

  await openPacks(page);
  const download = page.waitForEvent('download');
  await row.getByTestId('pack-export').click();
  const zipPath = join(work, 'exported.zip');
  await (await download).saveAs(zipPath);
  expect((await download).suggestedFilename()).toBe(`${PACK_ID}.zip`);

  // The id is taken, so the zip comes back as a second pack; it must predict exactly as the first.
  expect(await addPack(page, 'zip', zipPath)).toEqual({ added: `${PACK_ID}-2`, code: null, text: null });
  await expect(page.getByTestId('packs-added')).toContainText(`kept as “${PACK_ID}-2”`);
  expect((await classifyAll(page, app, `${PACK_ID}-2`)).map(essence)).toEqual(fromFolder.map(essence));

  // A zip made by another tool, of the folder as the exporter wrote it, adds as well.
  expect(await addPack(page, 'zip', zipOf(examplePack, join(work, 'python.zip')))).toMatchObject({ added: `${PACK_ID}-3`, code: null });

  for (const id of [`${PACK_ID}-2`, `${PACK_ID}-3`]) {
    await openPacks(page);
    const copy = page.locator(`[data-testid=pack-row][data-pack-id="${id}"]`);
    await copy.getByTestId('pack-remove').click();
    await copy.getByTestId('pack-remove-confirm').click();
    await expect(copy).toHaveCount(0);
  }
  await reload(page);
  expect((await app.state()).packs.map((p) => p.id)).toEqual(['ucf101-6', 'imagenet', 'moderation', PACK_ID]);
  // A shipped pack offers no removal.
  await openPacks(page);
  await expect(page.locator('[data-testid=pack-row][data-pack-id="ucf101-6"]').getByTestId('pack-remove')).toHaveCount(0);
});

test('each bad pack gets its own error, and the app keeps working', async ({ page }) => {
  const app = new AppDriver(page);
  await app.open('/#/packs');
  await app.setBackend('wasm');
  const firstHead = (m: Record<string, any>) => m.heads.find((h: { kind: string }) => h.kind !== 'frame-mean');

  const cases: { name: string; how: 'folder' | 'zip'; path: () => string; code: string; says: RegExp }[] = [
    { name: 'schema', how: 'folder', path: () => variant('schema', (m) => delete m.labels), code: 'InvalidManifest', says: /labels/ },
    { name: 'missing', how: 'folder', path: () => variant('missing', (_m, dir) => rmSync(join(dir, 'ood.onnx'))), code: 'PackFileMissing', says: /ood\.onnx/ },
    {
      name: 'hash',
      how: 'folder',
      path: () =>
        variant('hash', (_m, dir) => {
          const bytes = readFileSync(join(dir, 'ssm.step.onnx'));
          const at = bytes.length - 10;
          bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at); // same size, other bytes
          writeFileSync(join(dir, 'ssm.step.onnx'), bytes);
        }),
      code: 'ModelHashMismatch',
      says: /ssm\.step\.onnx/,
    },
    { name: 'graph', how: 'folder', path: () => variant('graph', (m) => (firstHead(m).sequence.input = 'feats')), code: 'PackGraphMismatch', says: /feats/ },
    { name: 'labels', how: 'folder', path: () => variant('labels', (m) => m.labels.push('Juggling')), code: 'PackLabelMismatch', says: /lists 4 labels/ },
    { name: 'kind', how: 'folder', path: () => variant('kind', (m) => (firstHead(m).kind = 'transformer')), code: 'UnknownHeadKind', says: /transformer/ },
    {
      name: 'not a zip',
      how: 'zip',
      path: () => {
        const p = join(work, 'random.zip');
        writeFileSync(p, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
        return p;
      },
      code: 'NotAPack',
      says: /random\.zip/,
    },
    {
      name: 'no manifest',
      how: 'zip',
      path: () => {
        const dir = variant('nomanifest', () => undefined);
        rmSync(join(dir, 'manifest.json'));
        return zipOf(dir, join(work, 'nomanifest.zip'));
      },
      code: 'NotAPack',
      says: /manifest\.json/,
    },
  ];
  for (const c of cases) {
    const path = c.path();
    const outcome = await addPack(page, c.how, path);
    expect(outcome, `${c.name}: ${outcome.text}`).toMatchObject({ added: null, code: c.code });
    expect(outcome.text, c.name).toMatch(c.says);
    await expect(page.getByTestId('error-banner')).toHaveAttribute('data-code', c.code);
    await expect(page.getByTestId('error-banner').getByTestId('error-message')).toHaveText(outcome.text!.split('\n')[0]!); // the specific words, shown
  }
  expect((await app.state()).packs.map((p) => p.id)).toEqual(['ucf101-6', 'imagenet', 'moderation']);
  const leftovers = await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const names: string[] = [];
    try {
      const files = await (await root.getDirectoryHandle('reelscope-packs')).getDirectoryHandle('files');
      for await (const name of (files as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
    } catch {
      // no store yet: nothing was kept
    }
    return names;
  });
  expect(leftovers).toEqual([]);

  // The app still works: the good pack adds and a shipped pack classifies.
  expect(await addPack(page, 'folder', examplePack)).toMatchObject({ added: PACK_ID, code: null });
  await app.show('#/clip');
  await app.selectPack('ucf101-6');
  expect(await app.classify(CLIPS[0]!)).toMatchObject({ status: 'done', error: null });
});

test('an added pack classifies offline, as it did online', async ({ page }) => {
  const app = new AppDriver(page);
  await app.open('/#/packs');
  await waitForServiceWorker(page);
  await app.setBackend('wasm');
  expect(await addPack(page, 'folder', examplePack)).toMatchObject({ added: PACK_ID, code: null });
  const online = await classifyAll(page, app, PACK_ID);

  await goOffline(page);
  await reload(page);
  await app.setBackend('wasm');
  expect((await classifyAll(page, app, PACK_ID)).map(essence)).toEqual(online.map(essence));
  const backend = (await app.state()).backendInfo;
  expect(backend).toMatchObject({ backend: 'wasm', crossOriginIsolated: true });
});

test('a pack larger than the storage left says so', async ({ page }) => {
  // The browser allows 8 MiB more: the example pack's heads fit, the backbone it shares with the app does not.
  await page.addInitScript(() => {
    navigator.storage.estimate = async () => ({ quota: 64 * 2 ** 20, usage: 56 * 2 ** 20 });
  });
  const app = new AppDriver(page);
  await app.open('/#/packs');
  const outcome = await addPack(page, 'folder', examplePack);
  expect(outcome).toMatchObject({ added: null, code: 'PackTooLarge' });
  expect(outcome.text).toMatch(/only 8\.0 MiB more/);
  await expect(page.getByTestId('error-banner')).toHaveAttribute('data-code', 'PackTooLarge');
});
