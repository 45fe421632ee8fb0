// Main-thread side of workers/teach.worker.ts: one instance per worker (spawned by src/engine/workers.ts).
import type { ReelscopeError } from '../pipeline/errors';
import { teachRequestTransfer, type TeachClipFeatures, type TeachOutcome, type TeachProgress, type TeachRequest, type TeachResponse, type TeachSpec } from '../protocol/teach';
import { WorkerRpc, type WorkerPort } from './workerRpc';

type Response<T extends TeachResponse['type']> = Extract<TeachResponse, { type: T }>;

/** What the teach controller needs of the worker (a fake in tests). */
export interface TeachService {
  teach(spec: TeachSpec, clips: TeachClipFeatures[], onProgress: (progress: TeachProgress) => void, signal?: AbortSignal): Promise<TeachOutcome>;
}

export class TeachClient implements TeachService {
  readonly #rpc: WorkerRpc<TeachRequest, TeachResponse>;

  constructor(worker: WorkerPort) {
    this.#rpc = new WorkerRpc<TeachRequest, TeachResponse>(worker, {
      name: 'teach',
      requestTransfer: teachRequestTransfer,
      isFinal: (response) => response.type !== 'progress',
      cancel: (id, target) => ({ type: 'cancel', id, target }),
    });
  }

  get deadReason(): ReelscopeError | null {
    return this.#rpc.deadReason;
  }

  /** Cross-validates, trains and exports; the features are copied to the worker (the caller keeps them). */
  async teach(spec: TeachSpec, clips: TeachClipFeatures[], onProgress: (progress: TeachProgress) => void, signal?: AbortSignal): Promise<TeachOutcome> {
    const r = await this.#rpc.request<Response<'taught'>>((id) => ({ type: 'teach', id, spec, clips }), {
      signal,
      onEvent: (event) => {
        if (event.type === 'progress') onProgress(event.progress);
      },
    });
    return r.outcome;
  }

  terminate(): void {
    this.#rpc.terminate();
  }
}
