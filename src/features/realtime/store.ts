// What the realtime screen renders, in its own small zustand store (the clip store in
// src/store/store.ts is untouched). RealtimeController writes through these actions; React reads
// with useRealtime(store, selector). Plain data only, so tests can read it through window.__reelscope.realtime.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { Ranked } from '../../pipeline/postprocess';
import type { UiError } from '../../store/types';
import type { RealtimeInputMode } from './inputSize';
import type { HistoryPoint, StageLatency } from './stats';

export type RealtimeStatus = 'idle' | 'starting' | 'running' | 'stopping' | 'error';
export type RealtimeSource = 'camera' | 'file';
/** 'step': a temporal head's step graph, state kept in the worker; 'frame': the backbone's own classifier. */
export type RealtimeMode = 'step' | 'frame';

export interface RealtimeState {
  status: RealtimeStatus;
  source: RealtimeSource | null;
  /** "Camera" or the file's name. */
  sourceName: string | null;
  packId: string | null;
  headId: string | null;
  mode: RealtimeMode | null;
  /** Where the models run, e.g. "wasm, 2 threads (cross-origin isolated)", and the backbone precision. */
  backend: string | null;
  precision: string | null;
  /** The side the running stream feeds the backbone (its live size or the full one), null before a start. */
  inputSize: number | null;
  /** What the next start asks for (inputSize.ts). */
  inputMode: RealtimeInputMode;
  labels: string[];
  /** Frames the grabber offered to the model since start. */
  offered: number;
  /** Frames replaced while waiting (latest wins) since start. */
  dropped: number;
  /** Frames through the model since start / since the last reset (the step count of the head's state). */
  processed: number;
  steps: number;
  /** Times the user pressed Reset. */
  resets: number;
  fps: number;
  /** Mean per-stage latency over the last frames. */
  latency: StageLatency | null;
  /** The smoothed decision: label, its probability, and the top classes. */
  label: string | null;
  confidence: number;
  /** The head is calibrated and the smoothed (calibrated) top probability is below its level: a guess. */
  unsure: boolean;
  top: Ranked[];
  /** The last few seconds of smoothed probabilities, for the chart. */
  history: HistoryPoint[];
  /** True while this page holds the camera (a live track). */
  cameraLive: boolean;
  error: UiError | null;
  /** Exponential-decay half-life of the shown probabilities, seconds. */
  halfLifeSec: number;
  targetFps: number;
  windowSec: number;
}

export interface RealtimeActions {
  patch: (patch: Partial<RealtimeState>) => void;
  /** Back to no label and no history, counters of the stream kept (offered, dropped, processed). */
  clearDecision: () => void;
}

export type RealtimeStore = StoreApi<RealtimeState & RealtimeActions>;

export const REALTIME_DEFAULTS = Object.freeze({ targetFps: 25, halfLifeSec: 1, windowSec: 20 });

export function initialRealtimeState(): RealtimeState {
  return {
    status: 'idle',
    source: null,
    sourceName: null,
    packId: null,
    headId: null,
    mode: null,
    backend: null,
    precision: null,
    inputSize: null,
    inputMode: 'fast',
    labels: [],
    offered: 0,
    dropped: 0,
    processed: 0,
    steps: 0,
    resets: 0,
    fps: 0,
    latency: null,
    label: null,
    confidence: 0,
    unsure: false,
    top: [],
    history: [],
    cameraLive: false,
    error: null,
    ...REALTIME_DEFAULTS,
  };
}

export function createRealtimeStore(): RealtimeStore {
  return createStore<RealtimeState & RealtimeActions>()((set) => ({
    ...initialRealtimeState(),
    patch: (patch) => set(patch),
    clearDecision: () => set({ label: null, confidence: 0, unsure: false, top: [], history: [], steps: 0 }),
  }));
}

export function useRealtime<T>(store: RealtimeStore, selector: (state: RealtimeState & RealtimeActions) => T): T {
  return useStore(store, selector);
}
