import { describe, expect, it } from 'vitest';
import { countRows, doneRow, nextSort, queuedRow, rowAtThreshold, sortRows, type BatchRow } from '../../../src/features/batch/rows';
import { NONE_OF_THESE } from '../../../src/pipeline/postprocess';
import type { ClipSummary } from '../../../src/engine/clipSummary';

const summary = (label: string, confidence: number, totalMs: number): ClipSummary => ({
  packId: 'p',
  defaultHeadId: 'lstm',
  heads: [
    { headId: 'ssm', kind: 'ssm', title: 'SSM', parameters: 1, label: 'x', predicted: 'x', confidence: 0.1, outOfScope: false, unsure: false, ms: 1 },
    { headId: 'lstm', kind: 'lstm', title: 'LSTM', parameters: 2, label, predicted: label, confidence, outOfScope: false, unsure: false, ms: 2 },
  ],
  oodScore: null,
  oodThreshold: null,
  frames: 8,
  totalMs,
  readFraction: null,
});

const rows: BatchRow[] = [
  doneRow(queuedRow(1, 'b.avi', 1), summary('Surfing', 0.5, 300)),
  { ...queuedRow(2, 'a.avi', 1), status: 'error', error: { code: 'NotAVideo', message: 'm' } },
  doneRow(queuedRow(3, 'c.avi', 1), summary('Archery', 0.9, 100)),
  queuedRow(4, 'd.avi', 1),
];

describe('doneRow', () => {
  it('shows the default head of the pack', () => {
    expect(rows[0]).toMatchObject({ status: 'done', label: 'Surfing', head: 'lstm', confidence: 0.5, ms: 300 });
  });
});

describe('rowAtThreshold', () => {
  const scored: ClipSummary = {
    ...summary(NONE_OF_THESE, 0.7, 10),
    heads: summary('Surfing', 0.7, 10).heads.map((h) => ({ ...h, label: NONE_OF_THESE, outOfScope: true })),
    oodScore: 6,
    oodThreshold: 5,
  };
  const row = doneRow(queuedRow(7, 'e.avi', 1), scored);
  it("re-decides a finished row of the pack from its summary's kept score", () => {
    expect(row.label).toBe(NONE_OF_THESE);
    const looser = rowAtThreshold(row, 'p', 8);
    expect(looser).toMatchObject({ label: 'Surfing', head: 'lstm', confidence: 0.7 });
    expect(looser.heads.every((h) => !h.outOfScope)).toBe(true);
    expect(looser.summary?.oodThreshold).toBe(8);
  });
  it('leaves rows of another pack, unfinished rows and rows without a detector as they are', () => {
    expect(rowAtThreshold(row, 'other', 8)).toBe(row);
    expect(rowAtThreshold(row, 'p', 5)).toBe(row);
    expect(rowAtThreshold(rows[3]!, 'p', 8)).toBe(rows[3]);
    expect(rowAtThreshold(rows[0]!, 'p', 8)).toBe(rows[0]);
  });
});

describe('sortRows', () => {
  const ids = (r: BatchRow[]) => r.map((x) => x.id);
  it('sorts by text and by number in both directions, blanks last', () => {
    expect(ids(sortRows(rows, { key: 'path', dir: 'asc' }))).toEqual([2, 1, 3, 4]);
    expect(ids(sortRows(rows, { key: 'label', dir: 'asc' }))).toEqual([3, 1, 2, 4]);
    expect(ids(sortRows(rows, { key: 'confidence', dir: 'desc' }))).toEqual([3, 1, 2, 4]);
    expect(ids(sortRows(rows, { key: 'ms', dir: 'asc' }))).toEqual([3, 1, 2, 4]);
    expect(ids(sortRows(rows, { key: 'error', dir: 'desc' }))).toEqual([2, 1, 3, 4]);
  });
  it('does not change the input', () => {
    sortRows(rows, { key: 'path', dir: 'asc' });
    expect(ids(rows)).toEqual([1, 2, 3, 4]);
  });
});

describe('nextSort / countRows', () => {
  it('flips the same column and starts a new one ascending', () => {
    expect(nextSort({ key: 'ms', dir: 'asc' }, 'ms')).toEqual({ key: 'ms', dir: 'desc' });
    expect(nextSort({ key: 'ms', dir: 'desc' }, 'label')).toEqual({ key: 'label', dir: 'asc' });
  });
  it('counts rows by status', () => {
    expect(countRows(rows)).toEqual({ total: 4, queued: 1, running: 0, done: 2, error: 1, cancelled: 0 });
  });
});
