import { expect, test } from '@playwright/test';
import { AppDriver } from './support/app';
import { realClip, renderClip, rotatedClip } from './support/media';

test.describe('single clip', () => {
  test('a real UCF101 clip gets the right label, and every chart renders', async ({ page }) => {
    const app = new AppDriver(page);
    await app.open();
    await app.selectPack('ucf101-6');
    const outcome = await app.classify(realClip('PlayingPiano', 0));
    expect(outcome.error).toBeNull();
    expect(outcome.status).toBe('done');
    expect(outcome.label).toBe('PlayingPiano');

    const state = await app.state();
    const clip = state.clip!;
    const manifest = state.packs.find((p) => p.id === 'ucf101-6')!.manifest;
    expect(clip.frames).toHaveLength(manifest.input.frames);
    expect(clip.frames[0]!.features).toHaveLength(manifest.backbone.featureDim);
    // Both temporal heads ran and each gives a prediction after every frame.
    for (const kind of ['ssm', 'lstm'] as const) {
      const head = clip.heads.find((h) => h.kind === kind);
      expect(head, `${kind} head result`).toBeDefined();
      expect(head!.probabilities).toHaveLength(manifest.input.frames);
    }

    await expect(page.getByTestId('result-label')).toContainText('PlayingPiano');
    await expect(page.getByTestId('result-confidence')).toContainText('%');
    await expect(page.getByTestId('top3')).toBeVisible();
    await expect(page.getByTestId('frame-strip').locator('img')).toHaveCount(manifest.input.frames);
    await expect(page.getByTestId('prob-chart').locator('.recharts-line').first()).toBeVisible();
    await expect(page.getByTestId('feature-heatmap').locator('canvas')).toBeVisible();
    await expect(page.getByTestId('projection-chart').locator('.recharts-scatter').first()).toBeAttached();
    await expect(page.getByTestId('timing-chart').locator('.recharts-bar-rectangle').first()).toBeAttached();
    await expect(page.getByTestId('heads-compare')).toContainText(/SSM/i);
    await expect(page.getByTestId('heads-compare')).toContainText(/LSTM/i);
    await expect(page.getByTestId('backend-info')).toContainText(/wasm/i);
  });

  test('clips the test renders itself (H.264 mp4, VP9 webm, animated gif) are classified by the objects pack', async ({ page }) => {
    const app = new AppDriver(page);
    await app.open();
    await app.selectPack('imagenet');
    const clips = [
      renderClip('testsrc2.mp4'),
      renderClip('mandelbrot.webm', {
        source: 'mandelbrot=size=320x240:rate=25',
        codecArgs: ['-c:v', 'libvpx-vp9', '-b:v', '300k', '-deadline', 'realtime', '-cpu-used', '8'],
      }),
      renderClip('life.gif', { source: 'life=size=160x120:rate=10:mold=10', seconds: 2, codecArgs: [] }),
    ];
    for (const clip of clips) {
      const outcome = await app.classify(clip);
      expect(outcome.error, clip).toBeNull();
      expect(outcome.status, clip).toBe('done');
      expect(outcome.label, clip).toBeTruthy();
      await expect(page.getByTestId('result-label')).toHaveText(new RegExp(outcome.label!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    }
  });

  test('a rotated phone clip reports its rotation and display size, and is classified', async ({ page }) => {
    const app = new AppDriver(page);
    await app.open();
    await app.selectPack('imagenet');
    // 320×240 coded, rotated 90° by metadata: ffmpeg must report and apply the rotation.
    const clip = rotatedClip(90);
    const outcome = await app.classify(clip);
    expect(outcome.status).toBe('done');
    const state = await app.state();
    expect(state.clip!.metadata!.rotation % 180).toBe(90);
    expect(state.clip!.metadata!.displayWidth).toBe(240);
    expect(state.clip!.metadata!.displayHeight).toBe(320);
  });
});

test('a clip of another action says "none of these", with the closest class and the out-of-scope score', async ({ page }) => {
  const app = new AppDriver(page);
  await app.open();
  await app.selectPack('ucf101-6');
  const outcome = await app.classify(realClip('BenchPress', 0, 'ucf101-other'));
  expect(outcome.status).toBe('done');
  expect(outcome.label).toBe('none of these');
  const state = await app.state();
  expect(state.clip!.ood!.outOfScope).toBe(true);
  expect(state.clip!.ood!.score).toBeGreaterThan(state.clip!.ood!.threshold);
  await expect(page.getByTestId('none-of-these')).toBeVisible();
  await expect(page.getByTestId('none-of-these')).toContainText(state.clip!.decision!.predicted.label);
});
