// The moderation screen's state, in its own zustand vanilla store. The controller writes it
// through these actions; React reads it with useModeration(selector). Segments and the verdict
// are derived here (pure functions of frames, thresholds, smoothing and the pack's out-of-scope
// threshold), so moving a slider updates them at once without running the pipeline again.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { ClipMetadata } from '../../pipeline/probe';
import type { UiError } from '../../store/types';
import { MODERATION_PACK_ID } from './windows';
import type { ModelProvenance } from './report';
import { DEFAULT_SMOOTHING, findSegments, outOfScopeSegments, type Segment, type SmoothingOptions } from './segments';
import {
  activeThresholds,
  DEFAULT_THRESHOLDS,
  defaultThresholds,
  verdict,
  type CategoryAction,
  type OutOfScopeAction,
  type Thresholds,
  type Verdict,
} from './verdict';

export type ModerationStatus = 'idle' | 'loading-model' | 'running' | 'done' | 'error' | 'cancelled';

export interface ModerationFrame {
  index: number;
  timeSec: number;
  /** The backbone's probabilities, in the order of `labels`. */
  scores: number[];
  /** The out-of-scope score of the frame's window (null: the pack has no detector, or scores frame by frame). */
  oodScore: number | null;
  /** Object URL of a JPEG of the model's input image, once made. */
  thumbnailUrl: string | null;
}

/** Sampled frames per clip the reviewer can choose (the pack's own T is 16: too coarse in time). */
export const FRAME_COUNTS = [16, 32, 48, 64] as const;
export const DEFAULT_FRAME_COUNT = 32;

export interface ModerationState {
  /** The pack the next clip is scored with (MODERATION_PACK_ID until the reviewer picks another). */
  packId: string;
  runId: number;
  status: ModerationStatus;
  fileName: string | null;
  fileBytes: number;
  metadata: ClipMetadata | null;
  /** Frames to sample from the next clip. */
  frameCount: number;
  progress: { done: number; total: number } | null;
  labels: string[];
  model: ModelProvenance | null;
  frames: ModerationFrame[];
  thresholds: Thresholds;
  smoothing: SmoothingOptions;
  /** The pack's out-of-scope threshold at the user's open-set setting (null: no detector). */
  oodThreshold: number | null;
  /** Flagged segments of every category, and the out-of-scope ones (NONE_OF_THESE) unless they are off. */
  segments: Segment[];
  /** Null until every frame is scored. */
  verdict: Verdict | null;
  /** Frame indices whose thumbnail the reviewer has chosen to see unblurred. */
  revealed: Record<number, true>;
  error: UiError | null;

  /** Another pack, as run `runId` (so the previous run's late events are dropped): the clip's results go, the labels follow with setLabels. */
  setPackId: (runId: number, packId: string) => void;
  startRun: (runId: number, file: { name: string; bytes: number }) => void;
  /** The pack's categories, known before any clip; thresholds reset to the defaults if they change. */
  setLabels: (labels: string[]) => void;
  /** The pack could not be loaded before any clip (shown; a clip drop tries again). */
  setPackError: (error: UiError) => void;
  setModel: (runId: number, labels: string[], model: ModelProvenance) => void;
  setRunning: (runId: number, metadata: ClipMetadata | null, total: number) => void;
  addFrame: (runId: number, frame: ModerationFrame) => void;
  setThumbnail: (runId: number, index: number, url: string) => void;
  setProgress: (runId: number, done: number, total: number) => void;
  finishRun: (runId: number) => void;
  failRun: (runId: number, error: UiError) => void;
  cancelRun: (runId: number) => void;
  setThreshold: (category: string, threshold: number) => void;
  setAction: (category: string, action: CategoryAction) => void;
  setBlockMinSec: (seconds: number) => void;
  setOutOfScopeAction: (action: OutOfScopeAction) => void;
  setOodThreshold: (threshold: number | null) => void;
  setFrameCount: (frames: number) => void;
  reveal: (frameIndex: number) => void;
}

export type ModerationStore = StoreApi<ModerationState>;

type Derived = Pick<ModerationState, 'segments' | 'verdict'>;

/** Segments of the frames so far; the verdict once the run is done. */
export function derive(state: Pick<ModerationState, 'frames' | 'labels' | 'thresholds' | 'smoothing' | 'oodThreshold' | 'metadata' | 'status'>): Derived {
  const last = state.frames[state.frames.length - 1];
  const duration = state.metadata?.durationSec ?? (last ? last.timeSec * 2 : 0);
  const categories = findSegments(state.frames, state.labels, activeThresholds(state.thresholds), duration, state.smoothing);
  const outOfScope =
    state.oodThreshold === null || state.thresholds.outOfScope === 'off' ? [] : outOfScopeSegments(state.frames, state.oodThreshold, duration, state.smoothing);
  const segments = [...categories, ...outOfScope].sort((a, b) => a.startSec - b.startSec);
  return { segments, verdict: state.status === 'done' ? verdict(segments, state.thresholds) : null };
}

/** What a clip's run produces, before any of it exists (a new clip, another pack). */
const NO_CLIP_RESULTS = { metadata: null, progress: null, frames: [], segments: [], verdict: null, revealed: {}, error: null } satisfies Partial<ModerationState>;

export function createModerationStore(labels: string[] = []): ModerationStore {
  return createStore<ModerationState>()((set, get) => {
    /** Applies `change` to run `runId` only (late events of an older run are dropped), then re-derives. */
    const patchRun = (runId: number, change: (s: ModerationState) => Partial<ModerationState>): void => {
      const s = get();
      if (s.runId !== runId) return;
      const patch = change(s);
      set({ ...patch, ...derive({ ...s, ...patch }) });
    };
    const rederive = (change: (s: ModerationState) => Partial<ModerationState>): void => {
      const s = get();
      const patch = change(s);
      set({ ...patch, ...derive({ ...s, ...patch }) });
    };

    return {
      packId: MODERATION_PACK_ID,
      runId: 0,
      status: 'idle',
      fileName: null,
      fileBytes: 0,
      metadata: null,
      frameCount: DEFAULT_FRAME_COUNT,
      progress: null,
      labels,
      model: null,
      frames: [],
      // Before the pack is loaded, the known nsfwjs categories, so thresholds can be set early.
      thresholds: defaultThresholds(labels.length > 0 ? labels : Object.keys(DEFAULT_THRESHOLDS.categories)),
      smoothing: { ...DEFAULT_SMOOTHING },
      oodThreshold: null,
      segments: [],
      verdict: null,
      revealed: {},
      error: null,

      setPackId: (runId, packId) => set({ ...NO_CLIP_RESULTS, packId, runId, status: 'idle', fileName: null, fileBytes: 0, model: null }),
      startRun: (runId, file) => set({ ...NO_CLIP_RESULTS, runId, status: 'loading-model', fileName: file.name, fileBytes: file.bytes }),
      setLabels: (newLabels) => rederive((s) => (sameLabels(s.labels, newLabels) ? {} : { labels: newLabels, thresholds: keepThresholds(s.thresholds, newLabels) })),
      setPackError: (error) => set((s) => (s.status === 'idle' ? { error } : {})),
      setModel: (runId, newLabels, model) =>
        patchRun(runId, (s) => (sameLabels(s.labels, newLabels) ? { model } : { model, labels: newLabels, thresholds: keepThresholds(s.thresholds, newLabels) })),
      setRunning: (runId, metadata, total) => patchRun(runId, () => ({ status: 'running', metadata, progress: { done: 0, total } })),
      addFrame: (runId, frame) =>
        patchRun(runId, (s) => ({
          frames: [...s.frames.filter((f) => f.index !== frame.index), frame].sort((a, b) => a.timeSec - b.timeSec),
        })),
      setThumbnail: (runId, index, url) =>
        patchRun(runId, (s) => ({ frames: s.frames.map((f) => (f.index === index ? { ...f, thumbnailUrl: url } : f)) })),
      setProgress: (runId, done, total) => patchRun(runId, () => ({ progress: { done, total } })),
      finishRun: (runId) => patchRun(runId, () => ({ status: 'done' })),
      failRun: (runId, error) => patchRun(runId, () => ({ status: 'error', error })),
      cancelRun: (runId) => patchRun(runId, () => ({ status: 'cancelled' })),

      setThreshold: (category, threshold) =>
        rederive((s) => {
          const rule = s.thresholds.categories[category];
          if (!rule || !Number.isFinite(threshold)) return {};
          const clamped = Math.min(1, Math.max(0.01, threshold));
          return { thresholds: { ...s.thresholds, categories: { ...s.thresholds.categories, [category]: { ...rule, threshold: clamped } } } };
        }),
      setAction: (category, action) =>
        rederive((s) => {
          const rule = s.thresholds.categories[category];
          if (!rule) return {};
          return { thresholds: { ...s.thresholds, categories: { ...s.thresholds.categories, [category]: { ...rule, action } } } };
        }),
      setBlockMinSec: (seconds) =>
        rederive((s) => (Number.isFinite(seconds) && seconds >= 0 ? { thresholds: { ...s.thresholds, blockMinSec: seconds } } : {})),
      setOutOfScopeAction: (action) => rederive((s) => ({ thresholds: { ...s.thresholds, outOfScope: action } })),
      setOodThreshold: (threshold) => rederive((s) => (s.oodThreshold === threshold ? {} : { oodThreshold: threshold })),
      setFrameCount: (frames) => {
        if (Number.isInteger(frames) && frames >= 1 && frames <= 256) set({ frameCount: frames });
      },
      reveal: (frameIndex) => set((s) => ({ revealed: { ...s.revealed, [frameIndex]: true } })),
    };
  });
}

/** Thresholds for `labels`: the reviewer's rule where one exists, else the default. */
function keepThresholds(current: Thresholds, labels: readonly string[]): Thresholds {
  const fresh = defaultThresholds(labels);
  for (const label of labels) {
    const rule = current.categories[label];
    if (rule) fresh.categories[label] = { ...rule };
  }
  return { ...fresh, blockMinSec: current.blockMinSec, outOfScope: current.outOfScope };
}

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((l, i) => l === b[i]);
}

export function useModerationStore<T>(store: ModerationStore, selector: (state: ModerationState) => T): T {
  return useStore(store, selector);
}

// --- selectors ---
/** The peak frame of each flagged segment, in time order (a frame shared by two segments once). */
export function flaggedFrames(
  segments: readonly Segment[],
  frames: readonly ModerationFrame[],
): Array<{ frame: ModerationFrame; segment: Segment }> {
  const out: Array<{ frame: ModerationFrame; segment: Segment }> = [];
  for (const segment of segments) {
    const frame = frames.find((f) => f.index === segment.peakFrame);
    if (frame && !out.some((o) => o.frame.index === frame.index)) out.push({ frame, segment });
  }
  return out;
}
