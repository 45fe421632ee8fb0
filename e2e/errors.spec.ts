import { expect, test } from '@playwright/test';
import { AppDriver } from './support/app';
import { emptyFile, renderClip, textFile, truncatedMp4 } from './support/media';

test('a non-video file, an empty mp4 and a truncated mp4 each give a specific error, and the next clip works', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const app = new AppDriver(page);
  await app.open();
  await app.selectPack('imagenet');

  const notVideo = await app.classify(textFile());
  expect(notVideo.status).toBe('error');
  expect(notVideo.error?.code).toBe('NotAVideo');
  await expect(page.getByTestId('error-banner')).toBeVisible();
  await expect(page.getByTestId('error-banner')).toContainText(/not a video|isn.t a video|can.t read/i);

  // An empty .mp4: the WebCodecs path cannot open it and hands it to ffmpeg.wasm, which names it.
  const empty = await app.classify(emptyFile('empty.mp4'));
  expect(empty.status).toBe('error');
  expect(empty.error?.code).toBe('EmptyFile');

  const truncated = await app.classify(truncatedMp4());
  expect(truncated.status).toBe('error');
  expect(truncated.error?.code).toBe('TruncatedFile');
  await expect(page.getByTestId('error-banner')).toContainText(/truncated|ends early|incomplete/i);

  const good = await app.classify(renderClip('after-errors.mp4'));
  expect(good.status).toBe('done');
  expect(good.label).toBeTruthy();
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});
