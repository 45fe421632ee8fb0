// What the Teach screen renders: the classes and their clips, where feature extraction and training
// are, the live training curve, the honest score, and the saved pack. The controller changes it.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { UiError } from '../../pipeline/errors';
import type { HeadScore, TeachProgress } from '../../protocol/teach';

export type TeachClipStatus = 'new' | 'extracting' | 'ready' | 'failed';

export interface TeachClipRow {
  id: number;
  classId: number;
  name: string;
  /** Where it was picked ("Archery/v_Archery_g08_c01.avi"), or its name. */
  path: string;
  size: number;
  /** The source it shares a fold with (parsed from the name, or named by the user). */
  group: string;
  status: TeachClipStatus;
  /** Views whose features are ready (cached or extracted). */
  viewsReady: number;
  error: UiError | null;
}

export interface TeachClass {
  id: number;
  name: string;
}

export type TeachPhase = 'idle' | 'extracting' | 'training' | 'trained' | 'saving' | 'saved';

export interface CurvePoint {
  epoch: number;
  loss: number;
  accuracy: number;
}

export interface TeachScore {
  scores: HeadScore[];
  warnings: string[];
  /** Clips trained on, and how many sources (groups) they came from. */
  clips: number;
  sources: number;
  views: number;
  timings: { featuresMs: number; validateMs: number; trainMs: number; exportMs: number; extractedViews: number; cachedViews: number };
  /** The TensorFlow.js backend that trained the heads. */
  backend: string;
}

export interface TeachState {
  classes: TeachClass[];
  clips: TeachClipRow[];
  packName: string;
  /** Views per clip: view 0 canonical, the others augmented as training/ samples them. */
  views: number;
  phase: TeachPhase;
  /** Feature views done / to do in this run. */
  features: { done: number; total: number };
  /** The latest word from the teach worker. */
  training: TeachProgress | null;
  /** Training segments (a fold or a final training of one head) finished / in all, for the progress bar. */
  segments: { done: number; total: number };
  /** Loss and training accuracy per epoch of the running segment. */
  curve: CurvePoint[];
  score: TeachScore | null;
  savedPackId: string | null;
  error: UiError | null;
  /** The class a webcam recording is being made for, or null. */
  recordingClassId: number | null;
  /** Why features are kept only for this session, when the persistent cache is unavailable. */
  cacheNote: string | null;
  patch: (change: Partial<TeachState>) => void;
}

export type TeachStore = StoreApi<TeachState>;

export function createTeachStore(): TeachStore {
  return createStore<TeachState>()((set) => ({
    classes: [],
    clips: [],
    packName: 'My classes',
    views: 3,
    phase: 'idle',
    features: { done: 0, total: 0 },
    training: null,
    segments: { done: 0, total: 0 },
    curve: [],
    score: null,
    savedPackId: null,
    error: null,
    cacheNote: null,
    recordingClassId: null,
    patch: (change) => set(change),
  }));
}

export const selectBusy = (s: TeachState): boolean =>
  s.phase === 'extracting' || s.phase === 'training' || s.phase === 'saving' || s.recordingClassId !== null;

export function useTeachStore<T>(store: TeachStore, selector: (s: TeachState) => T): T {
  return useStore(store, selector);
}
