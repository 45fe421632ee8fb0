/// <reference lib="webworker" />
// Decode worker: wires the protocol (src/protocol/decode.ts) to ffmpeg.wasm. The logic lives in
// workers/decode/*; this file only routes messages, serialises jobs and handles cancellation.
import { serializeError, ReelscopeError } from '../src/pipeline/errors';
import type { ClipMetadata } from '../src/pipeline/probe';
import { assertNever, decodeTransfer, type DecodeRequest, type DecodeResponse, type DecodedFrame } from '../src/protocol/decode';
import { decodeClip } from './decode/decodeClip';
import { FfmpegHost } from './decode/ffmpegHost';

declare const self: DedicatedWorkerGlobalScope;

/** A fresh ffmpeg instance after this many execs (≈ 12 clips at 4 frames per exec; reload ≈ 0.2–0.7 s). */
const RECYCLE_AFTER_EXECS = 60;

class DecodeWorker {
  readonly #host = new FfmpegHost();
  readonly #jobs = new Map<number, AbortController>();
  /** Jobs run one after another: ffmpeg.wasm has one instance and one file system. */
  #queue: Promise<unknown> = Promise.resolve();

  handle(request: DecodeRequest): void {
    switch (request.type) {
      case 'load':
        this.#enqueue(request.id, async () => {
          const loadMs = await this.#host.load(request.assetBase);
          this.#send({ type: 'loaded', id: request.id, loadMs });
        });
        break;
      case 'decode':
        this.#enqueue(request.id, async (signal) => {
          // ffmpeg.wasm's heap degrades over many execs ("memory access out of bounds"): start a
          // fresh instance before it gets there, and once more if a run still crashes inside wasm.
          if (this.#host.execs >= RECYCLE_AFTER_EXECS) this.#host.kill();
          const events = {
            metadata: (metadata: ClipMetadata, times: number[]) => this.#send({ type: 'metadata', id: request.id, metadata, times }),
            frame: (frame: DecodedFrame) => this.#send({ type: 'frame', id: request.id, frame }),
            progress: (done: number, total: number) => this.#send({ type: 'progress', id: request.id, done, total }),
          };
          let loadMs = await this.#host.load(request.assetBase);
          let summary;
          try {
            summary = await decodeClip(this.#host, request.job, events, signal);
          } catch (error) {
            if (signal.aborted || error instanceof ReelscopeError) throw error;
            this.#host.kill();
            loadMs += await this.#host.load(request.assetBase);
            summary = await decodeClip(this.#host, request.job, events, signal);
          }
          this.#send({ type: 'done', id: request.id, summary: { ...summary, loadMs } });
        });
        break;
      case 'cancel': {
        const job = this.#jobs.get(request.target);
        if (job && !job.signal.aborted) {
          job.abort();
          this.#host.kill(); // the only way to stop a running exec
        }
        break;
      }
      default:
        assertNever(request);
    }
  }

  #enqueue(id: number, run: (signal: AbortSignal) => Promise<void>): void {
    const controller = new AbortController();
    this.#jobs.set(id, controller);
    this.#queue = this.#queue.then(async () => {
      try {
        if (controller.signal.aborted) throw new ReelscopeError('Aborted', 'cancelled');
        await run(controller.signal);
      } catch (error) {
        const reason = controller.signal.aborted
          ? new ReelscopeError('Aborted', 'cancelled')
          : error instanceof ReelscopeError
            ? error
            : new ReelscopeError('DecodeFailed', 'Decoding failed.', error instanceof Error ? error.message : String(error));
        this.#send({ type: 'error', id, error: serializeError(reason) });
      } finally {
        this.#jobs.delete(id);
      }
    });
  }

  #send(message: DecodeResponse): void {
    self.postMessage(message, decodeTransfer(message));
  }
}

const worker = new DecodeWorker();
self.addEventListener('message', (event: MessageEvent<DecodeRequest>) => worker.handle(event.data));
