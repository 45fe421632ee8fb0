/// <reference lib="webworker" />
// Decode worker: wires the protocol (src/protocol/decode.ts) to WebCodecs (workers/decode/webcodecs)
// and ffmpeg.wasm (workers/decode). The logic lives there; this file routes messages, serialises
// jobs, picks the path (the fast path when the file allows it, ffmpeg.wasm otherwise and when the
// fast path fails: docs/decoding.md) and handles cancellation.
import { serializeError, ReelscopeError } from '../src/pipeline/errors';
import type { ClipMetadata } from '../src/pipeline/probe';
import {
  assertNever,
  decodeTransfer,
  type DecodeJob,
  type DecodeRequest,
  type DecodeResponse,
  type DecodeSummary,
  type DecodedFrame,
} from '../src/protocol/decode';
import { decodeClip, type DecodeEvents } from './decode/decodeClip';
import { decodeClipWebCodecs } from './decode/webcodecs/decodeClipWebCodecs';
import { FfmpegHost } from './decode/ffmpegHost';

declare const self: DedicatedWorkerGlobalScope;

/** A fresh ffmpeg instance after this many execs (≈ 12 clips at 4 frames per exec; reload ≈ 0.2–0.7 s). */
const RECYCLE_AFTER_EXECS = 60;

class DecodeWorker {
  readonly #host = new FfmpegHost();
  readonly #jobs = new Map<number, AbortController>();
  /** Jobs that may be inside an ffmpeg exec (cancelling them has to kill the instance). */
  readonly #onFfmpeg = new Set<number>();
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
          const events = {
            metadata: (metadata: ClipMetadata, times: number[]) => this.#send({ type: 'metadata', id: request.id, metadata, times }),
            frame: (frame: DecodedFrame) => this.#send({ type: 'frame', id: request.id, frame }),
            progress: (done: number, total: number) => this.#send({ type: 'progress', id: request.id, done, total }),
          };
          const preference = request.job.path ?? 'auto';
          let fallbackReason: string | undefined;
          if (preference !== 'ffmpeg') {
            try {
              const fast = await decodeClipWebCodecs(request.job, events, signal);
              if (fast.kind === 'done') {
                this.#send({ type: 'done', id: request.id, summary: { ...fast.summary, loadMs: 0 } });
                return;
              }
              fallbackReason = fast.reason;
            } catch (error) {
              // Asked for WebCodecs: its failure is the answer. Otherwise ffmpeg starts over: it sends
              // the metadata and every frame again, and the consumer keeps the first frame per index.
              if (signal.aborted || preference === 'webcodecs') throw error;
              fallbackReason = `WebCodecs failed: ${error instanceof Error ? error.message : String(error)}`;
            }
          }
          const summary = await this.#decodeOnFfmpeg(request.id, request.job, request.assetBase, events, signal);
          this.#send({ type: 'done', id: request.id, summary: fallbackReason === undefined ? summary : { ...summary, fallbackReason } });
        });
        break;
      case 'cancel': {
        const job = this.#jobs.get(request.target);
        if (job && !job.signal.aborted) {
          job.abort();
          if (this.#onFfmpeg.has(request.target)) this.#host.kill(); // the only way to stop a running exec
        }
        break;
      }
      default:
        assertNever(request);
    }
  }

  async #decodeOnFfmpeg(id: number, job: DecodeJob, assetBase: string, events: DecodeEvents, signal: AbortSignal): Promise<DecodeSummary> {
    this.#onFfmpeg.add(id);
    try {
      // ffmpeg.wasm's heap degrades over many execs ("memory access out of bounds"): start a
      // fresh instance before it gets there, and once more if a run still crashes inside wasm.
      if (this.#host.execs >= RECYCLE_AFTER_EXECS) this.#host.kill();
      let loadMs = await this.#host.load(assetBase);
      let summary;
      try {
        summary = await decodeClip(this.#host, job, events, signal);
      } catch (error) {
        if (signal.aborted || error instanceof ReelscopeError) throw error;
        this.#host.kill();
        loadMs += await this.#host.load(assetBase);
        summary = await decodeClip(this.#host, job, events, signal);
      }
      return { ...summary, loadMs };
    } finally {
      this.#onFfmpeg.delete(id);
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
