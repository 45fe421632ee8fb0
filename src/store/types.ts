// What the UI renders. The features (src/features/*) write these through the store's actions;
// React components only read them. Keep everything here plain data (no class instances,
// no ONNX tensors) so it can be shown, exported as JSON and compared in tests.
import type { ClipMetadata } from '../pipeline/probe';
import type { ClipDecision, Ranked } from '../pipeline/postprocess';

import type { UiError } from '../pipeline/errors';
import type { DecodePath } from '../protocol/decode';
import type { BackendInfo, PackRef } from '../protocol/inference';

export type { BackendInfo, BackendPreference } from '../protocol/inference';
export type { UiError } from '../pipeline/errors';

export type Stage = 'load-model' | 'decode' | 'preprocess' | 'cnn' | 'head' | 'ood';

export interface Progress {
  stage: Stage;
  done: number;
  total: number;
}

export interface FrameRecord {
  index: number;
  timeSec: number;
  /** An object URL of a small JPEG of the model's input image (224×224 crop). */
  thumbnailUrl: string;
  /** Backbone feature vector (D values). */
  features: number[];
  /** Top classes of the backbone's own per-frame classifier, when the pack has one. */
  frameTop: Ranked[] | null;
  /** Milliseconds of the CNN for this frame. */
  cnnMs: number;
}

export interface HeadRun {
  headId: string;
  kind: 'ssm' | 'lstm' | 'linear' | 'frame-mean';
  title: string;
  parameters: number;
  /** probabilities[t][c]: the head's class probabilities after frame t (causal). */
  probabilities: number[][];
  decision: ClipDecision;
  /** Wall milliseconds of the head over the whole clip, and per frame (step graph) when measured. */
  ms: number;
  msPerStep: number | null;
}

export interface OodResult {
  method: string;
  score: number;
  threshold: number;
  outOfScope: boolean;
}

/** Which decoder read the clip, and why ffmpeg.wasm did when WebCodecs was allowed to try. */
export interface DecoderUsed {
  path: DecodePath;
  fallbackReason: string | null;
}

export interface StageTimings {
  loadModelMs: number;
  decodeMs: number;
  preprocessMs: number;
  cnnMs: number;
  headMs: Record<string, number>;
  oodMs: number;
  totalMs: number;
}

export type ClipStatus = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

export interface ClipRun {
  /** Increases with every clip, so late events of an older run can be ignored. */
  runId: number;
  status: ClipStatus;
  fileName: string;
  fileBytes: number;
  /** Object URL of the dropped file, for the <video> preview. */
  videoUrl: string | null;
  packId: string;
  metadata: ClipMetadata | null;
  progress: Progress | null;
  frames: FrameRecord[];
  heads: HeadRun[];
  /** The decision of the selected head, "none of these" applied. */
  decision: ClipDecision | null;
  ood: OodResult | null;
  timings: StageTimings | null;
  decoder: DecoderUsed | null;
  backend: BackendInfo | null;
  error: UiError | null;
}

/** A pack the user added (from a folder or a zip, or taught in the browser), kept in the browser's storage. */
export interface AddedPackInfo {
  /** ISO time it was added. */
  addedAt: string;
  /** Where it came from, in words: "folder my-pack", "zip my-pack.zip". */
  from: string;
  /** Bytes of all its files. */
  bytes: number;
}

export interface PackSummary extends PackRef {
  id: string;
  /** null for the packs that ship with the app. */
  added: AddedPackInfo | null;
}
