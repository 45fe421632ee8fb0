// The batch screen's actions: queue files, run them through the one-clip pipeline with bounded
// concurrency, cancel, export. Runs outside React; writes only the batch store. Keeps no more
// per file than its row (a few numbers and strings): no frames, thumbnails or features.
import { exportName, saveText } from './download';
import { rowsToCsv, rowsToJson } from './exporters';
import { JobQueue, type JobEvent } from './queue';
import { doneRow, nextSort, queuedRow, rowAtThreshold, type SortKey } from './rows';
import { createBatchStore, selectSortedRows, type BatchStore } from './store';
import { failureOf } from './summary';
import type { ClipClassifier, ClipSummary, PickedFile } from './types';

export class BatchController {
  readonly store: BatchStore;
  readonly #queue: JobQueue<PickedFile, ClipSummary>;
  readonly #packId: () => string | null;

  constructor(classify: ClipClassifier, options: { concurrency: number; packId: () => string | null }) {
    this.store = createBatchStore(options.concurrency);
    this.#packId = options.packId;
    this.#queue = new JobQueue<PickedFile, ClipSummary>({
      concurrency: options.concurrency,
      run: (picked, signal, id) =>
        classify(picked.file, {
          signal,
          onProgress: (progress) => this.store.getState().updateRow(id, (row) => ({ ...row, progress })),
        }),
      onEvent: (event) => this.#onEvent(event),
    });
  }

  /** Queues files; each becomes a row at once. */
  add(files: readonly PickedFile[]): void {
    if (files.length === 0) return;
    const ids = this.#queue.add(files);
    this.store.getState().addRows(ids.map((id, k) => queuedRow(id, files[k]!.path, files[k]!.file.size)));
  }

  cancel(id: number): void {
    this.#queue.cancel(id);
  }

  cancelAll(): void {
    this.#queue.cancelAll();
  }

  /** Removes finished rows (done, failed, cancelled); queued and running ones stay. */
  clearFinished(): void {
    this.store.getState().removeRows((r) => r.status === 'queued' || r.status === 'running');
    this.#queue.prune();
  }

  /** The stricter / looser control moved for `packId`: its finished rows are re-decided from their kept scores. */
  setOodThreshold(packId: string, threshold: number): void {
    this.store.getState().mapRows((row) => rowAtThreshold(row, packId, threshold));
  }

  setConcurrency(n: number): void {
    this.#queue.setConcurrency(n);
    this.store.getState().setConcurrency(n);
  }

  sortBy(key: SortKey): void {
    const state = this.store.getState();
    state.setSort(nextSort(state.sort, key));
  }

  /** Resolves when every queued file has finished. */
  idle(): Promise<void> {
    return this.#queue.idle();
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
        updateRow(event.id, (row) => ({ ...row, status: 'error', progress: null, error: failureOf(event.error) }));
        break;
      case 'cancelled':
        updateRow(event.id, (row) => ({ ...row, status: 'cancelled', progress: null }));
        break;
      default:
        event satisfies never;
    }
  }
}
