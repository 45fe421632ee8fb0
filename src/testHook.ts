// window.__reelscope: the app's one test hook, for Playwright specs, `npm run eval` and the
// benchmarks. Always on: it only does what the UI can already do, and returns plain data. The
// single clip and the settings bar sit at the top level; each other screen has its own part.
import type { EvaluationReport } from './features/evaluation/labelled';
import { selectReport, type EvalState } from './features/evaluation/store';
import type { BatchState } from './features/batch/store';
import { clipTestApi, type ClipTestApi } from './features/clip/testApi';
import type { ModerationReport } from './features/moderation/report';
import type { ModerationState } from './features/moderation/store';
import type { PacksState } from './features/packs/store';
import type { CategoryAction } from './features/moderation/verdict';
import type { RealtimeState } from './features/realtime/store';
import type { TeachOverrides } from './features/teach/controller';
import type { TeachState } from './features/teach/store';
import type { BackboneBench } from './protocol/inference';
import type { Reelscope } from './root';

export interface BatchTestApi {
  getState(): BatchState;
  /** Resolves when every queued file has finished. */
  idle(): Promise<void>;
  csv(): string;
  json(): string;
  cancelAll(): void;
  clearFinished(): void;
}

export interface EvaluationTestApi {
  getState(): EvalState;
  report(): EvaluationReport | null;
}

export interface ModerationTestApi {
  getState(): ModerationState;
  setThreshold(category: string, threshold: number, action?: CategoryAction): void;
  setFrameCount(frames: number): void;
  report(): ModerationReport | null;
}

export interface RealtimeTestApi {
  getState(): RealtimeState;
  startCamera(): Promise<void>;
  stop(): Promise<void>;
  reset(): void;
  /** readyState of each track of the last camera stream ("live" until stop releases it, then "ended"). */
  trackStates(): string[];
}

export interface PacksTestApi {
  /** The Packs screen's state: the action under way, the last pack added, the last failure. */
  getState(): PacksState;
  /** Lists the packs into the app store again (what the screen does after every change). */
  refresh(): Promise<boolean>;
}

export interface TeachTestApi {
  getState(): Omit<TeachState, 'patch'>;
  /** Adds a class by name and returns its id (what the "Add class" form does). */
  addClass(name: string): number;
  setViews(views: number): void;
  setPackName(name: string): void;
  /** What the Train button does; `epochs` is a knob for tests and the benchmark. Resolves when training ends. */
  train(overrides?: TeachOverrides): Promise<void>;
  /** What "Save as a pack" does: resolves with the saved pack's id, or null (the error is in the state). */
  save(): Promise<string | null>;
}

export interface BenchTestApi {
  /** The selected or named pack's backbone alone in the inference worker, timed per run. */
  backbone(options: { packId: string; batch: number; runs: number; threads?: number; precision?: 'int8' | 'fp16' | 'fp32' }): Promise<BackboneBench>;
}

export interface ReelscopeTestHook extends ClipTestApi {
  bench: BenchTestApi;
  batch: BatchTestApi;
  evaluation: EvaluationTestApi;
  moderation: ModerationTestApi;
  packs: PacksTestApi;
  realtime: RealtimeTestApi;
  teach: TeachTestApi;
}

declare global {
  interface Window {
    __reelscope?: ReelscopeTestHook;
  }
}

export function createTestHook(root: Reelscope): ReelscopeTestHook {
  const { batch, evaluation, moderation, packs, realtime, realtimeStore, teach } = root;
  return {
    ...clipTestApi(root.clip),
    bench: {
      backbone: async ({ packId, batch, runs, threads, precision }) => {
        const pack = (await root.engine.loadPacks()).packs.find((p) => p.id === packId);
        if (!pack) throw new Error(`no pack "${packId}"`);
        const overrides = { ...(threads !== undefined ? { threads } : {}), ...(precision ? { precision } : {}) };
        return root.engine.benchBackbone(pack, batch, runs, overrides);
      },
    },
    batch: {
      getState: () => batch.store.getState(),
      idle: () => batch.idle(),
      csv: () => batch.csv(),
      json: () => batch.json(),
      cancelAll: () => batch.cancelAll(),
      clearFinished: () => batch.clearFinished(),
    },
    evaluation: {
      getState: () => evaluation.store.getState(),
      report: () => selectReport(evaluation.store.getState()),
    },
    moderation: {
      getState: () => moderation.store.getState(),
      setThreshold: (category, threshold, action) => {
        moderation.setThreshold(category, threshold);
        if (action) moderation.setAction(category, action);
      },
      setFrameCount: (frames) => moderation.setFrameCount(frames),
      report: () => moderation.report(),
    },
    packs: {
      getState: () => packs.store.getState(),
      refresh: () => packs.refresh(),
    },
    realtime: {
      getState: () => {
        const { patch: _patch, clearDecision: _clear, ...state } = realtimeStore.getState();
        return state;
      },
      startCamera: () => realtime.startCamera(),
      stop: () => realtime.stop(),
      reset: () => realtime.reset(),
      trackStates: () => realtime.trackStates(),
    },
    teach: {
      getState: () => {
        const { patch: _patch, ...state } = teach.store.getState();
        return state;
      },
      addClass: (name) => teach.addClass(name),
      setViews: (views) => teach.setViews(views),
      setPackName: (name) => teach.setPackName(name),
      train: (overrides) => teach.train(overrides),
      save: () => teach.save(),
    },
  };
}

export function installTestHook(target: Window, root: Reelscope): ReelscopeTestHook {
  const hook = createTestHook(root);
  target.__reelscope = hook;
  return hook;
}
