// The app's batch controller and the clip runner batch and evaluation share, made on first use
// (their workers start with the first clip), and the test hook window.__reelscopeBatch.
import { oodThresholdOf, reelscopeStore, subscribeOodThreshold } from '../../store/store';
import { BatchController } from './controller';
import { defaultConcurrency } from './queue';
import { ClipRunner } from './runClip';
import type { BatchState } from './store';

/** What e2e tests and scripts/bench-batch.ts reach through window.__reelscopeBatch. */
export interface BatchTestHook {
  getState(): BatchState;
  /** Resolves when every queued file has finished. */
  idle(): Promise<void>;
  csv(): string;
  json(): string;
  cancelAll(): void;
  clearFinished(): void;
}

declare global {
  interface Window {
    __reelscopeBatch?: BatchTestHook;
  }
}

let runner: ClipRunner | null = null;
let batch: BatchController | null = null;

/** One runner for batch and evaluation: one inference worker, one decoder per concurrent clip. */
export function clipRunner(): ClipRunner {
  runner ??= new ClipRunner({
    assetBase: new URL(import.meta.env.BASE_URL, window.location.href).href,
    packs: () => {
      const s = reelscopeStore.getState();
      return { packs: s.packs, selectedPackId: s.selectedPackId };
    },
    preference: () => reelscopeStore.getState().backendPreference,
    oodThreshold: (packId) => oodThresholdOf(reelscopeStore.getState(), packId),
  });
  return runner;
}

export function appConcurrency(): number {
  return defaultConcurrency(navigator.hardwareConcurrency);
}

export function batchController(): BatchController {
  if (batch) return batch;
  const controller = new BatchController(clipRunner().classify, {
    concurrency: appConcurrency(),
    packId: () => reelscopeStore.getState().selectedPackId,
  });
  subscribeOodThreshold(reelscopeStore, (packId, threshold) => controller.setOodThreshold(packId, threshold));
  window.__reelscopeBatch = {
    getState: () => controller.store.getState(),
    idle: () => controller.idle(),
    csv: () => controller.csv(),
    json: () => controller.json(),
    cancelAll: () => controller.cancelAll(),
    clearFinished: () => controller.clearFinished(),
  };
  batch = controller;
  return controller;
}
