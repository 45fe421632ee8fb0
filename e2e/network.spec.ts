import { expect, test } from '@playwright/test';
import { AppDriver } from './support/app';
import { realClip } from './support/media';

test('a whole classification requests nothing from any origin but its own', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const foreign: string[] = [];
  const own: string[] = [];
  // Every request of the page and of its workers passes through the context.
  await page.context().route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('blob:') || url.startsWith('data:')) {
      own.push(url);
      await route.continue();
    } else {
      foreign.push(url);
      await route.abort();
    }
  });
  const app = new AppDriver(page);
  await app.open();
  await app.selectPack('ucf101-6');
  const outcome = await app.classify(realClip('Surfing', 0));
  expect(outcome.status).toBe('done');
  expect(foreign).toEqual([]);
  // The check can fail: the model and runtime files really went through the interceptor.
  expect(own.some((u) => new URL(u).pathname.endsWith('.onnx'))).toBe(true);
  expect(own.some((u) => u.includes('/ffmpeg/'))).toBe(true);
});
