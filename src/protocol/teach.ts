// Messages between the main thread (src/clients/teachClient.ts) and workers/teach.worker.ts.
// The clips' features are copied, not transferred: the main thread keeps them in its feature cache
// so that teaching again costs no decoding. The taught pack's files come back transferred.
import type { SerializedError } from '../pipeline/errors';
import type { EvaluationMetrics } from '../pipeline/metrics';
import type { Backbone, FileRef, InputSpec, PackManifest } from '../pipeline/manifest';
import { assertNever } from './decode';

/** The heads a taught pack can hold: the shipped SSM family and the linear probe. */
export type TaughtHeadKind = 'ssm' | 'linear';

export interface TeachClipFeatures {
  /** Each view is T × D float32 features, row-major; view 0 is the canonical sampling. */
  views: Float32Array[];
  label: number;
  /** Clips that share a source (one video, a group the user named) stay in one fold. */
  source: string;
}

/** The backbone and input sections a taught pack shares with the pack whose features it was taught on. */
export interface PackTemplate {
  input: InputSpec;
  backbone: Backbone;
  /** The manifest's file entries for the backbone variants (paths relative to the taught pack's folder). */
  backboneFiles: FileRef[];
}

export interface TeachSpec {
  /** The new pack's id and title. */
  packId: string;
  title: string;
  labels: string[];
  frames: number;
  featureDim: number;
  /** The backbone and input of the pack whose features these are. */
  template: PackTemplate;
  heads: TaughtHeadKind[];
  seed: number;
  /** Epochs per training instead of sizeForData's (~250 optimiser steps): a knob for tests and the benchmark; the app leaves it unset. */
  epochs?: number;
}

/** Where teaching is: validating a head fold by fold, training it on every clip, or exporting. */
export type TeachProgress =
  | { phase: 'validate'; head: TaughtHeadKind; fold: number; folds: number; epoch: number; epochs: number; loss: number; trainAccuracy: number }
  | { phase: 'train'; head: TaughtHeadKind; epoch: number; epochs: number; loss: number; trainAccuracy: number }
  | { phase: 'export' };

/** One head's honest score: group k-fold cross-validation by source. */
export interface HeadScore {
  headId: TaughtHeadKind;
  title: string;
  parameters: number;
  folds: number;
  foldAccuracies: number[];
  /** Out-of-fold metrics (labels are the pack's; no "none of these" column). */
  metrics: EvaluationMetrics;
  protocol: string;
}

export interface TeachOutcome {
  manifest: PackManifest;
  /** Path (relative to manifest.json) → bytes of every file the pack adds; the shared backbone is left out. */
  files: { path: string; bytes: ArrayBuffer }[];
  scores: HeadScore[];
  /** Too few clips, one source only, folds that disagree: in words. */
  warnings: string[];
  oodThreshold: number | null;
  timings: { validateMs: number; trainMs: number; exportMs: number };
  /** The TensorFlow.js backend that trained it ('wasm', or 'cpu' where WASM would not start). */
  backend: string;
}

export type TeachRequest =
  | { type: 'teach'; id: number; spec: TeachSpec; clips: TeachClipFeatures[] }
  /** Stops request `target` between two mini-batches. */
  | { type: 'cancel'; id: number; target: number };

export type TeachResponse =
  | { type: 'progress'; id: number; progress: TeachProgress }
  | { type: 'taught'; id: number; outcome: TeachOutcome }
  | { type: 'error'; id: number; error: SerializedError };

export function teachRequestTransfer(message: TeachRequest): Transferable[] {
  switch (message.type) {
    case 'teach': // copied on purpose: the feature cache keeps its copy
    case 'cancel':
      return [];
    default:
      return assertNever(message);
  }
}

export function teachResponseTransfer(message: TeachResponse): Transferable[] {
  switch (message.type) {
    case 'taught':
      return message.outcome.files.map((f) => f.bytes);
    case 'progress':
    case 'error':
      return [];
    default:
      return assertNever(message);
  }
}
