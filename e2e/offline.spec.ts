// Offline in real Chromium (docs/offline.md): after one online visit, the service worker serves
// the app, onnxruntime-web, ffmpeg.wasm and the packs it holds, with cross-origin isolation intact
// so WASM threads still run; a pack it does not hold says so in words.
import { expect, test, type Page } from '@playwright/test';
import type { ModerationState } from '../src/features/moderation/store';
import { AppDriver, showRoute } from './support/app';
import { goOffline, reload, waitForServiceWorker } from './support/offline';
import { realClip } from './support/media';
import type {} from '../src/testHook'; // declares window.__reelscope

async function isolation(page: Page) {
  return page.evaluate(() => ({
    page: window.crossOriginIsolated,
    controlled: navigator.serviceWorker.controller !== null,
    backend: window.__reelscope!.getState().backendInfo,
  }));
}

async function moderate(page: Page, clip: string): Promise<ModerationState> {
  await showRoute(page, '#/moderation');
  await expect(page.getByTestId('moderation-screen')).toBeVisible();
  await page.getByTestId('moderation-frames').selectOption('16');
  await page.getByTestId('moderation-input').locator('input[type=file]').setInputFiles(clip);
  await page.waitForFunction(() => ['done', 'error', 'cancelled'].includes(window.__reelscope!.moderation.getState().status), null, {
    timeout: 220_000,
  });
  return page.evaluate(() => JSON.parse(JSON.stringify(window.__reelscope!.moderation.getState())) as ModerationState);
}

test('after one online visit, the default pack and a second pack classify offline, on WASM threads', async ({ page }) => {
  const app = new AppDriver(page);
  await app.open();
  await waitForServiceWorker(page);
  await app.setBackend('wasm');
  const online = await app.classify(realClip('Surfing', 0));
  expect(online).toMatchObject({ status: 'done', error: null });
  await app.selectPack('imagenet');
  const onlineImagenet = await app.classify(realClip('Archery', 0));
  expect(onlineImagenet).toMatchObject({ status: 'done', error: null });

  await goOffline(page);
  await reload(page);
  await app.setBackend('wasm');
  await app.selectPack('ucf101-6');
  const offline = await app.classify(realClip('Surfing', 0));
  expect(offline).toMatchObject({ status: 'done', error: null, label: online.label });
  await app.selectPack('imagenet');
  const offlineImagenet = await app.classify(realClip('Archery', 0));
  expect(offlineImagenet).toMatchObject({ status: 'done', error: null, predicted: onlineImagenet.predicted });

  const storage = await page.evaluate(() => navigator.storage.estimate());
  console.log(`offline.spec: origin storage after both packs: ${((storage.usage ?? 0) / 2 ** 20).toFixed(1)} MiB`);

  const isolated = await isolation(page);
  expect(isolated.page).toBe(true);
  expect(isolated.controlled).toBe(true);
  expect(isolated.backend).toMatchObject({ backend: 'wasm', crossOriginIsolated: true });
  expect(isolated.backend!.threads).toBeGreaterThanOrEqual(1);
});

test('a pack first used online is cached then, and works offline', async ({ page }) => {
  const app = new AppDriver(page);
  await app.open();
  await waitForServiceWorker(page);
  // A reload puts the inference worker itself under the service worker.
  await reload(page);
  const clip = realClip('PlayingPiano', 0);
  const online = await moderate(page, clip);
  expect(online.error).toBeNull();
  expect(online.status).toBe('done');
  const cached = await page.evaluate(async () => (await (await caches.open('reelscope-packs')).keys()).map((r) => r.url));
  expect(cached.some((url) => /\/nsfwjs-mobilenetv2\/model\.onnx\?sha256=[0-9a-f]{64}$/.test(url))).toBe(true);

  await goOffline(page);
  await reload(page);
  const offline = await moderate(page, clip);
  expect(offline.error).toBeNull();
  expect(offline.status).toBe('done');
  expect(offline.frames.map((f) => f.scores)).toEqual(online.frames.map((f) => f.scores));
});

test('offline, a pack never downloaded says so in words, and the cached pack still classifies', async ({ page }) => {
  const app = new AppDriver(page);
  await app.open();
  await waitForServiceWorker(page);
  await goOffline(page);
  await reload(page);

  const state = await moderate(page, realClip('PlayingPiano', 0));
  expect(state.status).toBe('error');
  expect(state.error?.code).toBe('PackNotDownloaded');
  const banner = page.getByTestId('moderation-screen').getByTestId('error-banner');
  await expect(banner).toHaveAttribute('data-code', 'PackNotDownloaded');
  await expect(banner).toContainText('This pack has not been downloaded yet and the device is offline');

  await app.open('/#/clip');
  await app.selectPack('ucf101-6');
  const outcome = await app.classify(realClip('Surfing', 0));
  expect(outcome).toMatchObject({ status: 'done', error: null });
});
