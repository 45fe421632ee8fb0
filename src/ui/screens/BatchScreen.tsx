import { useShallow } from 'zustand/react/shallow';
import { selectCounts, selectSortedRows, useBatchStore, type BatchState } from '../../features/batch/store';
import { selectSelectedPack } from '../../store/store';
import { useReelscope, useRoot } from '../shell/RootContext';
import { BatchTable } from '../components/batch/BatchTable';
import { BatchToolbar } from '../components/batch/BatchToolbar';
import { FilesDrop } from '../components/batch/FilesDrop';
import { OpenSetControl } from '../components/OpenSetControl';
import { Panel } from '../components/Panel';
import '../components/batch/batch.css';

const selectView = (s: BatchState) => ({ rows: selectSortedRows(s), sort: s.sort, concurrency: s.concurrency });

/** Many clips at once: a queue with progress, a sortable table of results, CSV/JSON export. */
export function BatchScreen() {
  const controller = useRoot().batch;
  const { rows, sort, concurrency } = useBatchStore(controller.store, useShallow(selectView));
  const counts = useBatchStore(controller.store, useShallow(selectCounts));
  const pack = useReelscope(selectSelectedPack);
  return (
    <div className="batch-screen" data-testid="batch-screen">
      <FilesDrop
        title="Drop clips or folders here"
        hint={`Each clip is classified with the ${pack?.manifest.title ?? 'selected'} pack, ${concurrency} at a time, on this device. Only a summary per clip is kept.`}
        allowFiles
        onFiles={(files) => controller.add(files)}
        filesTestId="batch-input"
        folderTestId="batch-folder-input"
        disabled={!pack}
      />
      <OpenSetControl appliesTo="every row (finished ones are re-decided now from their kept scores) and the single clip and evaluation views" />
      <Panel title="Results" subtitle="One row per file. A cancelled file is not an error; a failed one says why." testId="batch-results">
        <BatchToolbar
          counts={counts}
          concurrency={concurrency}
          onConcurrency={(n) => controller.setConcurrency(n)}
          onCancelAll={() => controller.cancelAll()}
          onClear={() => controller.clearFinished()}
          onExportCsv={() => controller.exportCsv()}
          onExportJson={() => controller.exportJson()}
        />
        {rows.length > 0 ? (
          <BatchTable rows={rows} sort={sort} onSort={(key) => controller.sortBy(key)} onCancel={(id) => controller.cancel(id)} />
        ) : (
          <p className="muted batch-empty">No clips yet. Drop some above, or choose a folder.</p>
        )}
      </Panel>
    </div>
  );
}
