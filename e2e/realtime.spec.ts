// The real-time screen on Chromium's fake webcam playing a REAL clip (PlayingPiano from the
// ucf101-6 data, rendered to y4m before the browser starts): frames flow through the backbone and
// the head's step graph, the live label becomes the clip's class, reset clears the state, stop
// releases the camera; with no camera at all the user reads CameraUnavailable.
import { chromium, expect, test } from '@playwright/test';
import { chromiumLaunchOptions } from './support/browser';
import { realClip, y4mFromClip } from './support/media';
import { fakeCameraFlags, RealtimeDriver } from './support/realtime';

// Chromium reads the fake camera's file at launch, so it must exist before the browser starts.
const camera = y4mFromClip(realClip('PlayingPiano'));
/** The live label must settle on the clip's class within this many frames through the model. */
const MAX_FRAMES_TO_LABEL = 40;

test.use({ launchOptions: chromiumLaunchOptions(fakeCameraFlags(camera)) });

test.describe('fake camera playing a PlayingPiano clip', () => {
  test('ucf101-6: frames flow through the step graph, the label becomes PlayingPiano, reset clears, stop releases the camera', async ({ page }) => {
    const rt = new RealtimeDriver(page);
    await rt.open('ucf101-6');
    await page.getByTestId('realtime-start').click();

    // Frames flow: the worker's step count grows (state carried from frame to frame).
    const flowing = await rt.waitFor("s.status === 'running' && s.steps >= 3");
    expect(flowing.mode).toBe('step');
    expect(flowing.cameraLive).toBe(true);
    // On the CPU backend the backbone runs at the pack's live size (fast), not the 224 it was trained at.
    const live = await page.evaluate(() => window.__reelscope!.getState().packs.find((p) => p.id === 'ucf101-6')!.manifest.input.liveSize);
    expect(live).toBeLessThan(224);
    expect(flowing.inputSize).toBe(live);
    expect(await rt.trackStates()).toEqual(['live']);
    const later = await rt.waitFor(`s.steps >= ${flowing.steps + 2}`);
    expect(later.steps).toBeGreaterThan(flowing.steps);
    expect(later.fps).toBeGreaterThan(0);
    expect(Number(await page.getByTestId('realtime-fps').getAttribute('data-value'))).toBeGreaterThan(0);
    await expect(page.getByTestId('realtime-latency')).toContainText('CNN');
    await expect(page.getByTestId('realtime-chart')).not.toHaveAttribute('data-points', '0');

    // The live label becomes the clip's class within a bounded number of frames.
    const labelled = await rt.waitFor(`s.label === 'PlayingPiano' || s.processed >= ${MAX_FRAMES_TO_LABEL}`, 180_000);
    expect(labelled.label, `top after ${labelled.processed} frames: ${JSON.stringify(labelled.top)}`).toBe('PlayingPiano');
    await expect(page.getByTestId('realtime-label')).toHaveText('PlayingPiano');
    // The shown drop count follows the state (compared in one task: frames keep arriving).
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            document.querySelector('[data-testid="realtime-dropped"]')?.getAttribute('data-value') ===
            String(window.__reelscope!.realtime.getState().dropped),
        ),
      )
      .toBe(true);

    // Reset forgets everything: no label, no history, and the head's state restarts (step count from 1).
    // Frames keep flowing (≈8 a second), so the cleared state is read in the same task as the click:
    // a label seen a moment later may already belong to the next frame after the reset.
    const before = await rt.state();
    const cleared = await page.evaluate(() => {
      document.querySelector<HTMLButtonElement>('[data-testid="realtime-reset"]')!.click();
      return window.__reelscope!.realtime.getState();
    });
    expect(cleared.resets).toBe(before.resets + 1);
    expect(cleared.label).toBeNull();
    expect(cleared.history).toEqual([]);
    expect(cleared.steps).toBe(0);
    const processedAtReset = cleared.processed;
    const resumed = await rt.waitFor('s.steps >= 1 && s.label !== null');
    // The worker counts steps since its last stepReset: at most the frames processed since our reset.
    expect(resumed.steps).toBeLessThanOrEqual(resumed.processed - processedAtReset);
    expect(resumed.steps).toBeLessThan(before.steps);

    // Stop releases the camera (every track ended) and stops the frames.
    await page.getByTestId('realtime-stop').click();
    const stopped = await rt.waitFor("s.status === 'idle'");
    expect(stopped.cameraLive).toBe(false);
    expect(await rt.trackStates()).toEqual(['ended']);
    expect(stopped.error).toBeNull();
  });

  test('imagenet (frame-mean): the per-frame classifier with the same smoothing sees a piano', async ({ page }) => {
    const rt = new RealtimeDriver(page);
    await rt.open('imagenet');
    await page.getByTestId('realtime-start').click();
    const s = await rt.waitFor(`(s.label !== null && s.label.includes('piano') && s.processed >= 3) || s.processed >= ${MAX_FRAMES_TO_LABEL}`, 180_000);
    expect(s.mode).toBe('frame');
    expect(s.label, `top after ${s.processed} frames: ${JSON.stringify(s.top)}`).toMatch(/piano/);
    expect(s.fps).toBeGreaterThan(0);
    await page.getByTestId('realtime-stop').click();
    await rt.waitFor("s.status === 'idle'");
    expect(await rt.trackStates()).toEqual(['ended']);
  });
});

test.describe('no camera', () => {
  test('starting shows CameraUnavailable in words and holds no camera', async ({ baseURL }) => {
    // Its own browser: the permission prompt is auto-accepted but there is no (fake) device, so
    // getUserMedia fails with NotFoundError.
    const browser = await chromium.launch(chromiumLaunchOptions(['--use-fake-ui-for-media-stream']));
    const page = await browser.newPage({ baseURL });
    const rt = new RealtimeDriver(page);
    await rt.open('imagenet');
    await page.getByTestId('realtime-start').click();
    const s = await rt.waitFor("s.status === 'error'", 60_000);
    expect(s.error?.code).toBe('CameraUnavailable');
    expect(s.cameraLive).toBe(false);
    await expect(page.getByTestId('error-banner')).toHaveAttribute('data-code', 'CameraUnavailable');
    await expect(page.getByTestId('error-banner')).toContainText("camera isn't available");
    await browser.close();
  });
});
