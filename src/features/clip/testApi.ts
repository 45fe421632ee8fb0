// The single-clip part of the test hook (src/testHook.ts): what Playwright tests and `npm run
// eval` read of the single clip, as plain JSON, and the settings bar's actions.
import type { OperatingStep } from '../../pipeline/postprocess';
import { isPartial } from '../../pipeline/probe';
import { selectOperatingPoint, type ReelscopeState } from '../../store/store';
import type { BackendPreference, DecoderUsed, StageTimings, UiError } from '../../store/types';
import type { ClassifyOptions, ClipController } from './controller';

export interface ClipReport {
  status: 'done' | 'error' | 'cancelled' | 'idle' | 'running';
  fileName: string;
  packId: string;
  /** The selected head's label ("none of these" when out of scope), and its probability. */
  label: string | null;
  predicted: string | null;
  confidence: number | null;
  /** The selected head is calibrated and `confidence` is below its calibrated level: worded as a guess. */
  unsure: boolean | null;
  selectedHead: string | null;
  /** Each head's probabilities after the last frame, keyed by head id, in the pack's label order. */
  heads: Record<string, { label: string; predicted: string; confidence: number; unsure: boolean; final: number[] }>;
  ood: { score: number; threshold: number; outOfScope: boolean } | null;
  /** Where the selected pack decides "none of these" and what it costs; null without an operating curve. */
  operatingPoint: OperatingPointSummary | null;
  metadata: {
    durationSec: number; fps: number | null; codec: string; width: number; height: number; rotation: number;
    streamIndex: number; offsetSec: number; declaredDurationSec: number | null;
    /** Less of the video could be read than the file declares (the clip was classified on what could). */
    partial: boolean;
  } | null;
  backend: { backend: string; reason: string; threads: number; precision: string | null } | null;
  timings: StageTimings | null;
  /** 'webcodecs' or 'ffmpeg' (with why, when WebCodecs was allowed and did not read it). */
  decoder: DecoderUsed | null;
  frames: number;
  frameTimes: number[];
  error: UiError | null;
}

export interface OperatingPointSummary {
  threshold: number;
  falseNone: number;
  catchRate: number;
  /** The threshold is a point of the curve (not between two). */
  exact: boolean;
  isDefault: boolean;
  defaultThreshold: number;
  canStricter: boolean;
  canLooser: boolean;
}

export interface ClipTestApi {
  getState: () => ReelscopeState;
  init: () => Promise<void>;
  classifyFile: (file: File, options?: ClassifyOptions) => Promise<ClipReport>;
  /** Classifies a clip given as bytes (e.g. read by Node and passed through page.evaluate). */
  classifyBytes: (bytes: ArrayBuffer | Uint8Array | number[], name: string, options?: ClassifyOptions) => Promise<ClipReport>;
  cancelClip: () => void;
  whenIdle: () => Promise<void>;
  summary: () => ClipReport;
  setBackendPreference: (preference: BackendPreference) => void;
  selectPack: (packId: string) => void;
  selectHead: (headId: string) => void;
  /** Moves the selected pack's out-of-scope threshold one point along its curve (as the Stricter / Looser buttons do). */
  stepOodThreshold: (step: OperatingStep) => void;
  resetOodThreshold: () => void;
  operatingPoint: () => OperatingPointSummary | null;
}

export function operatingPointSummary(state: ReelscopeState): OperatingPointSummary | null {
  const view = selectOperatingPoint(state);
  if (!view) return null;
  const { threshold, falseNone, catchRate, exact } = view.point;
  const { isDefault, defaultThreshold, canStricter, canLooser } = view;
  return { threshold, falseNone, catchRate, exact, isDefault, defaultThreshold, canStricter, canLooser };
}

export function clipReport(target: ClipController): ClipReport {
  const state = target.store.getState();
  const clip = state.clip;
  const outcome = target.lastOutcome;
  const heads: ClipReport['heads'] = {};
  for (const head of clip?.heads ?? []) {
    heads[head.headId] = {
      label: head.decision.label,
      predicted: head.decision.predicted.label,
      confidence: head.decision.predicted.probability,
      unsure: head.decision.unsure,
      final: head.probabilities.at(-1) ?? [],
    };
  }
  const m = clip?.metadata;
  return {
    status: clip?.status ?? 'idle',
    fileName: clip?.fileName ?? '',
    packId: clip?.packId ?? '',
    label: clip?.decision?.label ?? null,
    predicted: clip?.decision?.predicted.label ?? null,
    confidence: clip?.decision?.predicted.probability ?? null,
    unsure: clip?.decision?.unsure ?? null,
    selectedHead: state.selectedHeadId,
    heads,
    ood: clip?.ood ? { score: clip.ood.score, threshold: clip.ood.threshold, outOfScope: clip.ood.outOfScope } : null,
    operatingPoint: operatingPointSummary(state),
    metadata: m
      ? {
          durationSec: m.durationSec, fps: m.fps, codec: m.codec, width: m.width, height: m.height, rotation: m.rotation,
          streamIndex: m.streamIndex, offsetSec: m.offsetSec, declaredDurationSec: m.declaredDurationSec, partial: isPartial(m),
        }
      : null,
    backend: clip?.backend
      ? {
          backend: clip.backend.backend,
          reason: clip.backend.reason,
          threads: clip.backend.threads,
          precision: outcome && clip.status === 'done' ? outcome.prepare.precision : null,
        }
      : null,
    timings: clip?.timings ?? null,
    decoder: clip?.decoder ?? null,
    frames: clip?.frames.length ?? 0,
    frameTimes: clip?.frames.map((f) => f.timeSec) ?? [],
    error: clip?.error ?? null,
  };
}

export function clipTestApi(target: ClipController): ClipTestApi {
  const classifyFile = async (file: File, options?: ClassifyOptions): Promise<ClipReport> => {
    await target.classifyFile(file, options);
    return clipReport(target);
  };
  return {
    getState: () => target.store.getState(),
    init: () => target.init(),
    classifyFile,
    classifyBytes: (bytes, name, options) => {
      const data = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : Uint8Array.from(bytes);
      return classifyFile(new File([data], name), options);
    },
    cancelClip: () => target.cancelClip(),
    whenIdle: () => target.whenIdle(),
    summary: () => clipReport(target),
    setBackendPreference: (p) => target.setBackendPreference(p),
    selectPack: (id) => target.selectPack(id),
    selectHead: (id) => target.selectHead(id),
    stepOodThreshold: (step) => {
      const state = target.store.getState();
      if (state.selectedPackId) state.stepOodThreshold(state.selectedPackId, step);
    },
    resetOodThreshold: () => {
      const state = target.store.getState();
      if (state.selectedPackId) state.resetOodThreshold(state.selectedPackId);
    },
    operatingPoint: () => operatingPointSummary(target.store.getState()),
  };
}
