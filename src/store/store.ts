// The state the UI renders, in one zustand vanilla store with typed slices; actions sit beside
// the state they change. The pipeline (src/app/*) writes through these actions; React reads with
// `useReelscope(selector)` (wrap object-returning selectors in `useShallow`). The store holds
// what is shown and never runs the pipeline.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { Head, PackManifest } from '../pipeline/manifest';
import type { ClipDecision } from '../pipeline/postprocess';
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

export type ReelscopeState = PacksSlice & BackendSlice & ClipSlice;
export type ReelscopeStore = StoreApi<ReelscopeState>;

/** The decision the UI shows: the selected head's, else the pack's default head's, else the first. */
export function decisionFor(heads: readonly HeadRun[], selectedHeadId: string | null, defaultHeadId?: string): ClipDecision | null {
  const head =
    heads.find((h) => h.headId === selectedHeadId) ?? heads.find((h) => h.headId === defaultHeadId) ?? heads[0];
  return head?.decision ?? null;
}

export function createReelscopeStore(): ReelscopeStore {
  return createStore<ReelscopeState>()((set, get) => {
    const manifestOf = (packId: string | null): PackManifest | undefined =>
      get().packs.find((p) => p.id === packId)?.manifest;

    const patchClip = (runId: number, change: (clip: ClipRun) => Partial<ClipRun>): void => {
      const clip = get().clip;
      if (!clip || clip.runId !== runId) return;
      set({ clip: { ...clip, ...change(clip) } });
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
        set({
          packs,
          packsStatus: 'ready',
          packsError: null,
          selectedPackId: packId,
          selectedHeadId: manifest?.defaultHead ?? null,
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
    };
  });
}

/** The app's one store. */
export const reelscopeStore: ReelscopeStore = createReelscopeStore();

/** React hook: `useReelscope(selectClip)`; for object results use `useReelscope(useShallow(sel))`. */
export function useReelscope<T>(selector: (state: ReelscopeState) => T): T {
  return useStore(reelscopeStore, selector);
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

const EMPTY_FRAMES: FrameRecord[] = [];
const EMPTY_HEADS: HeadRun[] = [];
