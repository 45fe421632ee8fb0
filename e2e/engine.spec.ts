// One engine under every screen: a single clip, a batch and a moderation run in one
// tab share one inference worker and a decoder pool, and every one of them still gives its answer.
import { expect, test } from '@playwright/test';
import { AppDriver } from './support/app';
import { realClip } from './support/media';

test('the single clip, batch and moderation screens run on one inference worker and at most two decoders', async ({ page }) => {
  const app = new AppDriver(page);
  await app.open('/');
  const single = await app.classify(realClip('Surfing', 0));
  expect(single.status).toBe('done');

  await app.show('#/batch'); // the same document: one tab, its workers counted at the end
  await page.getByTestId('batch-input').setInputFiles([realClip('Archery', 1), realClip('HorseRace', 1)]);
  await page.waitForFunction(() => {
    const rows = window.__reelscope?.batch.getState().rows ?? [];
    return rows.length === 2 && rows.every((r) => r.status === 'done');
  }, null, { timeout: 220_000 });

  await app.show('#/moderation');
  await page.getByTestId('moderation-input').locator('input[type=file]').setInputFiles(realClip('PlayingPiano', 0));
  await page.waitForFunction(() => window.__reelscope?.moderation.getState().status === 'done', null, { timeout: 220_000 });

  const scripts = page.workers().map((w) => new URL(w.url()).pathname);
  const inference = scripts.filter((p) => /inference\.worker/.test(p));
  const decode = scripts.filter((p) => /decode\.worker/.test(p));
  expect(inference, scripts.join('\n')).toHaveLength(1);
  expect(decode.length, scripts.join('\n')).toBeGreaterThanOrEqual(1);
  expect(decode.length, scripts.join('\n')).toBeLessThanOrEqual(2);
});
