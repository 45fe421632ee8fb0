// Batch: several files at once through the real pipeline in Chromium — real UCF101 clips, a clip
// the test renders, a file that is not a video — then the table, the exports and cancelling.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { parseCsv } from '../src/features/batch/exporters';
import type { BatchRow } from '../src/features/batch/rows';
import { NONE_OF_THESE } from '../src/pipeline/postprocess';
import { AppDriver } from './support/app';
import { realClip, renderClip, truncatedMp4 } from './support/media';

const FINISHED = ['done', 'error', 'cancelled'];

async function rows(page: Page): Promise<BatchRow[]> {
  return page.evaluate(() => JSON.parse(JSON.stringify(window.__reelscope!.batch.getState().rows)) as BatchRow[]);
}

async function waitForAllFinished(page: Page, count: number): Promise<BatchRow[]> {
  await page.waitForFunction(
    ({ n, finished }) => {
      const r = window.__reelscope?.batch.getState().rows ?? [];
      return r.length === n && r.every((row) => finished.includes(row.status));
    },
    { n: count, finished: FINISHED },
    { timeout: 220_000 },
  );
  return rows(page);
}

test('a batch of real, rendered and broken files: rows with labels, the broken one with its error, CSV/JSON that match', async ({ page }) => {
  const app = new AppDriver(page);
  await app.open('/#/batch');
  await expect(page.getByTestId('batch-screen')).toBeVisible();
  const setup = await app.summaryOfSetup();
  const outcomes = [...setup.labels, NONE_OF_THESE];

  const files = [realClip('Archery', 0), realClip('Surfing', 1), renderClip('batch-rendered.mp4', { seconds: 2 }), truncatedMp4()];
  await page.getByTestId('batch-input').setInputFiles(files);
  const result = await waitForAllFinished(page, files.length);

  const byName = new Map(result.map((r) => [r.path, r]));
  for (const name of ['v_Archery', 'v_Surfing', 'batch-rendered.mp4']) {
    const row = result.find((r) => r.path.includes(name));
    expect(row, name).toBeDefined();
    expect(row!.error, `${name} error`).toBeNull();
    expect(row!.status).toBe('done');
    expect(outcomes).toContain(row!.label);
    expect(row!.confidence).toBeGreaterThan(0);
    expect(row!.confidence).toBeLessThanOrEqual(1);
    expect(row!.head).toBe(setup.headId);
    expect(row!.ms).toBeGreaterThan(0);
    expect(row!.heads.length).toBeGreaterThan(0);
  }
  const broken = byName.get('truncated.mp4')!;
  expect(broken.status).toBe('error');
  expect(broken.error?.code, `error of truncated.mp4: ${broken.error?.message}`).toBe('TruncatedFile');

  // The table shows the same rows; the broken one names its error.
  const table = page.getByTestId('batch-table');
  await expect(table.getByTestId('batch-row')).toHaveCount(files.length);
  await expect(table.locator('[data-testid="batch-row"][data-file="truncated.mp4"]')).toHaveAttribute('data-error-code', 'TruncatedFile');
  const archeryRow = result.find((r) => r.path.includes('v_Archery'))!;
  await expect(table.locator(`[data-testid="batch-row"][data-file="${archeryRow.path}"] [data-col="label"]`)).toHaveText(archeryRow.label!);

  // Sorting by confidence (descending after two clicks) reorders the rows; blanks go last.
  await page.getByTestId('batch-sort-confidence').click();
  await page.getByTestId('batch-sort-confidence').click();
  const shownOrder = await table.getByTestId('batch-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-file')));
  const expectedOrder = [...result].sort((a, b) => (b.confidence ?? -1) - (a.confidence ?? -1)).map((r) => r.path);
  expect(shownOrder).toEqual(expectedOrder);

  // CSV download parses back to the table (in the table's order).
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('batch-export-csv').click()]);
  expect(csvDownload.suggestedFilename()).toMatch(/\.csv$/);
  const csv = parseCsv(readFileSync(await csvDownload.path(), 'utf8'));
  expect(csv[0]).toEqual(['file', 'status', 'label', 'confidence', 'head', 'ms', 'read_fraction', 'error_code', 'error']);
  expect(csv.slice(1).map((r) => r[0])).toEqual(shownOrder);
  for (const record of csv.slice(1)) {
    const row = byName.get(record[0]!)!;
    expect(record[1]).toBe(row.status);
    expect(record[2]).toBe(row.label ?? '');
    if (row.confidence !== null) expect(Number(record[3])).toBeCloseTo(row.confidence, 5);
    expect(record[7]).toBe(row.error?.code ?? '');
  }

  // JSON download has every row with every head.
  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('batch-export-json').click()]);
  const json = JSON.parse(readFileSync(await jsonDownload.path(), 'utf8')) as { pack: string; clips: { file: string; label: string | null; error: { code: string } | null; heads: unknown[] }[] };
  expect(json.pack).toBe(setup.packId);
  expect(json.clips.map((c) => c.file)).toEqual(shownOrder);
  for (const clip of json.clips) {
    const row = byName.get(clip.file)!;
    expect(clip.label).toBe(row.label);
    expect(clip.error?.code ?? null).toBe(row.error?.code ?? null);
    expect(clip.heads).toHaveLength(row.heads.length);
  }
});

test('cancel all: running and waiting files end as cancelled (not errors), and the next file still runs', async ({ page }) => {
  const app = new AppDriver(page);
  await app.open('/#/batch');
  await page.getByTestId('batch-input').setInputFiles([realClip('HorseRace', 0), realClip('PlayingPiano', 0), realClip('PlayingViolin', 0)]);
  // Read the state and press "Cancel all" in one task, so no clip can finish in between.
  const before = await page.evaluate(() => {
    const statuses = window.__reelscope!.batch.getState().rows.map((r) => r.status);
    document.querySelector<HTMLButtonElement>('[data-testid="batch-cancel"]')!.click();
    return statuses;
  });
  expect(before).toContain('running');
  expect(before).toContain('queued');
  const cancelled = await waitForAllFinished(page, 3);
  expect(cancelled.map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  expect(cancelled.every((r) => r.error === null)).toBe(true);
  await expect(page.getByTestId('batch-counts')).toContainText('0 failed · 3 cancelled');

  await page.getByTestId('batch-input').setInputFiles([realClip('Surfing', 0)]);
  const after = await waitForAllFinished(page, 4);
  expect(after[3]!.status).toBe('done');
  expect(after[3]!.error).toBeNull();
});
