// Main-thread side of workers/inference.worker.ts: one instance per worker (spawned by src/engine/workers.ts).
import type { ReelscopeError } from '../pipeline/errors';
import {
  inferenceRequestTransfer,
  type BackendInfo,
  type BackendPreference,
  type BackboneBench,
  type FrameResult,
  type HeadsResult,
  type InferenceOverrides,
  type InferenceRequest,
  type InferenceResponse,
  type PackRef,
  type PrepareResult,
  type StepResult,
} from '../protocol/inference';
import { WorkerRpc, type WorkerPort } from './workerRpc';

type Response<T extends InferenceResponse['type']> = Extract<InferenceResponse, { type: T }>;

export class InferenceClient {
  readonly #rpc: WorkerRpc<InferenceRequest, InferenceResponse>;
  #streams = 0;

  constructor(worker: WorkerPort) {
    this.#rpc = new WorkerRpc<InferenceRequest, InferenceResponse>(worker, {
      name: 'inference',
      requestTransfer: inferenceRequestTransfer,
      isFinal: () => true,
      cancel: (id, target) => ({ type: 'cancel', id, target }),
    });
  }

  get deadReason(): ReelscopeError | null {
    return this.#rpc.deadReason;
  }

  async configure(preference: BackendPreference, overrides?: InferenceOverrides, signal?: AbortSignal): Promise<BackendInfo> {
    const r = await this.#rpc.request<Response<'configured'>>(
      (id) => ({ type: 'configure', id, preference, ...(overrides ? { overrides } : {}) }),
      { signal },
    );
    return r.backend;
  }

  /** `allGraphs`: also open and check the step graphs (adding a pack). */
  async prepare(pack: PackRef, signal?: AbortSignal, allGraphs = false): Promise<PrepareResult> {
    return (await this.#rpc.request<Response<'prepared'>>((id) => ({ type: 'prepare', id, pack, ...(allGraphs ? { allGraphs } : {}) }), { signal })).result;
  }

  /** Runs frames through the backbone as one batch; their buffers are transferred (unusable here afterwards). `size`: see the 'frames' request. */
  async frames(packId: string, indices: number[], rgb: ArrayBuffer[], signal?: AbortSignal, size?: number): Promise<FrameResult[]> {
    return (await this.#rpc.request<Response<'framesResult'>>((id) => ({ type: 'frames', id, packId, indices, rgb, ...(size === undefined ? {} : { size }) }), { signal })).results;
  }

  /** Runs one frame (a batch of one); `rgb` is transferred. */
  async frame(packId: string, index: number, rgb: ArrayBuffer, signal?: AbortSignal, size?: number): Promise<FrameResult> {
    return (await this.frames(packId, [index], [rgb], signal, size))[0]!;
  }

  /** Runs the temporal heads and OOD on [T, D] features; `features` is transferred. */
  async heads(packId: string, frames: number, features: Float32Array, signal?: AbortSignal): Promise<HeadsResult> {
    const buffer = features.byteOffset === 0 && features.byteLength === features.buffer.byteLength ? features.buffer : features.slice().buffer;
    return (
      await this.#rpc.request<Response<'headsResult'>>(
        (id) => ({ type: 'heads', id, packId, frames, features: buffer as ArrayBuffer }),
        { signal },
      )
    ).result;
  }

  /** Times the pack's backbone alone on synthetic frames (a measurement; the pack must be prepared). */
  async benchBackbone(packId: string, batch: number, runs: number): Promise<BackboneBench> {
    return (await this.#rpc.request<Response<'benchResult'>>((id) => ({ type: 'benchBackbone', id, packId, batch, runs }))).result;
  }

  /** Opens a streaming session on a head's step graph; its recurrent state lives in the worker. */
  async openStream(packId: string, headId: string, signal?: AbortSignal): Promise<StreamSession> {
    const sessionId = `stream-${++this.#streams}`;
    await this.#rpc.request((id) => ({ type: 'stepOpen', id, sessionId, packId, headId }), { signal });
    return new StreamSession(this.#rpc, sessionId);
  }

  terminate(): void {
    this.#rpc.terminate();
  }
}

/** One streaming (step-graph) session: feed frames' features one at a time. */
export class StreamSession {
  constructor(
    readonly rpc: WorkerRpc<InferenceRequest, InferenceResponse>,
    readonly sessionId: string,
  ) {}

  /** Feeds one frame's D features (transferred) and returns the probabilities after it. */
  async step(features: Float32Array, signal?: AbortSignal): Promise<StepResult> {
    const buffer = features.slice().buffer as ArrayBuffer;
    return (await this.rpc.request<Response<'stepResult'>>((id) => ({ type: 'step', id, sessionId: this.sessionId, features: buffer }), { signal }))
      .result;
  }

  async reset(): Promise<void> {
    await this.rpc.request((id) => ({ type: 'stepReset', id, sessionId: this.sessionId }));
  }

  async close(): Promise<void> {
    await this.rpc.request((id) => ({ type: 'stepClose', id, sessionId: this.sessionId }));
  }
}
