// Trust, through the built app on a real clip: calibrated probabilities (softmax(logits / T)),
// the "unsure" wording, and the stricter / looser control for "none of these" that moves along
// the pack's operating curve and re-decides the shown clip from its stored OOD score.
//
// The pack's own manifest is served as it is, with one exception per test, said where it is
// made: both fields are optional, so each test serves the manifest with them removed (the app
// must behave exactly as before) or, where the pack does not ship them yet, adds them; a field
// the pack ships is used as shipped.
import { expect, test, type Page } from '@playwright/test';
import type { OperatingPoint, PackManifest } from '../src/pipeline/manifest';
import { NONE_OF_THESE } from '../src/pipeline/postprocess';
import { approxPercent } from '../src/ui/trustWords';
import { AppDriver } from './support/app';
import { realClip } from './support/media';

// These tests edit the manifest with page.route, which never sees a request the service worker
// answers from its precache (it would after the reload below), so this file runs without one.
test.use({ serviceWorkers: 'block' });

const PACK = 'ucf101-6';
const CLIP = realClip('PlayingPiano', 0);

type ManifestJson = PackManifest & Record<string, unknown>;

/** Serves the pack's manifest changed by `edit` (the ONNX files and their hashes stay the pack's). */
async function serveManifest(page: Page, edit: (manifest: ManifestJson) => void): Promise<void> {
  await page.route(`**/models/${PACK}/manifest.json`, async (route) => {
    const response = await route.fetch();
    const manifest = (await response.json()) as ManifestJson;
    edit(manifest);
    await route.fulfill({ response, json: manifest });
  });
}

function stripTrust(manifest: ManifestJson): void {
  if (manifest.ood) delete manifest.ood.operatingCurve;
  for (const head of manifest.heads) if (head.kind !== 'frame-mean') delete head.calibration;
}

async function openPack(page: Page): Promise<AppDriver> {
  const app = new AppDriver(page);
  await app.open();
  await app.selectPack(PACK);
  return app;
}

const summary = (page: Page) => page.evaluate(() => window.__reelscope!.summary());

/**
 * The pack's curve and calibration as shipped; where it ships no curve yet, one written here
 * around its default threshold that brackets every score (its figures are the test's, not
 * measurements). fromPack() says whether the curve is the pack's own, once the app has fetched it.
 */
async function serveWithCurve(page: Page): Promise<{ fromPack: () => boolean }> {
  let fromPack = true;
  await serveManifest(page, (manifest) => {
    const ood = manifest.ood!;
    if (ood.operatingCurve) return;
    fromPack = false;
    const t = ood.threshold;
    ood.operatingCurve = [
      { threshold: -1e9, falseNone: 1, catchRate: 1 },
      { threshold: t - Math.abs(t) / 2 - 1, falseNone: 0.3, catchRate: 0.97 },
      { threshold: t, falseNone: 0.05, catchRate: 0.8 },
      { threshold: 1e9, falseNone: 0, catchRate: 0 },
    ];
  });
  return { fromPack: () => fromPack };
}

function softmaxAt(probabilities: readonly number[], temperature: number): number[] {
  // log p = logits − logsumexp(logits): the constant cancels in the softmax.
  const z = probabilities.map((p) => Math.log(p) / temperature);
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

test('without calibration or a curve the answer reads as before; with calibration the probabilities are softmax(logits / T) and a low one is worded "unsure"', async ({ page }) => {
  // First the manifest without either field; then, after a reload, each temporal head calibrated:
  // the pack's own temperature where it ships one (else 2, written here), and a level of 1 so
  // that the answer must be worded as a guess.
  let calibrate = false;
  const temperatures: Record<string, number> = {};
  await serveManifest(page, (manifest) => {
    const shipped = Object.fromEntries(manifest.heads.map((h) => [h.id, h.kind === 'frame-mean' ? undefined : h.calibration]));
    stripTrust(manifest);
    if (!calibrate) return;
    for (const head of manifest.heads) {
      if (head.kind === 'frame-mean') continue;
      const own = shipped[head.id];
      head.calibration = { temperature: own?.temperature ?? 2, unsureBelow: 1, ece: own?.ece ?? 0, protocol: 'e2e/trust.spec.ts: level 1' };
      temperatures[head.id] = head.calibration.temperature;
    }
  });
  let app = await openPack(page);
  const plain = await app.classify(CLIP);
  expect(plain.status, plain.error?.message).toBe('done');
  const before = await summary(page);
  expect(before.label).toBe('PlayingPiano');
  expect(before.unsure).toBe(false);
  expect(Object.values(before.heads).every((h) => !h.unsure)).toBe(true);
  expect(before.operatingPoint).toBeNull();
  await expect(page.getByTestId('open-set')).toHaveCount(0);
  await expect(page.getByTestId('result')).toHaveAttribute('data-unsure', 'false');
  await expect(page.getByTestId('result-wording')).toContainText('confident (uncalibrated)');

  calibrate = true;
  await page.reload();
  app = await openPack(page);
  const calibrated = await app.classify(CLIP);
  expect(calibrated.status, calibrated.error?.message).toBe('done');
  const after = await summary(page);
  expect(Object.keys(temperatures).length).toBeGreaterThan(0);
  for (const [headId, temperature] of Object.entries(temperatures)) {
    const expected = softmaxAt(before.heads[headId]!.final, temperature);
    after.heads[headId]!.final.forEach((p, c) => expect(Math.abs(p - expected[c]!), `${headId} class ${c}`).toBeLessThan(2e-4));
    expect(after.heads[headId]!.predicted).toBe(before.heads[headId]!.predicted); // T rescales, never reorders
    expect(after.heads[headId]!.unsure).toBe(true);
  }
  expect(after.label).toBe('PlayingPiano');
  expect(after.unsure).toBe(true);
  await expect(page.getByTestId('result')).toHaveAttribute('data-unsure', 'true');
  await expect(page.getByTestId('result-label')).toHaveText('Probably PlayingPiano');
  await expect(page.getByTestId('result-wording')).toContainText(`— unsure (${Math.round(after.confidence! * 100)}%)`);
});

test('stricter / looser moves along the operating curve, says what it costs, and re-decides the shown clip without a re-run', async ({ page }) => {
  const curveSource = await serveWithCurve(page);
  const app = await openPack(page);
  const setup = await page.evaluate(() => {
    const s = window.__reelscope!.getState();
    return s.packs.find((p) => p.id === s.selectedPackId)!.manifest;
  });
  const curve: OperatingPoint[] = setup.ood!.operatingCurve!;
  const outcome = await app.classify(CLIP);
  expect(outcome.status, outcome.error?.message).toBe('done');
  const first = await summary(page);
  const runId = await page.evaluate(() => window.__reelscope!.getState().clip!.runId);
  const score = first.ood!.score;
  const control = page.getByTestId('open-set');
  await expect(control).toBeVisible();
  expect(first.operatingPoint).toMatchObject({ isDefault: true, threshold: setup.ood!.threshold });

  // The shown answer at the current point: "none of these" exactly when the kept score is above it.
  const outcomes = new Set<boolean>();
  const checkPoint = async (): Promise<number> => {
    const s = await summary(page);
    const point = s.operatingPoint!;
    expect(s.ood!.threshold).toBe(point.threshold);
    expect(s.ood!.score).toBe(score);
    const out = score > point.threshold;
    outcomes.add(out);
    expect(s.ood!.outOfScope).toBe(out);
    for (const head of Object.values(s.heads)) expect(head.label).toBe(out ? NONE_OF_THESE : head.predicted);
    expect(s.label).toBe(out ? NONE_OF_THESE : s.predicted);
    await expect(control).toHaveAttribute('data-threshold', String(point.threshold));
    await expect(page.getByTestId('open-set-words')).toContainText(`for ${approxPercent(point.falseNone)} of clips of these classes`);
    await expect(page.getByTestId('open-set-words')).toContainText(`catches ${approxPercent(point.catchRate)} of unseen actions`);
    if (out) await expect(page.getByTestId('none-of-these')).toBeVisible();
    else await expect(page.getByTestId('none-of-these')).toHaveCount(0);
    // Still the same run, and its unsure flag is the calibrated level's verdict (when the head has one).
    expect(await page.evaluate(() => window.__reelscope!.getState().clip!.runId)).toBe(runId);
    const head = setup.heads.find((h) => h.id === s.selectedHead);
    const level = head && head.kind !== 'frame-mean' ? head.calibration?.unsureBelow : undefined;
    expect(s.unsure).toBe(level !== undefined && s.confidence! < level);
    return point.threshold;
  };

  const seen = [await checkPoint()];
  const stricter = page.getByTestId('open-set-stricter');
  const looser = page.getByTestId('open-set-looser');
  while (await stricter.isEnabled()) {
    await stricter.click();
    await expect(control).not.toHaveAttribute('data-threshold', String(seen.at(-1)));
    seen.push(await checkPoint());
  }
  expect(seen.at(-1)).toBe(curve[0]!.threshold);
  while (await looser.isEnabled()) {
    await looser.click();
    await expect(control).not.toHaveAttribute('data-threshold', String(seen.at(-1)));
    seen.push(await checkPoint());
  }
  expect(seen.at(-1)).toBe(curve.at(-1)!.threshold);
  // Every point of the curve was visited, in order down and then up.
  expect(new Set(seen)).toEqual(new Set([...curve.map((p) => p.threshold), setup.ood!.threshold]));
  // The test's curve brackets every score: its strictest point says "none", its loosest names the class.
  if (!curveSource.fromPack()) expect([...outcomes].sort()).toEqual([false, true]);

  if (!(await summary(page)).operatingPoint!.isDefault) await page.getByTestId('open-set-default').click();
  expect((await summary(page)).operatingPoint).toMatchObject({ isDefault: true, threshold: setup.ood!.threshold });
  expect(await checkPoint()).toBe(setup.ood!.threshold);

  // The setting is the app's: the next clip is decided at the chosen point.
  await ((await stricter.isEnabled()) ? stricter : looser).click();
  const chosen = (await summary(page)).operatingPoint!.threshold;
  const next = await app.classify(CLIP);
  expect(next.status).toBe('done');
  const again = await summary(page);
  expect(again.ood!.threshold).toBe(chosen);
  expect(again.label).toBe(again.ood!.score > chosen ? NONE_OF_THESE : again.predicted);
});

test('finished batch rows are re-decided when the setting moves, from the scores they kept', async ({ page }) => {
  await serveWithCurve(page);
  const app = new AppDriver(page);
  await app.open('/#/batch');
  await app.selectPack(PACK);
  await page.getByTestId('batch-input').setInputFiles([CLIP]);
  await page.waitForFunction(() => window.__reelscope?.batch.getState().rows[0]?.status === 'done', null, { timeout: 180_000 });
  const control = page.getByTestId('open-set');
  await expect(control).toBeVisible();
  const row = () =>
    page.evaluate(() => {
      const r = window.__reelscope!.batch.getState().rows[0]!;
      return { label: r.label, score: r.summary!.oodScore!, threshold: r.summary!.oodThreshold!, predicted: r.heads.find((h) => h.headId === r.head)!.predicted };
    });
  const thresholds: number[] = [];
  for (const button of ['open-set-stricter', 'open-set-looser'] as const) {
    while (await page.getByTestId(button).isEnabled()) {
      const before = await control.getAttribute('data-threshold');
      await page.getByTestId(button).click();
      await expect(control).not.toHaveAttribute('data-threshold', before!);
      const now = Number(await control.getAttribute('data-threshold'));
      const r = await row();
      expect(r.threshold).toBe(now);
      expect(r.label).toBe(r.score > now ? NONE_OF_THESE : r.predicted);
      await expect(page.getByTestId('batch-row').first()).toHaveAttribute('data-label', r.label!);
      thresholds.push(now);
    }
  }
  expect(thresholds.length).toBeGreaterThan(1);
});
