// Messages between the main thread (src/clients/inferenceClient.ts) and workers/inference.worker.ts.
// Tensors travel as transferred ArrayBuffers of float32 (or the frame's RGB24 bytes): the sender
// gives them up, see inferenceRequestTransfer / inferenceResponseTransfer.
import type { SerializedError } from '../pipeline/errors';
import type { Backend, PackManifest } from '../pipeline/manifest';
import { assertNever } from './decode';

/** What the user asks for in the settings bar; 'auto' lets the worker choose by measurement. */
export type BackendPreference = 'auto' | Backend;

export interface BackendInfo {
  backend: Backend;
  /** Why this backend was chosen, in words ("no WebGPU adapter", "fallback adapter (SwiftShader)…"). */
  reason: string;
  /** e.g. "wasm, 2 threads (cross-origin isolated)" or "webgpu: nvidia / ampere". */
  detail: string;
  threads: number;
  crossOriginIsolated: boolean;
  /** The adapter WebGPU offered, if any, even when it was not used. */
  adapter: { vendor: string; architecture: string; description: string; isFallback: boolean } | null;
}

/** Test knobs (measurements, parity checks); the app leaves them unset. */
export interface InferenceOverrides {
  /** WASM threads; fixed once onnxruntime-web has started in a worker. */
  threads?: number;
  precision?: 'int8' | 'fp16' | 'fp32';
}

/** Where a pack's files are read from. */
export type PackSource =
  /** Shipped with the app: each file lies at its path relative to the manifest's absolute URL. */
  | { kind: 'served'; manifestUrl: string }
  /** Added by the user: each file is in the browser's pack store (OPFS), under its sha256. */
  | { kind: 'stored' };

export interface PackRef {
  manifest: PackManifest;
  source: PackSource;
}

export type InferenceRequest =
  /** Chooses the backend (probing the WebGPU adapter) and loads onnxruntime-web; no model yet. */
  | { type: 'configure'; id: number; preference: BackendPreference; overrides?: InferenceOverrides }
  /**
   * Reads, verifies (sha256) and opens the pack's sessions for the chosen backend, and checks each
   * graph's inputs and outputs against the manifest. A pack id prepared again with another
   * manifest (removed, then added anew) is opened afresh. `allGraphs` also opens and checks the
   * step graphs (adding a pack does; real time opens them on demand).
   */
  | { type: 'prepare'; id: number; pack: PackRef; allGraphs?: boolean }
  /**
   * Frames through the backbone in one batched run: RGB24 size×size each (transferred) →
   * features (+ frame classifier) per frame, in the order given. `size`: the manifest's input.size
   * when absent, or its input.liveSize (real time on a CPU backend).
   */
  | { type: 'frames'; id: number; packId: string; indices: number[]; rgb: ArrayBuffer[]; size?: number }
  /** Every temporal head's sequence graph on [1,T,D], and the OOD score of the mean features. */
  | { type: 'heads'; id: number; packId: string; frames: number; features: ArrayBuffer }
  /** Streaming: a step-graph session with its recurrent state kept in the worker. */
  | { type: 'stepOpen'; id: number; sessionId: string; packId: string; headId: string }
  | { type: 'step'; id: number; sessionId: string; features: ArrayBuffer }
  | { type: 'stepReset'; id: number; sessionId: string }
  | { type: 'stepClose'; id: number; sessionId: string }
  /** Measurement (`npm run bench`): the backbone alone on `batch` synthetic frames, `runs` times. */
  | { type: 'benchBackbone'; id: number; packId: string; batch: number; runs: number }
  /** Drops request `target` (a running session.run finishes, its result is discarded). */
  | { type: 'cancel'; id: number; target: number };

export interface FrameResult {
  index: number;
  /** D float32 features. */
  features: ArrayBuffer;
  /** The backbone's own classifier as probabilities (softmaxed if it gives logits), or null. */
  frameProbabilities: ArrayBuffer | null;
  /** This frame's share of its batch's preprocessing and backbone time. */
  preprocessMs: number;
  cnnMs: number;
  /** How many frames ran in the same backbone call. */
  batch: number;
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

export interface BackboneBench {
  batch: number;
  precision: string;
  /** Wall ms of each run of the backbone session (preprocessing excluded). */
  msPerRun: number[];
}

export type InferenceResponse =
  | { type: 'configured'; id: number; backend: BackendInfo }
  | { type: 'prepared'; id: number; result: PrepareResult }
  | { type: 'framesResult'; id: number; results: FrameResult[] }
  | { type: 'headsResult'; id: number; result: HeadsResult }
  | { type: 'stepResult'; id: number; result: StepResult }
  | { type: 'benchResult'; id: number; result: BackboneBench }
  | { type: 'ok'; id: number }
  | { type: 'error'; id: number; error: SerializedError };

export function inferenceRequestTransfer(message: InferenceRequest): Transferable[] {
  switch (message.type) {
    case 'frames':
      return message.rgb;
    case 'heads':
    case 'step':
      return [message.features];
    case 'configure':
    case 'prepare':
    case 'benchBackbone':
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
    case 'framesResult':
      return message.results.flatMap(({ features, frameProbabilities }) => (frameProbabilities ? [features, frameProbabilities] : [features]));
    case 'headsResult':
      return message.result.heads.map((h) => h.probabilities);
    case 'stepResult':
      return [message.result.probabilities];
    case 'configured':
    case 'prepared':
    case 'benchResult':
    case 'ok':
    case 'error':
      return [];
    default:
      return assertNever(message);
  }
}
