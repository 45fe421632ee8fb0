import type { BatchRow, SortKey, SortSpec } from '../../../features/batch/rows';
import { errorText } from '../../errorText';
import { formatMs, formatPercent } from '../../format';

interface BatchTableProps {
  rows: readonly BatchRow[];
  sort: SortSpec;
  onSort: (key: SortKey) => void;
  onCancel: (id: number) => void;
}

const COLUMNS: { key: SortKey; title: string; numeric?: boolean }[] = [
  { key: 'path', title: 'File' },
  { key: 'status', title: 'Status' },
  { key: 'label', title: 'Label' },
  { key: 'confidence', title: 'Confidence', numeric: true },
  { key: 'head', title: 'Head' },
  { key: 'ms', title: 'Time', numeric: true },
  { key: 'error', title: 'Error' },
];

const STAGE_WORDS: Record<string, string> = {
  'load-model': 'loading model',
  decode: 'decoding',
  preprocess: 'preprocessing',
  cnn: 'CNN',
  head: 'heads',
  ood: 'out-of-scope check',
};

/** One row per file; click a column title to sort by it. */
export function BatchTable({ rows, sort, onSort, onCancel }: BatchTableProps) {
  return (
    <div className="batch-table__scroll">
      <table className="batch-table" data-testid="batch-table">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th
                key={c.key}
                scope="col"
                className={c.numeric ? 'num' : undefined}
                aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
              >
                <button type="button" className="batch-table__sort" onClick={() => onSort(c.key)} data-testid={`batch-sort-${c.key}`}>
                  {c.title}
                  <span aria-hidden="true">{sort.key === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                </button>
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.id}
              data-testid="batch-row"
              data-id={r.id}
              data-status={r.status}
              data-file={r.path}
              data-label={r.label ?? ''}
              data-error-code={r.error?.code ?? ''}
              className={`batch-row batch-row--${r.status}`}
            >
              <td className="batch-table__file" title={r.path}>
                {r.path}
              </td>
              <td>
                <StatusCell row={r} />
              </td>
              <td data-col="label">
                {r.label ?? ''}
                {r.heads.find((h) => h.headId === r.head)?.unsure ? (
                  <span className="tag tag--warn" data-testid="batch-unsure" title="Below the head's calibrated level: a guess">
                    unsure
                  </span>
                ) : null}
                {r.summary?.readFraction != null ? (
                  <span className="tag tag--warn" data-testid="batch-partial" title="Less of the video could be read than the file declares: the label is for the part that could">
                    read {formatPercent(r.summary.readFraction)}
                  </span>
                ) : null}
              </td>
              <td className="num" data-col="confidence">
                {r.confidence === null ? '' : formatPercent(r.confidence)}
              </td>
              <td data-col="head">{r.head ?? ''}</td>
              <td className="num" data-col="ms">
                {r.ms === null ? '' : formatMs(r.ms)}
              </td>
              <td data-col="error" className="batch-table__error">
                {r.error ? (
                  <span title={`${r.error.code}: ${r.error.message}`}>
                    <code>{r.error.code}</code> {errorText(r.error.code).title}
                  </span>
                ) : null}
              </td>
              <td>
                {r.status === 'queued' || r.status === 'running' ? (
                  <button type="button" className="button button--small button--ghost" onClick={() => onCancel(r.id)} data-testid="batch-row-cancel">
                    Cancel
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StatusCell({ row }: { row: BatchRow }) {
  if (row.status !== 'running') return <span className={`status status--${row.status}`}>{row.status}</span>;
  const p = row.progress;
  const fraction = p && p.total > 0 ? p.done / p.total : 0;
  return (
    <span className="batch-progress">
      <progress max={1} value={fraction} aria-label={`Progress of ${row.path}`} />
      <span className="muted">{p ? `${STAGE_WORDS[p.stage] ?? p.stage} ${p.done}/${p.total}` : 'starting'}</span>
    </span>
  );
}
