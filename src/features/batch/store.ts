// What the batch screen renders: one row per file. The controller (./controller.ts) writes
// through these actions; React reads with useBatch(selector).
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { mapChanged, replaceById } from '../../store/lists';
import { countRows, sortRows, type BatchCounts, type BatchRow, type SortSpec } from './rows';

export interface BatchState {
  /** In the order the files were added. */
  rows: BatchRow[];
  sort: SortSpec;
  concurrency: number;
  addRows: (rows: BatchRow[]) => void;
  /** Replaces row `id` with `change(row)`; unknown ids are ignored. */
  updateRow: (id: number, change: (row: BatchRow) => BatchRow) => void;
  /** Every row through `change` at once; the same array when no row changes. */
  mapRows: (change: (row: BatchRow) => BatchRow) => void;
  removeRows: (keep: (row: BatchRow) => boolean) => void;
  setSort: (sort: SortSpec) => void;
  setConcurrency: (n: number) => void;
}

export type BatchStore = StoreApi<BatchState>;

export function createBatchStore(concurrency: number): BatchStore {
  return createStore<BatchState>()((set, get) => ({
    rows: [],
    sort: { key: 'path', dir: 'asc' },
    concurrency,
    addRows: (rows) => set({ rows: [...get().rows, ...rows] }),
    updateRow: (id, change) => set({ rows: replaceById(get().rows, id, change) }),
    mapRows: (change) => set({ rows: mapChanged(get().rows, change) }),
    removeRows: (keep) => set({ rows: get().rows.filter(keep) }),
    setSort: (sort) => set({ sort }),
    setConcurrency: (n) => set({ concurrency: n }),
  }));
}

// --- selectors (pure) ---
const sortedCache = new WeakMap<BatchRow[], { sort: SortSpec; rows: BatchRow[] }>();
/** The rows in the table's order (memoised per rows array and sort, so React sees a stable array). */
export const selectSortedRows = (s: BatchState): BatchRow[] => {
  const hit = sortedCache.get(s.rows);
  if (hit && hit.sort === s.sort) return hit.rows;
  const rows = sortRows(s.rows, s.sort);
  sortedCache.set(s.rows, { sort: s.sort, rows });
  return rows;
};
export const selectCounts = (s: BatchState): BatchCounts => countRows(s.rows);
export const selectActive = (s: BatchState): boolean => s.rows.some((r) => r.status === 'queued' || r.status === 'running');

export function useBatchStore<T>(store: BatchStore, selector: (s: BatchState) => T): T {
  return useStore(store, selector);
}
