// Messages between the main thread (src/clients/inferenceClient.ts) and workers/inference.worker.ts.
// Tensors travel as transferred ArrayBuffers of float32 (or the frame's RGB24 bytes): the sender
// gives them up, see inferenceRequestTransfer / inferenceResponseTransfer.
import type { SerializedError } from '../pipeline/errors';
import type { PackManifest } from '../pipeline/manifest';
import type { BackendInfo, BackendPreference } from '../store/types';
import { assertNever } from './decode';

/** Test knobs (measurements, parity checks); the app leaves them unset. */
export interface InferenceOverrides {
  /** WASM threads; fixed once onnxruntime-web has started in a worker. */
  threads?: number;
  precision?: 'int8' | 'fp16' | 'fp32';
}

export interface PackRef {
  /** Absolute URL of the manifest; file paths in it resolve against this. */
  manifestUrl: string;
  manifest: PackManifest;
}

export type InferenceRequest =
  /** Chooses the backend (probing the WebGPU adapter) and loads onnxruntime-web; no model yet. */
  | { type: 'configure'; id: number; preference: BackendPreference; overrides?: InferenceOverrides }
  /** Fetches, verifies (sha256) and opens the pack's sessions for the chosen backend. */
  | { type: 'prepare'; id: number; pack: PackRef }
  /** One frame through the backbone: RGB24 size×size (transferred) → features (+ frame classifier). */
  | { type: 'frame'; id: number; packId: string; index: number; rgb: ArrayBuffer }
  /** Every temporal head's sequence graph on [1,T,D], and the OOD score of the mean features. */
  | { type: 'heads'; id: number; packId: string; frames: number; features: ArrayBuffer }
  /** Streaming: a step-graph session with its recurrent state kept in the worker. */
  | { type: 'stepOpen'; id: number; sessionId: string; packId: string; headId: string }
  | { type: 'step'; id: number; sessionId: string; features: ArrayBuffer }
  | { type: 'stepReset'; id: number; sessionId: string }
  | { type: 'stepClose'; id: number; sessionId: string }
  /** Drops request `target` (a running session.run finishes, its result is discarded). */
  | { type: 'cancel'; id: number; target: number };

export interface FrameResult {
  index: number;
  /** D float32 features. */
  features: ArrayBuffer;
  /** The backbone's own classifier as probabilities (softmaxed if it gives logits), or null. */
  frameProbabilities: ArrayBuffer | null;
  preprocessMs: number;
  cnnMs: number;
}

export interface HeadOutput {
  headId: string;
  /** [T, C] float32 probabilities (softmax of the sequence graph's logits over the head's calibration temperature), row-major. */
  probabilities: ArrayBuffer;
  classes: number;
  ms: number;
}

export interface HeadsResult {
  heads: HeadOutput[];
  ood: { score: number; ms: number } | null;
}

export interface PrepareResult {
  backend: BackendInfo;
  loadMs: number;
  /** The backbone variant chosen for the backend, e.g. "int8". */
  precision: string;
  /** Sessions that already existed (cached) rather than being created now. */
  cached: boolean;
}

export interface StepResult {
  /** C float32 probabilities after this frame. */
  probabilities: ArrayBuffer;
  ms: number;
  step: number;
}

export type InferenceResponse =
  | { type: 'configured'; id: number; backend: BackendInfo }
  | { type: 'prepared'; id: number; result: PrepareResult }
  | { type: 'frameResult'; id: number; result: FrameResult }
  | { type: 'headsResult'; id: number; result: HeadsResult }
  | { type: 'stepResult'; id: number; result: StepResult }
  | { type: 'ok'; id: number }
  | { type: 'error'; id: number; error: SerializedError };

export function inferenceRequestTransfer(message: InferenceRequest): Transferable[] {
  switch (message.type) {
    case 'frame':
      return [message.rgb];
    case 'heads':
    case 'step':
      return [message.features];
    case 'configure':
    case 'prepare':
    case 'stepOpen':
    case 'stepReset':
    case 'stepClose':
    case 'cancel':
      return [];
    default:
      return assertNever(message);
  }
}

export function inferenceResponseTransfer(message: InferenceResponse): Transferable[] {
  switch (message.type) {
    case 'frameResult': {
      const { features, frameProbabilities } = message.result;
      return frameProbabilities ? [features, frameProbabilities] : [features];
    }
    case 'headsResult':
      return message.result.heads.map((h) => h.probabilities);
    case 'stepResult':
      return [message.result.probabilities];
    case 'configured':
    case 'prepared':
    case 'ok':
    case 'error':
      return [];
    default:
      return assertNever(message);
  }
}
