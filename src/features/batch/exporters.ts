// The batch table as CSV (RFC 4180) and JSON. Pure: they return text; the controller saves it.
import type { BatchRow } from './rows';

export const CSV_COLUMNS = ['file', 'status', 'label', 'confidence', 'head', 'ms', 'read_fraction', 'error_code', 'error'] as const;

/** One CSV field: quoted when it holds a comma, quote, CR or LF, with quotes doubled. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Neutralises a leading =, +, - or @ so a spreadsheet does not run a file name as a formula. */
function safeText(text: string): string {
  return /^[=+\-@]/.test(text) ? `'${text}` : text;
}

export function rowsToCsv(rows: readonly BatchRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of rows) {
    lines.push(
      [
        safeText(r.path),
        r.status,
        r.label === null ? null : safeText(r.label),
        r.confidence === null ? null : round(r.confidence, 6),
        r.head,
        r.ms === null ? null : round(r.ms, 1),
        r.summary?.readFraction == null ? null : round(r.summary.readFraction, 4),
        r.error?.code ?? null,
        r.error ? safeText(r.error.message) : null,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

export interface BatchJsonRow {
  file: string;
  bytes: number;
  status: BatchRow['status'];
  label: string | null;
  confidence: number | null;
  head: string | null;
  ms: number | null;
  /** Share of the declared video that could be read, when less than all (a cut-short file). */
  readFraction: number | null;
  error: { code: string; message: string } | null;
  heads: { headId: string; kind: string; label: string; predicted: string; confidence: number; outOfScope: boolean; unsure: boolean; ms: number }[];
}

export function rowsToJson(rows: readonly BatchRow[], meta: { packId: string | null; exportedAt: string }): string {
  const clips: BatchJsonRow[] = rows.map((r) => ({
    file: r.path,
    bytes: r.bytes,
    status: r.status,
    label: r.label,
    confidence: r.confidence,
    head: r.head,
    ms: r.ms,
    readFraction: r.summary?.readFraction ?? null,
    error: r.error,
    heads: r.heads.map((h) => ({
      headId: h.headId,
      kind: h.kind,
      label: h.label,
      predicted: h.predicted,
      confidence: h.confidence,
      outOfScope: h.outOfScope,
      unsure: h.unsure,
      ms: h.ms,
    })),
  }));
  return `${JSON.stringify({ pack: meta.packId, exportedAt: meta.exportedAt, clips }, null, 2)}\n`;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Reads RFC 4180 text (quoted fields, doubled quotes, CRLF or LF records) back into records. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      if (ch === '\r') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}
