// The batch screen's actions: queue files on the engine's clip queue (shared with evaluation),
// cancel, export. Runs outside React; writes only the batch store. Keeps no more per file than
// its row (a few numbers and strings): no frames, thumbnails or features.
import type { ClipJobs } from '../../engine/clipJobs';
import type { ClipSummary } from '../../engine/clipSummary';
import type { JobEvent } from '../../engine/jobQueue';
import { serializeError } from '../../pipeline/errors';
import type { Progress } from '../../store/types';
import { exportName, saveText } from '../files/download';
import { rowsToCsv, rowsToJson } from './exporters';
import { doneRow, nextSort, queuedRow, rowAtThreshold, type SortKey } from './rows';
import { createBatchStore, selectSortedRows, type BatchStore } from './store';
import type { PickedFile } from '../files/picked';

export class BatchController {
  readonly store: BatchStore;
  readonly #jobs: ClipJobs;
  readonly #packId: () => string | null;
  /** The ids of this screen's rows on the shared queue. */
  #ids: number[] = [];

  constructor(jobs: ClipJobs, options: { packId: () => string | null }) {
    this.store = createBatchStore(jobs.concurrency);
    this.#jobs = jobs;
    this.#packId = options.packId;
  }

  /** Queues files; each becomes a row at once. */
  add(files: readonly PickedFile[]): void {
    if (files.length === 0) return;
    // Progress events start after add() returns (jobs start in a microtask), so ids[k] is set by then.
    const ids: number[] = [];
    const onProgress = (k: number) => (progress: Progress) => this.store.getState().updateRow(ids[k]!, (row) => ({ ...row, progress }));
    ids.push(...this.#jobs.add(files.map((f, k) => ({ file: f.file, onProgress: onProgress(k) })), (event) => this.#onEvent(event)));
    this.#ids.push(...ids);
    this.store.getState().addRows(ids.map((id, k) => queuedRow(id, files[k]!.path, files[k]!.file.size)));
  }

  cancel(id: number): void {
    this.#jobs.cancel(id);
  }

  cancelAll(): void {
    this.#jobs.cancelAll(this.#ids);
  }

  /** Removes finished rows (done, failed, cancelled); queued and running ones stay. */
  clearFinished(): void {
    this.store.getState().removeRows((r) => r.status === 'queued' || r.status === 'running');
    const kept = new Set(this.store.getState().rows.map((r) => r.id));
    this.#ids = this.#ids.filter((id) => kept.has(id));
  }

  /** The stricter / looser control moved for `packId`: its finished rows are re-decided from their kept scores. */
  setOodThreshold(packId: string, threshold: number): void {
    this.store.getState().mapRows((row) => rowAtThreshold(row, packId, threshold));
  }

  /** Clips run at once by batch and evaluation together (the queue is shared). */
  setConcurrency(n: number): void {
    this.#jobs.setConcurrency(n);
    this.store.getState().setConcurrency(n);
  }

  sortBy(key: SortKey): void {
    const state = this.store.getState();
    state.setSort(nextSort(state.sort, key));
  }

  /** Resolves when every queued file has finished. */
  idle(): Promise<void> {
    return this.#jobs.settled(this.#ids);
  }

  csv(): string {
    return rowsToCsv(selectSortedRows(this.store.getState()));
  }

  json(): string {
    return rowsToJson(selectSortedRows(this.store.getState()), { packId: this.#packId(), exportedAt: new Date().toISOString() });
  }

  exportCsv(): void {
    saveText(this.csv(), exportName('reelscope-batch', 'csv'), 'text/csv');
  }

  exportJson(): void {
    saveText(this.json(), exportName('reelscope-batch', 'json'), 'application/json');
  }

  #onEvent(event: JobEvent<ClipSummary>): void {
    const { updateRow } = this.store.getState();
    switch (event.type) {
      case 'start':
        updateRow(event.id, (row) => ({ ...row, status: 'running' }));
        break;
      case 'done':
        updateRow(event.id, (row) => doneRow(row, event.result));
        break;
      case 'error':
        updateRow(event.id, (row) => ({ ...row, status: 'error', progress: null, error: serializeError(event.error) }));
        break;
      case 'cancelled':
        updateRow(event.id, (row) => ({ ...row, status: 'cancelled', progress: null }));
        break;
      default:
        event satisfies never;
    }
  }
}
