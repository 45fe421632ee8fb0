// Main-thread side of workers/decode.worker.ts: one instance per worker (spawned by src/engine/workers.ts).
import type { DecodeJob, DecodePathPreference, DecodeRequest, DecodeResponse, DecodeSummary, DecodedFrame } from '../protocol/decode';
import type { ClipMetadata } from '../pipeline/probe';
import { WorkerRpc, type WorkerPort } from './workerRpc';
import type { ReelscopeError } from '../pipeline/errors';

export interface DecodeCallbacks {
  signal?: AbortSignal;
  onMetadata?: (metadata: ClipMetadata, times: number[]) => void;
  /** Receives each frame as it is decoded; the frame's buffer is now owned by the callee. */
  onFrame?: (frame: DecodedFrame) => void;
  onProgress?: (done: number, total: number) => void;
}

const DECODE_PATHS: readonly DecodePathPreference[] = ['auto', 'ffmpeg', 'webcodecs'];

/** The decode path a page URL's query asks for (`?decode=ffmpeg|webcodecs|auto`); `auto` when it asks for none or another. */
export function decodePathFromSearch(search: string): DecodePathPreference {
  const asked = new URLSearchParams(search).get('decode');
  return DECODE_PATHS.find((path) => path === asked) ?? 'auto';
}

export class DecodeClient {
  readonly #rpc: WorkerRpc<DecodeRequest, DecodeResponse>;
  readonly #assetBase: string;
  readonly #defaultPath: DecodePathPreference;

  /**
   * `assetBase`: absolute URL of the app's public root (ffmpeg core is under `ffmpeg/`).
   * `defaultPath`: the path of jobs that name none; by default what the page's URL asks for
   * (tests run the whole app on one path with `?decode=ffmpeg`).
   */
  constructor(worker: WorkerPort, assetBase: string, defaultPath = decodePathFromSearch(globalThis.location?.search ?? '')) {
    this.#assetBase = assetBase;
    this.#defaultPath = defaultPath;
    this.#rpc = new WorkerRpc<DecodeRequest, DecodeResponse>(worker, {
      name: 'decode',
      requestTransfer: () => [], // the File is cloned by reference; nothing to transfer
      isFinal: (r) => r.type === 'loaded' || r.type === 'done',
      cancel: (id, target) => ({ type: 'cancel', id, target }),
    });
  }

  get deadReason(): ReelscopeError | null {
    return this.#rpc.deadReason;
  }

  /** Loads ffmpeg.wasm ahead of the first clip (decode() loads it too when the clip needs it). */
  async load(signal?: AbortSignal): Promise<number> {
    const response = await this.#rpc.request<Extract<DecodeResponse, { type: 'loaded' }>>(
      (id) => ({ type: 'load', id, assetBase: this.#assetBase }),
      { signal },
    );
    return response.loadMs;
  }

  async decode(job: DecodeJob, callbacks: DecodeCallbacks = {}): Promise<DecodeSummary> {
    const { signal, onMetadata, onFrame, onProgress } = callbacks;
    const onEvent = (event: DecodeResponse): void => {
      switch (event.type) {
        case 'metadata':
          onMetadata?.(event.metadata, event.times);
          break;
        case 'frame':
          onFrame?.(event.frame);
          break;
        case 'progress':
          onProgress?.(event.done, event.total);
          break;
        case 'loaded':
        case 'done':
        case 'error':
          break;
        default:
          event satisfies never;
      }
    };
    const response = await this.#rpc.request<Extract<DecodeResponse, { type: 'done' }>>(
      (id) => ({ type: 'decode', id, job: { ...job, path: job.path ?? this.#defaultPath }, assetBase: this.#assetBase }),
      { signal, onEvent },
    );
    return response.summary;
  }

  terminate(): void {
    this.#rpc.terminate();
  }
}
