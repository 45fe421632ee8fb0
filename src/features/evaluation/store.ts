// What the evaluation screen renders: the labelled clips of the current run and their summaries.
// The report (metrics per head) is derived from them by selectReport, never stored twice.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { mapChanged, replaceById } from '../../store/lists';
import { evaluateClips, type EvalClip, type EvaluationReport, type PackView } from './labelled';

export type EvalStatus = 'idle' | 'running' | 'done' | 'cancelled';

export interface EvalState {
  status: EvalStatus;
  /** The pack the run was scored against (fixed when it started). */
  pack: PackView | null;
  clips: EvalClip[];
  /** Files in the drop that sit in no class folder (a file dropped on its own). */
  ignored: string[];
  /** The head whose confusion matrix, per-class table and misclassified clips are shown. */
  focusHeadId: string | null;
  start: (pack: PackView, clips: EvalClip[], ignored: string[], focusHeadId: string | null) => void;
  updateClip: (id: number, change: (clip: EvalClip) => EvalClip) => void;
  /** Every clip through `change` at once; the same array when no clip changes. */
  mapClips: (change: (clip: EvalClip) => EvalClip) => void;
  setStatus: (status: EvalStatus) => void;
  setFocusHead: (headId: string) => void;
}

export type EvalStore = StoreApi<EvalState>;

export function createEvalStore(): EvalStore {
  return createStore<EvalState>()((set, get) => ({
    status: 'idle',
    pack: null,
    clips: [],
    ignored: [],
    focusHeadId: null,
    start: (pack, clips, ignored, focusHeadId) => set({ status: 'running', pack, clips, ignored, focusHeadId }),
    updateClip: (id, change) => set({ clips: replaceById(get().clips, id, change) }),
    mapClips: (change) => set({ clips: mapChanged(get().clips, change) }),
    setStatus: (status) => set({ status }),
    setFocusHead: (focusHeadId) => set({ focusHeadId }),
  }));
}

const reportCache = new WeakMap<EvalClip[], EvaluationReport>();
/** Metrics of every head over the finished clips (memoised per clips array). */
export const selectReport = (s: EvalState): EvaluationReport | null => {
  if (!s.pack) return null;
  let report = reportCache.get(s.clips);
  if (!report) {
    report = evaluateClips(s.clips, s.pack);
    reportCache.set(s.clips, report);
  }
  return report;
};

export const selectFinished = (s: EvalState): number =>
  s.clips.filter((c) => c.status !== 'queued' && c.status !== 'running').length;

export function useEvalStore<T>(store: EvalStore, selector: (s: EvalState) => T): T {
  return useStore(store, selector);
}
