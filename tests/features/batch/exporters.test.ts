import { describe, expect, it } from 'vitest';
import { csvField, parseCsv, rowsToCsv, rowsToJson } from '../../../src/features/batch/exporters';
import { queuedRow, type BatchRow } from '../../../src/features/batch/rows';

const done: BatchRow = {
  ...queuedRow(1, 'Archery/v_Archery_g01_c01.avi', 1000),
  status: 'done',
  label: 'Archery',
  confidence: 0.912345678,
  head: 'ssm',
  ms: 2345.678,
  heads: [
    { headId: 'ssm', kind: 'ssm', title: 'SSM', parameters: 10, label: 'Archery', predicted: 'Archery', confidence: 0.912345678, outOfScope: false, unsure: false, ms: 3 },
  ],
};
const broken: BatchRow = {
  ...queuedRow(2, 'odd, "name"\nwith newline.mp4', 12),
  status: 'error',
  error: { code: 'NotAVideo', message: 'ffmpeg says: "Invalid data", nothing found' },
};
const cancelled: BatchRow = { ...queuedRow(3, '=cmd.mp4', 5), status: 'cancelled' };

describe('csvField', () => {
  it('quotes only when needed and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(0.5)).toBe('0.5');
  });
});

describe('rowsToCsv', () => {
  it('writes a header and one record per row that parse back to the table', () => {
    const csv = rowsToCsv([done, broken, cancelled]);
    expect(csv.endsWith('\r\n')).toBe(true);
    const parsed = parseCsv(csv);
    expect(parsed).toEqual([
      ['file', 'status', 'label', 'confidence', 'head', 'ms', 'read_fraction', 'error_code', 'error'],
      ['Archery/v_Archery_g01_c01.avi', 'done', 'Archery', '0.912346', 'ssm', '2345.7', '', '', ''],
      ['odd, "name"\nwith newline.mp4', 'error', '', '', '', '', '', 'NotAVideo', 'ffmpeg says: "Invalid data", nothing found'],
      ["'=cmd.mp4", 'cancelled', '', '', '', '', '', '', ''],
    ]);
  });
});

describe('rowsToJson', () => {
  it('keeps every row with its heads and error', () => {
    const json = JSON.parse(rowsToJson([done, broken], { packId: 'ucf101-6', exportedAt: '2026-01-01T00:00:00.000Z' }));
    expect(json.pack).toBe('ucf101-6');
    expect(json.clips).toHaveLength(2);
    expect(json.clips[0]).toMatchObject({ file: done.path, label: 'Archery', confidence: 0.912345678, head: 'ssm', ms: 2345.678 });
    expect(json.clips[0].heads[0]).toMatchObject({ headId: 'ssm', label: 'Archery' });
    expect(json.clips[1]).toMatchObject({ status: 'error', error: { code: 'NotAVideo' }, label: null });
  });
});

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, CRLF and LF records, and a last record with no line end', () => {
    expect(parseCsv('a,"b,c"\r\n"say ""hi""",\n"x\ny",z')).toEqual([
      ['a', 'b,c'],
      ['say "hi"', ''],
      ['x\ny', 'z'],
    ]);
  });
});
