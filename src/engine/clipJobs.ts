// The one clip queue batch and evaluation share: at most `concurrency` clips run at once across
// the whole app, in FIFO order, whoever queued them. Each caller gets the events of its own jobs
// and can cancel or wait for them without touching anyone else's.
import type { ClipClassifier, ClipSummary } from './clipSummary';
import { JobQueue, type JobEvent, type JobStatus } from './jobQueue';
import type { Progress } from '../store/types';

export interface ClipRequest {
  file: File;
  /** The pack to use; the selected one when absent. */
  packId?: string;
  onProgress?: (progress: Progress) => void;
}

export type ClipJobListener = (event: JobEvent<ClipSummary>) => void;

export class ClipJobs {
  readonly #queue: JobQueue<ClipRequest, ClipSummary>;
  readonly #listeners = new Map<number, ClipJobListener>();
  readonly #waiters = new Set<{ ids: readonly number[]; resolve: () => void }>();

  constructor(classify: ClipClassifier, concurrency: number) {
    this.#queue = new JobQueue<ClipRequest, ClipSummary>({
      concurrency,
      run: (request, signal) =>
        classify(request.file, {
          signal,
          ...(request.packId !== undefined ? { packId: request.packId } : {}),
          ...(request.onProgress ? { onProgress: request.onProgress } : {}),
        }),
      onEvent: (event) => this.#onEvent(event),
    });
  }

  get concurrency(): number {
    return this.#queue.concurrency;
  }

  setConcurrency(concurrency: number): void {
    this.#queue.setConcurrency(concurrency);
  }

  /** Queues clips behind everyone's; their events go to `listener`. Returns their ids, in order. */
  add(requests: readonly ClipRequest[], listener: ClipJobListener): number[] {
    const ids = this.#queue.add(requests);
    for (const id of ids) this.#listeners.set(id, listener);
    return ids;
  }

  /** Every job still queued or running, whoever queued it. */
  activeIds(): number[] {
    return [...this.#listeners.keys()];
  }

  status(id: number): JobStatus | undefined {
    return this.#queue.status(id);
  }

  cancel(id: number): boolean {
    return this.#queue.cancel(id);
  }

  /** Cancels these jobs, the queued ones first so a freed slot does not start the next of them. */
  cancelAll(ids: readonly number[]): void {
    const queued = ids.filter((id) => this.status(id) === 'queued');
    for (const id of [...queued, ...ids]) this.#queue.cancel(id);
  }

  /** Resolves when none of `ids` is queued or running. */
  settled(ids: readonly number[]): Promise<void> {
    if (ids.every((id) => !this.#pending(id))) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.add({ ids, resolve }));
  }

  /** Forgets finished jobs (their ids are never reused). */
  prune(): void {
    this.#queue.prune();
  }

  #pending(id: number): boolean {
    const status = this.status(id);
    return status === 'queued' || status === 'running';
  }

  #onEvent(event: JobEvent<ClipSummary>): void {
    this.#listeners.get(event.id)?.(event);
    if (event.type === 'start') return;
    this.#listeners.delete(event.id);
    for (const waiter of this.#waiters) {
      if (waiter.ids.every((id) => !this.#pending(id))) {
        this.#waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }
}
