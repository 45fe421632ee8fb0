import type { BatchCounts } from '../../../features/batch/rows';

interface BatchToolbarProps {
  counts: BatchCounts;
  concurrency: number;
  onConcurrency: (n: number) => void;
  onCancelAll: () => void;
  onClear: () => void;
  onExportCsv: () => void;
  onExportJson: () => void;
}

/** Totals, concurrency, cancel, export. */
export function BatchToolbar({ counts, concurrency, onConcurrency, onCancelAll, onClear, onExportCsv, onExportJson }: BatchToolbarProps) {
  const active = counts.queued + counts.running;
  const finished = counts.done + counts.error + counts.cancelled;
  return (
    <div className="batch-toolbar" data-testid="batch-toolbar">
      <p className="batch-toolbar__counts" role="status" data-testid="batch-counts">
        <strong>{finished}</strong> of {counts.total} finished · {counts.done} classified · {counts.error} failed · {counts.cancelled} cancelled
        {active > 0 ? ` · ${counts.running} running, ${counts.queued} waiting` : ''}
      </p>
      <label className="field batch-toolbar__concurrency">
        <span className="field__label">At once</span>
        <select className="select" value={concurrency} onChange={(e) => onConcurrency(Number(e.currentTarget.value))}>
          {[1, 2, 3, 4].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button" onClick={onCancelAll} disabled={active === 0} data-testid="batch-cancel">
        Cancel all
      </button>
      <button type="button" className="button button--ghost" onClick={onClear} disabled={finished === 0}>
        Clear finished
      </button>
      <button type="button" className="button" onClick={onExportCsv} disabled={counts.total === 0} data-testid="batch-export-csv">
        Export CSV
      </button>
      <button type="button" className="button" onClick={onExportJson} disabled={counts.total === 0} data-testid="batch-export-json">
        Export JSON
      </button>
    </div>
  );
}
