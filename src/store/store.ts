// The state the UI renders, in one zustand vanilla store with typed slices; actions sit beside
// the state they change. The pipeline (src/app/*) writes through these actions; React reads with
// `useReelscope(selector)` (wrap object-returning selectors in `useShallow`). The store holds
// what is shown and never runs the pipeline.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { atOodThreshold } from '../engine/aggregate';
import type { Head, OperatingPoint, PackManifest } from '../pipeline/manifest';
import { operatingPointAt, stepThreshold, type ClipDecision, type OperatingStep } from '../pipeline/postprocess';
import type {
  BackendInfo,
  BackendPreference,
  ClipRun,
  FrameRecord,
  HeadRun,
  PackSummary,
  UiError,
} from './types';

export type PacksStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface PacksSlice {
  packs: PackSummary[];
  packsStatus: PacksStatus;
  packsError: UiError | null;
  selectedPackId: string | null;
  /** The head whose decision the UI shows; null until a pack is selected. */
  selectedHeadId: string | null;
  setPacksLoading: () => void;
  setPacks: (packs: PackSummary[], defaultPackId: string) => void;
  setPacksError: (error: UiError) => void;
  /** Selects a pack and its default head. Unknown ids are ignored. */
  setSelectedPack: (packId: string) => void;
  /** Selects a head of the selected pack and re-derives the shown clip decision from it. */
  setSelectedHead: (headId: string) => void;
}

export interface BackendSlice {
  backendPreference: BackendPreference;
  /** What the inference worker chose last, and why. */
  backendInfo: BackendInfo | null;
  setBackendPreferenceState: (preference: BackendPreference) => void;
  setBackendInfo: (info: BackendInfo | null) => void;
}

export interface ClipSlice {
  /** The current (or last) clip; a new drop replaces it. */
  clip: ClipRun | null;
  startClip: (run: ClipRun) => void;
  /** Merges `patch` into the clip if it is still run `runId` (late events of old runs are dropped). */
  updateClip: (runId: number, patch: Partial<Omit<ClipRun, 'runId'>>) => void;
  addFrame: (runId: number, frame: FrameRecord) => void;
  /** Stores the heads' results; the shown decision follows the selected head. */
  setHeads: (runId: number, heads: HeadRun[]) => void;
}

export interface OpenSetSlice {
  /**
   * The out-of-scope threshold the user chose, per pack: a point of the pack's operating curve.
   * A pack with no entry decides at its manifest's default threshold. The single clip, batch and
   * evaluation all decide at this threshold; the shown clip is re-decided when it moves.
   */
  oodThresholds: Record<string, number>;
  /** Moves the pack's threshold one point along its curve; a no-op without a curve or at the curve's end. */
  stepOodThreshold: (packId: string, step: OperatingStep) => void;
  /** Back to the manifest's default threshold. */
  resetOodThreshold: (packId: string) => void;
}

export type ReelscopeState = PacksSlice & BackendSlice & ClipSlice & OpenSetSlice;
export type ReelscopeStore = StoreApi<ReelscopeState>;

/** The decision the UI shows: the selected head's, else the pack's default head's, else the first. */
export function decisionFor(heads: readonly HeadRun[], selectedHeadId: string | null, defaultHeadId?: string): ClipDecision | null {
  const head =
    heads.find((h) => h.headId === selectedHeadId) ?? heads.find((h) => h.headId === defaultHeadId) ?? heads[0];
  return head?.decision ?? null;
}

/** The threshold a pack decides "none of these" at: the user's choice, else the manifest's default; null without a detector. */
export function oodThresholdOf(state: Pick<ReelscopeState, 'packs' | 'oodThresholds'>, packId: string | null): number | null {
  const ood = state.packs.find((p) => p.id === packId)?.manifest.ood;
  if (!ood) return null;
  return (packId !== null ? state.oodThresholds[packId] : undefined) ?? ood.threshold;
}

export function createReelscopeStore(): ReelscopeStore {
  return createStore<ReelscopeState>()((set, get) => {
    const manifestOf = (packId: string | null): PackManifest | undefined =>
      get().packs.find((p) => p.id === packId)?.manifest;

    /** The clip with its heads, OOD verdict and shown decision at its pack's current threshold. */
    const atCurrentThreshold = (clip: ClipRun): ClipRun => {
      const threshold = oodThresholdOf(get(), clip.packId);
      if (threshold === null) return clip;
      const current = (clip.ood === null || clip.ood.threshold === threshold) && clip.heads.every((h) => (h.decision.ood?.threshold ?? threshold) === threshold);
      if (current) return clip;
      const { heads, ood } = atOodThreshold(clip.heads, clip.ood, threshold);
      return { ...clip, heads, ood, decision: decisionFor(heads, get().selectedHeadId, manifestOf(clip.packId)?.defaultHead) };
    };

    const patchClip = (runId: number, change: (clip: ClipRun) => Partial<ClipRun>): void => {
      const clip = get().clip;
      if (!clip || clip.runId !== runId) return;
      set({ clip: atCurrentThreshold({ ...clip, ...change(clip) }) });
    };

    const setOodThreshold = (packId: string, threshold: number | null): void => {
      const { [packId]: _previous, ...others } = get().oodThresholds;
      set({ oodThresholds: threshold === null ? others : { ...others, [packId]: threshold } });
      const clip = get().clip;
      if (clip && clip.packId === packId) set({ clip: atCurrentThreshold(clip) });
    };

    return {
      // --- packs ---
      packs: [],
      packsStatus: 'idle',
      packsError: null,
      selectedPackId: null,
      selectedHeadId: null,
      setPacksLoading: () => set({ packsStatus: 'loading', packsError: null }),
      setPacks: (packs, defaultPackId) => {
        const keep = get().selectedPackId;
        const packId = packs.some((p) => p.id === keep) ? keep : (packs.find((p) => p.id === defaultPackId) ?? packs[0])?.id ?? null;
        const manifest = packs.find((p) => p.id === packId)?.manifest;
        const head = get().selectedHeadId;
        const keepHead = packId === keep && manifest?.heads.some((h: Head) => h.id === head);
        set({
          packs,
          packsStatus: 'ready',
          packsError: null,
          selectedPackId: packId,
          selectedHeadId: keepHead ? head : (manifest?.defaultHead ?? null),
        });
      },
      setPacksError: (error) => set({ packsStatus: 'error', packsError: error }),
      setSelectedPack: (packId) => {
        const manifest = manifestOf(packId);
        if (!manifest) return;
        set({ selectedPackId: packId, selectedHeadId: manifest.defaultHead });
      },
      setSelectedHead: (headId) => {
        const manifest = manifestOf(get().selectedPackId);
        if (!manifest || !manifest.heads.some((h: Head) => h.id === headId)) return;
        set({ selectedHeadId: headId });
        const clip = get().clip;
        if (clip && clip.heads.length > 0) {
          set({ clip: { ...clip, decision: decisionFor(clip.heads, headId, manifest.defaultHead) } });
        }
      },

      // --- backend ---
      backendPreference: 'auto',
      backendInfo: null,
      setBackendPreferenceState: (preference) => set({ backendPreference: preference }),
      setBackendInfo: (info) => set({ backendInfo: info }),

      // --- clip ---
      clip: null,
      startClip: (run) => set({ clip: run }),
      updateClip: (runId, patch) => patchClip(runId, () => patch),
      addFrame: (runId, frame) =>
        patchClip(runId, (clip) => ({
          frames: [...clip.frames.filter((f) => f.index !== frame.index), frame].sort((a, b) => a.index - b.index),
        })),
      setHeads: (runId, heads) =>
        patchClip(runId, (clip) => ({
          heads,
          decision: decisionFor(heads, get().selectedHeadId, manifestOf(clip.packId)?.defaultHead),
        })),

      // --- open set ---
      oodThresholds: {},
      stepOodThreshold: (packId, step) => {
        const curve = manifestOf(packId)?.ood?.operatingCurve;
        const current = oodThresholdOf(get(), packId);
        if (!curve || current === null) return;
        const next = stepThreshold(curve, current, step);
        if (next !== null) setOodThreshold(packId, next);
      },
      resetOodThreshold: (packId) => setOodThreshold(packId, null),
    };
  });
}

/** Calls `listener(packId, threshold)` whenever a pack's out-of-scope threshold moves (the stricter / looser control). */
export function subscribeOodThreshold(store: ReelscopeStore, listener: (packId: string, threshold: number) => void): () => void {
  return store.subscribe((state, previous) => {
    if (state.oodThresholds === previous.oodThresholds) return;
    for (const pack of state.packs) {
      const threshold = oodThresholdOf(state, pack.id);
      if (threshold !== null && threshold !== oodThresholdOf(previous, pack.id)) listener(pack.id, threshold);
    }
  });
}

// --- selectors (pure; usable with useReelscope and in tests) ---
export const selectPacks = (s: ReelscopeState): PackSummary[] => s.packs;
export const selectPacksStatus = (s: ReelscopeState): PacksStatus => s.packsStatus;
export const selectPacksError = (s: ReelscopeState): UiError | null => s.packsError;
export const selectSelectedPackId = (s: ReelscopeState): string | null => s.selectedPackId;
export const selectSelectedHeadId = (s: ReelscopeState): string | null => s.selectedHeadId;
export const selectSelectedPack = (s: ReelscopeState): PackSummary | null =>
  s.packs.find((p) => p.id === s.selectedPackId) ?? null;
export const selectSelectedManifest = (s: ReelscopeState): PackManifest | null => selectSelectedPack(s)?.manifest ?? null;
export const selectSelectedHead = (s: ReelscopeState): Head | null =>
  selectSelectedManifest(s)?.heads.find((h) => h.id === s.selectedHeadId) ?? null;
export const selectBackendPreference = (s: ReelscopeState): BackendPreference => s.backendPreference;
export const selectBackendInfo = (s: ReelscopeState): BackendInfo | null => s.backendInfo;
export const selectClip = (s: ReelscopeState): ClipRun | null => s.clip;
export const selectClipStatus = (s: ReelscopeState): ClipRun['status'] => s.clip?.status ?? 'idle';
export const selectFrames = (s: ReelscopeState): FrameRecord[] => s.clip?.frames ?? EMPTY_FRAMES;
export const selectHeadRuns = (s: ReelscopeState): HeadRun[] => s.clip?.heads ?? EMPTY_HEADS;
export const selectSelectedHeadRun = (s: ReelscopeState): HeadRun | null =>
  s.clip?.heads.find((h) => h.headId === s.selectedHeadId) ?? null;
export const selectDecision = (s: ReelscopeState): ClipDecision | null => s.clip?.decision ?? null;
export const selectClipError = (s: ReelscopeState): UiError | null => s.clip?.error ?? null;
export const selectProgress = (s: ReelscopeState): ClipRun['progress'] => s.clip?.progress ?? null;


/** The stricter / looser control's state for the selected pack; null when its detector has no operating curve. */
export interface OperatingPointView {
  packId: string;
  curve: readonly OperatingPoint[];
  /** Where the pack decides now, and what that costs (read off the curve). */
  point: OperatingPoint & { exact: boolean };
  defaultThreshold: number;
  /** How the detector and its curve were measured, in words (the manifest's ood.protocol). */
  protocol: string;
  isDefault: boolean;
  canStricter: boolean;
  canLooser: boolean;
}

export const selectOperatingPoint = (s: ReelscopeState): OperatingPointView | null => {
  const packId = s.selectedPackId;
  const ood = selectSelectedManifest(s)?.ood;
  const curve = ood?.operatingCurve;
  const threshold = oodThresholdOf(s, packId);
  if (!packId || !ood || !curve || threshold === null) return null;
  const key = `${packId}\u0000${threshold}`;
  const hit = operatingViewCache.get(curve);
  if (hit?.key === key) return hit.view;
  const view: OperatingPointView = {
    packId,
    curve,
    point: operatingPointAt(curve, threshold),
    defaultThreshold: ood.threshold,
    protocol: ood.protocol,
    isDefault: threshold === ood.threshold,
    canStricter: stepThreshold(curve, threshold, 'stricter') !== null,
    canLooser: stepThreshold(curve, threshold, 'looser') !== null,
  };
  operatingViewCache.set(curve, { key, view });
  return view;
};
const operatingViewCache = new WeakMap<readonly OperatingPoint[], { key: string; view: OperatingPointView }>();

const EMPTY_FRAMES: FrameRecord[] = [];
const EMPTY_HEADS: HeadRun[] = [];
