import { expect, test } from '@playwright/test';
import { chromiumLaunchOptions, WEBGPU_FLAGS } from './support/browser';
import { AppDriver } from './support/app';
import { renderClip } from './support/media';

test.use({ launchOptions: chromiumLaunchOptions(WEBGPU_FLAGS) });

test('WebGPU (SwiftShader fallback adapter) and WASM give the same head probabilities within 1e-3', async ({ page }) => {
  // SwiftShader runs the CNN ~80× slower than WASM: 2–3 minutes for this clip on an idle 2-core machine, more when busy.
  test.setTimeout(900_000);
  const app = new AppDriver(page);
  await app.open();
  await app.selectPack('ucf101-6');
  const clip = renderClip('short.mp4', { seconds: 2 });

  await app.setBackend('auto');
  const auto = await app.classify(clip);
  expect(auto.status).toBe('done');
  const autoState = await app.state();
  // A fallback adapter is ~80× slower than WASM: auto must detect it and stay on WASM, saying why.
  expect(autoState.backendInfo?.backend).toBe('wasm');
  expect(autoState.backendInfo?.adapter?.isFallback).toBe(true);
  expect(autoState.backendInfo?.reason).toMatch(/fallback/i);

  await app.setBackend('webgpu');
  const forced = await app.classify(clip, 720_000);
  expect(forced.error).toBeNull();
  const gpuState = await app.state();
  expect(gpuState.backendInfo?.backend).toBe('webgpu');

  const wasmHeads = autoState.clip!.heads;
  const gpuHeads = gpuState.clip!.heads;
  expect(gpuHeads.map((h) => h.headId)).toEqual(wasmHeads.map((h) => h.headId));
  let maxDelta = 0;
  wasmHeads.forEach((head, h) =>
    head.probabilities.forEach((row, t) =>
      row.forEach((p, c) => {
        maxDelta = Math.max(maxDelta, Math.abs(p - gpuHeads[h]!.probabilities[t]![c]!));
      }),
    ),
  );
  console.log(`max |Δp| WebGPU vs WASM over ${wasmHeads.length} heads: ${maxDelta.toExponential(2)}`);
  expect(maxDelta).toBeLessThanOrEqual(1e-3);
});
