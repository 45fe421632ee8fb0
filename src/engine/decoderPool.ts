// A few decode workers, each used by one clip at a time (ffmpeg.wasm runs one exec at a time).
// Workers start on first need; a clip that finds them all busy waits its turn, in order. A
// worker that crashed or was killed by a cancel is dropped on release and replaced when needed.
import type { DecodeClient } from '../clients/decodeClient';
import { abortError } from '../pipeline/errors';

export class DecoderPool {
  readonly #spawn: () => DecodeClient;
  readonly #size: number;
  readonly #idle: DecodeClient[] = [];
  readonly #busy = new Set<DecodeClient>();
  readonly #waiting: { resolve: (decoder: DecodeClient) => void; reject: (error: unknown) => void; signal?: AbortSignal }[] = [];

  constructor(spawn: () => DecodeClient, size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`a decoder pool needs at least one worker, not ${size}`);
    this.#spawn = spawn;
    this.#size = size;
  }

  get size(): number {
    return this.#size;
  }

  /** Workers alive now (idle or busy). */
  get alive(): number {
    return this.#idle.length + this.#busy.size;
  }

  /** A decoder for one clip; give it back with release(). Rejects with an AbortError if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<DecodeClient> {
    if (signal?.aborted) return Promise.reject(abortError());
    const decoder = this.#take();
    if (decoder) return Promise.resolve(decoder);
    return new Promise((resolve, reject) => {
      const waiter = { resolve, reject, ...(signal ? { signal } : {}) };
      this.#waiting.push(waiter);
      signal?.addEventListener(
        'abort',
        () => {
          const at = this.#waiting.indexOf(waiter);
          if (at >= 0) this.#waiting.splice(at, 1);
          reject(abortError());
        },
        { once: true },
      );
    });
  }

  /** Runs `use` with a decoder of the pool, released however `use` ends. */
  async with<T>(signal: AbortSignal | undefined, use: (decoder: DecodeClient) => Promise<T>): Promise<T> {
    const decoder = await this.acquire(signal);
    try {
      return await use(decoder);
    } finally {
      this.release(decoder);
    }
  }

  release(decoder: DecodeClient): void {
    if (!this.#busy.delete(decoder)) return;
    if (decoder.deadReason) decoder.terminate();
    else this.#idle.push(decoder);
    while (this.#waiting.length > 0) {
      const next = this.#take();
      if (!next) break;
      this.#waiting.shift()!.resolve(next);
    }
  }

  /** Starts a worker and loads ffmpeg.wasm in it now, so the first clip does not wait for it. */
  async prewarm(): Promise<void> {
    if (this.alive > 0) return;
    await this.with(undefined, (decoder) => decoder.load());
  }

  /** Ends every worker; clips still decoding fail with WorkerCrashed, waiting ones with an AbortError. */
  dispose(): void {
    for (const waiter of this.#waiting.splice(0)) waiter.reject(abortError());
    for (const decoder of [...this.#idle.splice(0), ...this.#busy]) decoder.terminate();
    this.#busy.clear();
  }

  #take(): DecodeClient | null {
    const decoder = this.#idle.pop() ?? (this.alive < this.#size ? this.#spawn() : null);
    if (decoder) this.#busy.add(decoder);
    return decoder;
  }
}
