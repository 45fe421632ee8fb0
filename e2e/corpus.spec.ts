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
