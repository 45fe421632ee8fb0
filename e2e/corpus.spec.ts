// The odd-input corpus (e2e/support/corpus.ts) through the built app in Chromium: each input gets
// its outcome (classified, with a partial-read notice when less than declared could be read, or
// its specific error), no page error, and nothing of one clip's outcome stays above the next.
import { expect, test } from '@playwright/test';
import { AppDriver } from './support/app';
import { corpusDir, ODD_INPUTS, type OddInput } from './support/corpus';
import { renderClip } from './support/media';

const dir = corpusDir();

async function check(app: AppDriver, input: OddInput): Promise<void> {
  const page = app.page;
  const outcome = await app.classify(input.render(dir));
  const summary = await page.evaluate(() => window.__reelscope!.summary());
  const expected = input.expect;
  if (expected.outcome === 'error') {
    expect(outcome.error?.code, `${input.name}: ${outcome.error?.message}`).toBe(expected.code);
    await expect(page.getByTestId('error-banner')).toHaveAttribute('data-code', expected.code);
    await expect(page.getByTestId('partial-read')).toHaveCount(0);
    return;
  }
  expect(outcome.status, `${input.name}: ${outcome.error?.code} ${outcome.error?.message}`).toBe('done');
  expect(outcome.label).toBeTruthy();
  expect(summary.frames).toBe(16);
  expect(summary.metadata?.partial, `${input.name}: ${JSON.stringify(summary.metadata)}`).toBe(expected.partial);
  if (expected.stream !== undefined) expect(summary.metadata?.streamIndex).toBe(expected.stream);
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
  await expect(page.getByTestId('partial-read')).toHaveCount(expected.partial ? 1 : 0);
}

test('every odd input of the corpus gets its outcome, and the next clip is not touched by the last', async ({ page }) => {
  test.setTimeout(600_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const app = new AppDriver(page);
  await app.open();
  await app.selectPack('imagenet');
  const good = renderClip('corpus-good.mp4');
  for (const input of ODD_INPUTS.filter((c) => !c.heavy)) {
    await test.step(`${input.name}: ${input.what}`, async () => {
      await check(app, input);
      // Whatever the last clip left (an error banner, a partial-read notice), a good clip clears it.
      const after = await app.classify(good);
      expect(after.status).toBe('done');
      await expect(page.getByTestId('error-banner')).toHaveCount(0);
      await expect(page.getByTestId('partial-read')).toHaveCount(0);
    });
  }
  expect(pageErrors).toEqual([]);
});

test('a 5-megapixel HEVC phone clip whose video starts late is classified', async ({ page }) => {
  test.setTimeout(600_000);
  const app = new AppDriver(page);
  await app.open();
  await app.selectPack('imagenet');
  for (const input of ODD_INPUTS.filter((c) => c.heavy)) await check(app, input);
});

test('batch: a cut-short file is classified with how much of it was read, a whole one without', async ({ page }) => {
  const app = new AppDriver(page);
  await app.open('/#/batch');
  await expect(page.getByTestId('batch-screen')).toBeVisible();
  const half = ODD_INPUTS.find((c) => c.name === 'half.mkv')!.render(dir);
  const whole = renderClip('corpus-batch-whole.mp4');
  await page.getByTestId('batch-input').setInputFiles([half, whole]);
  await page.waitForFunction(() => {
    const rows = window.__reelscope?.batch.getState().rows ?? [];
    return rows.length === 2 && rows.every((r) => r.status === 'done' || r.status === 'error');
  }, null, { timeout: 220_000 });
  const rows = await page.evaluate(() => window.__reelscope!.batch.getState().rows.map((r) => ({ path: r.path, status: r.status, read: r.summary?.readFraction ?? null })));
  const halfRow = rows.find((r) => r.path === 'half.mkv')!;
  expect(halfRow.status).toBe('done');
  expect(halfRow.read).toBeGreaterThan(0.3);
  expect(halfRow.read).toBeLessThan(0.7);
  expect(rows.find((r) => r.path === 'corpus-batch-whole.mp4')!.read).toBeNull();
  const table = page.getByTestId('batch-table');
  await expect(table.locator('[data-testid="batch-row"][data-file="half.mkv"] [data-testid="batch-partial"]')).toHaveText(/read \d+/);
  await expect(table.locator('[data-testid="batch-row"][data-file="corpus-batch-whole.mp4"] [data-testid="batch-partial"]')).toHaveCount(0);
});
