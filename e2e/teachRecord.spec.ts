// Teach from the webcam: Chromium's fake camera plays a real clip (rendered to y4m before the browser
// starts); "Record" on a class makes a few-second WebM with MediaRecorder, which goes through the same
// decode path as a dropped file. Two recordings, one per class, are read and taught on (one view, one
// epoch: this checks the recording path, not accuracy — e2e/teach.spec.ts measures that). The saved
// pack then runs on the real-time screen, the same camera streaming through its step graph.
import { expect, test } from '@playwright/test';
import { AppDriver } from './support/app';
import { chromiumLaunchOptions } from './support/browser';
import { realClip, y4mFromClip } from './support/media';
import { fakeCameraFlags, RealtimeDriver } from './support/realtime';

const camera = y4mFromClip(realClip('PlayingPiano'));
test.use({ launchOptions: chromiumLaunchOptions(fakeCameraFlags(camera)) });

test('record a clip from the webcam into each of two classes, teach on the recordings, run the pack in real time', async ({ page }) => {
  const app = new AppDriver(page);
  await app.open('/#/teach');
  for (const name of ['Piano', 'Other']) {
    await page.getByTestId('teach-new-class').fill(name);
    await page.getByTestId('teach-add-class').click();
    await page.getByTestId(`teach-record-${name}`).click();
    await expect(page.getByTestId(`teach-record-stop-${name}`)).toBeVisible();
    await expect(page.locator(`[data-testid="teach-class"][data-class="${name}"]`)).toHaveAttribute('data-clips', '1', { timeout: 30_000 });
  }
  const rows = await page.getByTestId('teach-clip').evaluateAll((els) => els.map((e) => ({ file: e.getAttribute('data-file')!, group: e.getAttribute('data-group')! })));
  expect(rows).toHaveLength(2);
  for (const r of rows) expect(r.file).toMatch(/^recording-.*\.(webm|mp4)$/);
  expect(new Set(rows.map((r) => r.group)).size).toBe(2); // each recording is its own source

  await page.getByTestId('teach-views').selectOption('1');
  await page.evaluate(() => window.__reelscope!.teach.train({ epochs: 1 }));
  const s = await page.evaluate(() => window.__reelscope!.teach.getState());
  expect(s.error).toBeNull();
  expect(s.clips.map((c) => c.error)).toEqual([null, null]);
  expect(s.clips.map((c) => c.status)).toEqual(['ready', 'ready']);
  expect(s.score).toMatchObject({ clips: 2, sources: 2 });

  await page.getByTestId('teach-save').click();
  await expect(page.getByTestId('teach-saved')).toBeVisible({ timeout: 60_000 });
  const packId = (await page.getByTestId('teach-saved').getAttribute('data-pack'))!;

  // Real time with the taught pack: frames stream through its step graph (state kept between frames),
  // and the live label is one of its classes.
  const rt = new RealtimeDriver(page);
  await rt.open(packId);
  await page.getByTestId('realtime-start').click();
  const flowing = await rt.waitFor("s.status === 'running' && s.steps >= 3 && s.label !== null");
  expect(flowing.mode).toBe('step');
  expect(['Piano', 'Other']).toContain(flowing.label);
  const later = await rt.waitFor(`s.steps >= ${flowing.steps + 2}`);
  expect(later.steps).toBeGreaterThan(flowing.steps);
  await page.getByTestId('realtime-stop').click();
  await rt.waitFor("s.status === 'idle'");
  expect(await rt.trackStates()).toEqual(['ended']);
});
