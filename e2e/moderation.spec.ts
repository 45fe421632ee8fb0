// The moderation preview in real Chromium: a clip that switches from a real scene to a cartoon-like
// lavfi source (scored as Drawing), with one flashed frame in the real part. Drawing is the test
// category (there is no explicit content here); the real pipeline (ffmpeg.wasm, onnxruntime-web) runs.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { ModerationState } from '../src/features/moderation/store';
import type { ModerationReport } from '../src/features/moderation/report';
import { withDecodePath } from './support/app';
import { realClip } from './support/media';
import { renderSwitchingClip } from './support/moderationClip';
import type {} from '../src/testHook'; // declares window.__reelscope

const DRAWING = 0.5;

async function moderationState(page: Page): Promise<ModerationState> {
  return page.evaluate(() => JSON.parse(JSON.stringify(window.__reelscope!.moderation.getState())) as ModerationState);
}

test('a sustained cartoon is flagged at the right times, a one-frame flash is not; thumbnails, verdict, export', async ({ page }) => {
  const clip = renderSwitchingClip(realClip('Archery', 0));
  await page.goto(withDecodePath('/#/moderation', process.env.REELSCOPE_DECODE));
  await expect(page.getByTestId('moderation-screen')).toBeVisible();

  // The reviewer turns Drawing on with the slider (it is not flagged by default).
  const slider = page.getByTestId('moderation-threshold-Drawing');
  await expect(slider).toBeVisible({ timeout: 60_000 });
  expect((await moderationState(page)).thresholds.categories.Drawing).toMatchObject({ action: 'off' });
  await slider.fill(String(DRAWING));
  await page.getByTestId('moderation-frames').selectOption(String(clip.frames));
  const before = await moderationState(page);
  expect(before.thresholds.categories.Drawing).toEqual({ threshold: DRAWING, action: 'review' });
  expect(before.frameCount).toBe(clip.frames);

  const started = Date.now();
  await page.getByTestId('moderation-input').locator('input[type=file]').setInputFiles(clip.path);
  await page.waitForFunction(
    () => ['done', 'error', 'cancelled'].includes(window.__reelscope!.moderation.getState().status),
    null,
    { timeout: 220_000 },
  );
  const wallMs = Date.now() - started;
  const state = await moderationState(page);
  expect(state.error).toBeNull();
  expect(state.status).toBe('done');
  expect(state.frames).toHaveLength(clip.frames);
  const drawing = state.labels.indexOf('Drawing');
  expect(drawing).toBeGreaterThanOrEqual(0);

  // The flash was sampled (its frame alone scores as Drawing) …
  const flash = state.frames.find((f) => f.index === clip.flashSample)!;
  expect(flash.scores[drawing]).toBeGreaterThan(DRAWING);
  // … and its neighbours, in the real part, do not.
  for (const k of [clip.flashSample - 1, clip.flashSample + 1]) {
    expect(state.frames.find((f) => f.index === k)!.scores[drawing]).toBeLessThan(0.1);
  }
  // One Drawing segment: the cartoon half, to within one sampling interval; nothing at the flash.
  const interval = clip.durationSec / clip.frames;
  const drawingSegments = state.segments.filter((s) => s.category === 'Drawing');
  expect(drawingSegments).toHaveLength(1);
  const [segment] = drawingSegments;
  expect(Math.abs(segment!.startSec - clip.switchSec)).toBeLessThanOrEqual(interval);
  expect(Math.abs(segment!.endSec - clip.durationSec)).toBeLessThanOrEqual(interval);
  expect(state.segments.some((s) => s.startSec <= flash.timeSec && flash.timeSec <= s.endSec)).toBe(false);
  console.log(
    `moderation e2e: ${state.frames.length} frames in ${(wallMs / 1000).toFixed(1)} s on ${state.model?.backend}; ` +
      `flash frame ${clip.flashSample} (video frame ${clip.flashVideoFrame}) Drawing ${flash.scores[drawing]!.toFixed(3)}; ` +
      `segments ${JSON.stringify(state.segments.map((s) => [s.category, s.startSec, s.endSec, +s.peakScore.toFixed(3)]))}; ` +
      `verdict ${state.verdict?.decision}`,
  );

  // The UI shows the same: chart with one line per category, the segment row.
  await expect(page.getByTestId('moderation-chart').locator('.recharts-line')).toHaveCount(state.labels.length);
  const rows = page.getByTestId('moderation-segments').getByTestId('moderation-segment');
  await expect(rows).toHaveCount(state.segments.length);
  await expect(rows.filter({ has: page.locator('td', { hasText: 'Drawing' }) })).toHaveCount(1);

  // Verdict: Drawing is a review-level category here.
  await expect(page.getByTestId('moderation-verdict')).toHaveAttribute('data-decision', state.verdict!.decision);
  expect(state.verdict!.decision).not.toBe('allow');
  await expect(page.getByTestId('moderation-reasons')).toContainText(/Drawing above 0\.50 for 4\.0 s \(00:04–00:08\)/);

  // Thumbnails start blurred; a click reveals that one only.
  const thumbs = page.getByTestId('moderation-thumb');
  await expect(thumbs).toHaveCount(state.segments.length);
  for (const thumb of await thumbs.all()) await expect(thumb).toHaveAttribute('data-revealed', 'false');
  const first = thumbs.first();
  const img = first.locator('img');
  await expect(img).toBeVisible();
  expect(await img.evaluate((el) => getComputedStyle(el).filter)).toMatch(/blur\(/);
  await first.getByRole('button').click();
  await expect(first).toHaveAttribute('data-revealed', 'true');
  expect(await img.evaluate((el) => getComputedStyle(el).filter)).toBe('none');
  if (state.segments.length > 1) await expect(thumbs.nth(1)).toHaveAttribute('data-revealed', 'false');

  // The JSON report downloads and parses, with the same segments and verdict.
  const download = page.waitForEvent('download');
  await page.getByTestId('moderation-export').click();
  const file = await (await download).path();
  const report = JSON.parse(readFileSync(file, 'utf8')) as ModerationReport;
  expect(report.schema).toBe('reelscope.moderation-report/1');
  expect(report.segments).toEqual(state.segments);
  expect(report.verdict.decision).toBe(state.verdict!.decision);
  expect(report.frames).toHaveLength(clip.frames);
  expect(report.thresholds.categories.Drawing).toEqual({ threshold: DRAWING, action: 'review' });
  expect(report.clip.metadata!.durationSec).toBeCloseTo(clip.durationSec, 1);
  expect(report.model.files[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);

  // Raising the threshold above every score clears the segment and the clip is allowed.
  await slider.fill('0.95');
  await expect(rows).toHaveCount(0);
  await expect(page.getByTestId('moderation-verdict')).toHaveAttribute('data-decision', 'allow');
});

test('an action pack judges every window: the cartoon half is "none of these" and asks for review, the real half is not', async ({ page }) => {
  const clip = renderSwitchingClip(realClip('Archery', 0));
  await page.goto(withDecodePath('/#/moderation', process.env.REELSCOPE_DECODE));
  await page.getByTestId('moderation-screen').getByTestId('pack-picker').locator('select').selectOption('ucf101-6');
  await page.waitForFunction(() => window.__reelscope!.moderation.getState().oodThreshold !== null, null, { timeout: 60_000 });
  const threshold = await page.evaluate(() => window.__reelscope!.getState().packs.find((p) => p.id === 'ucf101-6')!.manifest.ood!.threshold);
  expect((await moderationState(page)).oodThreshold).toBe(threshold);
  await expect(page.getByTestId('moderation-out-of-scope')).toContainText(`above ${threshold.toFixed(2)}`);
  await page.getByTestId('moderation-frames').selectOption(String(clip.frames));

  await page.getByTestId('moderation-input').locator('input[type=file]').setInputFiles(clip.path);
  await page.waitForFunction(() => ['done', 'error', 'cancelled'].includes(window.__reelscope!.moderation.getState().status), null, { timeout: 220_000 });
  const state = await moderationState(page);
  expect(state.error).toBeNull();
  expect(state.status).toBe('done');
  expect(state.model).toMatchObject({ packId: 'ucf101-6', scoring: { kind: 'window', window: 16 } });
  const scores = state.frames.map((f) => f.oodScore!);
  console.log(`moderation e2e, ucf101-6: out-of-scope scores ${scores.map((s) => s.toFixed(2)).join(' ')} (threshold ${threshold.toFixed(2)})`);
  // The first window holds only the real Archery frames, the last only the cartoon.
  expect(scores[0]).toBeLessThan(threshold);
  expect(scores.at(-1)).toBeGreaterThan(threshold);

  // One "none of these" segment: from about the switch (a window is 16 of the 32 frames wide) to the end.
  const interval = clip.durationSec / clip.frames;
  const outOfScope = state.segments.filter((s) => s.category === 'none of these');
  expect(outOfScope).toHaveLength(1);
  expect(Math.abs(outOfScope[0]!.endSec - clip.durationSec)).toBeLessThanOrEqual(interval);
  expect(Math.abs(outOfScope[0]!.startSec - clip.switchSec)).toBeLessThanOrEqual(8.5 * interval);
  expect(state.verdict!.decision).toBe('review');
  await expect(page.getByTestId('moderation-reasons')).toContainText(/None of these for \d+\.\d s/);
  await expect(page.getByTestId('moderation-segments').getByTestId('moderation-segment').filter({ hasText: 'none of these' })).toHaveCount(1);

  // Turned off, the segment goes and nothing else is flagged (the action pack's classes are off by default).
  await page.getByTestId('moderation-action-out-of-scope').selectOption('off');
  await expect(page.getByTestId('moderation-segments')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('moderation-verdict')).toHaveAttribute('data-decision', 'allow');
});
