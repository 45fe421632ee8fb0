// The batch table's rows and their order. Pure.
import { summaryAtThreshold, type ClipSummary, type HeadOutcome } from '../../engine/clipSummary';
import type { JobStatus } from '../../engine/jobQueue';
import type { Progress, UiError } from '../../store/types';

export interface BatchRow {
  id: number;
  /** Path inside the picked folder, or the file name. */
  path: string;
  bytes: number;
  status: JobStatus;
  progress: Progress | null;
  /** The default head's verdict (null until done). */
  label: string | null;
  confidence: number | null;
  head: string | null;
  /** Wall ms of the whole clip. */
  ms: number | null;
  error: UiError | null;
  /** Every head's verdict, for the JSON export. */
  heads: HeadOutcome[];
  /** The clip's summary (a few numbers per head), kept so the row can be re-decided at another threshold. */
  summary: ClipSummary | null;
}

export function queuedRow(id: number, path: string, bytes: number): BatchRow {
  return { id, path, bytes, status: 'queued', progress: null, label: null, confidence: null, head: null, ms: null, error: null, heads: [], summary: null };
}

/** The head a row shows: the pack's default head, else the first. */
export function shownHead(summary: ClipSummary): HeadOutcome | null {
  return summary.heads.find((h) => h.headId === summary.defaultHeadId) ?? summary.heads[0] ?? null;
}

export function doneRow(row: BatchRow, summary: ClipSummary): BatchRow {
  const head = shownHead(summary);
  return {
    ...row,
    status: 'done',
    progress: null,
    label: head?.label ?? null,
    confidence: head?.confidence ?? null,
    head: head?.headId ?? null,
    ms: summary.totalMs,
    error: null,
    heads: summary.heads,
    summary,
  };
}

/** A finished row of pack `packId` re-decided at `threshold` (from its summary's kept OOD score); other rows as they are. */
export function rowAtThreshold(row: BatchRow, packId: string, threshold: number): BatchRow {
  if (row.status !== 'done' || !row.summary || row.summary.packId !== packId) return row;
  const summary = summaryAtThreshold(row.summary, threshold);
  return summary === row.summary ? row : doneRow(row, summary);
}

export type SortKey = 'path' | 'label' | 'confidence' | 'head' | 'ms' | 'error' | 'status';
export type SortDir = 'asc' | 'desc';
export interface SortSpec {
  key: SortKey;
  dir: SortDir;
}

const STATUS_ORDER: Record<JobStatus, number> = { running: 0, queued: 1, done: 2, error: 3, cancelled: 4 };

function keyOf(row: BatchRow, key: SortKey): string | number | null {
  switch (key) {
    case 'path':
      return row.path;
    case 'label':
      return row.label;
    case 'confidence':
      return row.confidence;
    case 'head':
      return row.head;
    case 'ms':
      return row.ms;
    case 'error':
      return row.error?.code ?? null;
    case 'status':
      return STATUS_ORDER[row.status];
    default:
      return key satisfies never;
  }
}

/**
 * Rows sorted by `spec`; rows with no value for the key (not finished, no error) go last in
 * either direction, and ties keep the order the files were added in.
 */
export function sortRows(rows: readonly BatchRow[], spec: SortSpec): BatchRow[] {
  const sign = spec.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = keyOf(a, spec.key);
    const y = keyOf(b, spec.key);
    if (x === null || y === null) return x === y ? a.id - b.id : x === null ? 1 : -1;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return c !== 0 ? sign * c : a.id - b.id;
  });
}

/** Clicking a column: a new column sorts ascending, the same column flips direction. */
export function nextSort(current: SortSpec, key: SortKey): SortSpec {
  return current.key === key ? { key, dir: current.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' };
}

export interface BatchCounts {
  total: number;
  queued: number;
  running: number;
  done: number;
  error: number;
  cancelled: number;
}

export function countRows(rows: readonly BatchRow[]): BatchCounts {
  const counts: BatchCounts = { total: rows.length, queued: 0, running: 0, done: 0, error: 0, cancelled: 0 };
  for (const row of rows) counts[row.status]++;
  return counts;
}
