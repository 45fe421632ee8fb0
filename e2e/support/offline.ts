// Going offline in a test: the service worker must control the page first, and the network must
// really be gone (only the service worker answers).
import { expect, type Page } from '@playwright/test';
import type {} from '../../src/testHook'; // declares window.__reelscope

/** Waits until the service worker has installed (precached everything) and controls the page. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, { timeout: 120_000 });
}

export async function goOffline(page: Page): Promise<void> {
  await page.context().setOffline(true);
  // The check can fail: with the network really gone, only the service worker answers.
  const direct = await page.evaluate(() =>
    fetch(`/models/index.json?not-cached=${Date.now()}`).then(
      () => 'answered',
      () => 'failed',
    ),
  );
  expect(direct).toBe('failed');
}

/** Reloads the page (through the service worker when it controls it) and waits for the packs. */
export async function reload(page: Page): Promise<void> {
  await page.reload();
  await page.waitForFunction(() => window.__reelscope?.getState().packsStatus === 'ready', null, { timeout: 60_000 });
}
