/// <reference lib="webworker" />
// Teach worker: wires the protocol (src/protocol/teach.ts) to the teaching recipe (src/teach/recipe.ts)
// on TensorFlow.js (its WASM backend, teach/tfBackend.ts). One request at a time; a cancel aborts the
// running one between mini-batches.
import { ReelscopeError, serializeError, type ErrorCode } from '../src/pipeline/errors';
import { assertNever } from '../src/protocol/decode';
import { teachResponseTransfer, type TeachRequest, type TeachResponse } from '../src/protocol/teach';
import { TeachError } from '../src/teach/dataset';
import { teachPack } from '../src/teach/recipe';
import { startBackend } from './teach/tfBackend';

declare const self: DedicatedWorkerGlobalScope;

const TEACH_CODES: Record<TeachError['code'], ErrorCode> = { TooFewClips: 'TooFewClips', TooFewSources: 'TooFewSources', BadFeatures: 'InferenceFailed' };

class TeachWorker {
  readonly #running = new Map<number, AbortController>();
  #queue: Promise<unknown> = Promise.resolve();
  #ready: Promise<unknown> | null = null;

  handle(request: TeachRequest): void {
    switch (request.type) {
      case 'cancel':
        this.#running.get(request.target)?.abort();
        return;
      case 'teach': {
        const controller = new AbortController();
        this.#running.set(request.id, controller);
        this.#queue = this.#queue.then(() => this.#teach(request, controller.signal)).finally(() => this.#running.delete(request.id));
        return;
      }
      default:
        assertNever(request);
    }
  }

  async #teach(request: Extract<TeachRequest, { type: 'teach' }>, signal: AbortSignal): Promise<void> {
    const { id, spec, clips } = request;
    try {
      this.#ready ??= startBackend();
      await this.#ready;
      const data = { labels: spec.labels, frames: spec.frames, featureDim: spec.featureDim, clips };
      const outcome = await teachPack(spec, data, (progress) => this.#send({ type: 'progress', id, progress }), signal);
      this.#send({ type: 'taught', id, outcome });
    } catch (error) {
      const reason =
        error instanceof TeachError
          ? new ReelscopeError(TEACH_CODES[error.code], error.message)
          : error instanceof ReelscopeError || (error as { name?: string } | null)?.name === 'AbortError'
            ? error
            : new ReelscopeError('InferenceFailed', 'Teaching failed.', String(error));
      this.#send({ type: 'error', id, error: serializeError(reason) });
    }
  }

  #send(message: TeachResponse): void {
    self.postMessage(message, teachResponseTransfer(message));
  }
}

const worker = new TeachWorker();
self.addEventListener('message', (event: MessageEvent<TeachRequest>) => worker.handle(event.data));
