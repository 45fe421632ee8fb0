// A bounded-concurrency job queue: at most `concurrency` jobs run at once, the rest wait in
// FIFO order. Each job gets its own AbortSignal; cancelling a queued job drops it before it
// starts, cancelling a running one aborts its signal. A cancelled job ends as 'cancelled',
// never as 'error', whatever its promise does afterwards. Knows nothing about video: the
// engine's ClipJobs (clipJobs.ts) gives it the clip pipeline as `run`.
import { isAbortError } from '../pipeline/errors';

export type JobStatus = 'queued' | 'running' | 'done' | 'error' | 'cancelled';

export type JobEvent<R> =
  | { type: 'start'; id: number }
  | { type: 'done'; id: number; result: R }
  | { type: 'error'; id: number; error: unknown }
  | { type: 'cancelled'; id: number };

type JobEnd<R> = Exclude<JobEvent<R>, { type: 'start' }>;

export interface QueueOptions<T, R> {
  concurrency: number;
  run: (item: T, signal: AbortSignal, id: number) => Promise<R>;
  onEvent?: (event: JobEvent<R>) => void;
}

interface Job<T> {
  id: number;
  item: T;
  status: JobStatus;
  controller: AbortController | null;
}

export class JobQueue<T, R> {
  readonly #run: QueueOptions<T, R>['run'];
  readonly #onEvent: QueueOptions<T, R>['onEvent'];
  readonly #jobs = new Map<number, Job<T>>();
  readonly #waiting: number[] = [];
  readonly #idleWaiters: (() => void)[] = [];
  #concurrency: number;
  #running = 0;
  #nextId = 1;

  constructor(options: QueueOptions<T, R>) {
    this.#concurrency = checkConcurrency(options.concurrency);
    this.#run = options.run;
    this.#onEvent = options.onEvent;
  }

  get concurrency(): number {
    return this.#concurrency;
  }

  /** Applies to jobs started from now on; running jobs are not interrupted. */
  setConcurrency(concurrency: number): void {
    this.#concurrency = checkConcurrency(concurrency);
    this.#pump();
  }

  get runningCount(): number {
    return this.#running;
  }

  get queuedCount(): number {
    return this.#waiting.length;
  }

  status(id: number): JobStatus | undefined {
    return this.#jobs.get(id)?.status;
  }

  /**
   * Enqueues items in order; returns their job ids. Jobs start in a microtask, not during this
   * call, so the caller can record the ids (make its rows) before the first 'start' event.
   */
  add(items: readonly T[]): number[] {
    const ids = items.map((item) => {
      const id = this.#nextId++;
      this.#jobs.set(id, { id, item, status: 'queued', controller: null });
      this.#waiting.push(id);
      return id;
    });
    queueMicrotask(() => this.#pump());
    return ids;
  }

  /** Cancels a queued or running job; a finished one is left as it is. Returns whether it changed. */
  cancel(id: number): boolean {
    const job = this.#jobs.get(id);
    if (!job) return false;
    if (job.status === 'queued') {
      this.#waiting.splice(this.#waiting.indexOf(id), 1);
      this.#finish(job, { type: 'cancelled', id });
      return true;
    }
    if (job.status === 'running') {
      // Reported now; its slot is given back when its promise settles, so a job that is still
      // winding down (killing an ffmpeg exec) never overlaps more than `concurrency` others.
      job.controller?.abort();
      this.#finish(job, { type: 'cancelled', id });
      return true;
    }
    return false;
  }

  cancelAll(): void {
    // Queued ones first, so a running job's freed slot does not start the next in line.
    for (const id of [...this.#waiting]) this.cancel(id);
    for (const job of [...this.#jobs.values()]) if (job.status === 'running') this.cancel(job.id);
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (this.#running === 0 && this.#waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Forgets finished jobs (their ids are never reused). */
  prune(): void {
    for (const [id, job] of this.#jobs) if (job.status !== 'queued' && job.status !== 'running') this.#jobs.delete(id);
  }

  #pump(): void {
    while (this.#running < this.#concurrency && this.#waiting.length > 0) {
      const job = this.#jobs.get(this.#waiting.shift()!)!;
      this.#start(job);
    }
    if (this.#running === 0 && this.#waiting.length === 0) {
      for (const resolve of this.#idleWaiters.splice(0)) resolve();
    }
  }

  #start(job: Job<T>): void {
    const controller = new AbortController();
    job.controller = controller;
    job.status = 'running';
    this.#running++;
    this.#onEvent?.({ type: 'start', id: job.id });
    let promise: Promise<R>;
    try {
      promise = this.#run(job.item, controller.signal, job.id);
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(
      (result) => this.#settle(job, controller, { type: 'done', id: job.id, result }),
      (error: unknown) =>
        this.#settle(
          job,
          controller,
          controller.signal.aborted || isAbortError(error) ? { type: 'cancelled', id: job.id } : { type: 'error', id: job.id, error },
        ),
    );
  }

  #settle(job: Job<T>, controller: AbortController, event: JobEnd<R>): void {
    this.#running--;
    // Cancelled while running: its end was already reported.
    if (job.status === 'running' && job.controller === controller) this.#finish(job, event);
    this.#pump();
  }

  #finish(job: Job<T>, event: JobEnd<R>): void {
    job.status = event.type;
    job.controller = null;
    this.#onEvent?.(event);
  }
}

function checkConcurrency(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`concurrency must be a positive integer, not ${n}`);
  return n;
}

/**
 * How many clips to classify at once on a machine with `hardwareConcurrency` logical cores:
 * one per two cores (decode and the CNN each keep a core busy), at least 1, at most 2.
 */
export function defaultConcurrency(hardwareConcurrency: number | undefined): number {
  const cores = hardwareConcurrency && hardwareConcurrency > 0 ? hardwareConcurrency : 2;
  return Math.max(1, Math.min(2, Math.floor(cores / 2)));
}
