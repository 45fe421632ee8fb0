import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { usePacksStore, type PacksState } from '../../features/packs/store';
import { selectPacks } from '../../store/store';
import type { PackSummary } from '../../store/types';
import { FilesDrop } from '../components/batch/FilesDrop';
import { ErrorBanner } from '../components/ErrorBanner';
import { PackDetails } from '../components/PackDetails';
import { Panel } from '../components/Panel';
import { formatBytes } from '../format';
import { useReelscope, useRoot } from '../shell/RootContext';
import { HEAD_KIND_WORDS } from '../words';

const selectView = (s: PacksState) => ({ busy: s.busy, added: s.added, failure: s.failure, storage: s.storage });
const TASK_WORDS = { action: 'Actions', objects: 'Objects', moderation: 'Moderation' } as const;

/** Every pack: the shipped ones and the user's own (added from a folder or a .zip, kept in this browser). */
export function PacksScreen() {
  const root = useRoot();
  const controller = root.packs;
  const { busy, added, failure, storage } = usePacksStore(controller.store, useShallow(selectView));
  const packs = useReelscope(selectPacks);
  const selectedId = useReelscope((s) => s.selectedPackId);
  return (
    <div className="packs-screen" data-testid="packs-screen">
      <FilesDrop
        title="Drop a pack folder or .zip here"
        hint="A pack is a folder holding manifest.json and the files it lists (see docs/packs.md). It is checked file by file and graph by graph, then kept in this browser for later visits and offline use. Nothing is uploaded."
        allowFiles
        accept=".zip,application/zip"
        filesButton="Choose a .zip…"
        kind="pack files"
        keep={() => true}
        onFiles={(files) => void controller.add(files)}
        filesTestId="pack-zip-input"
        folderTestId="pack-folder-input"
        disabled={busy !== null}
      />
      {busy ? (
        <p className="notice" role="status" data-testid="packs-busy">
          {busy.kind === 'add'
            ? `Checking ${busy.subject}: its manifest, the sha256 of every file, and each graph in the inference worker…`
            : busy.kind === 'remove'
              ? `Removing ${busy.packId}…`
              : `Writing ${busy.packId}.zip…`}
        </p>
      ) : null}
      {added ? (
        <p className="notice" role="status" data-testid="packs-added" data-pack-id={added.packId}>
          Added “{added.title}” and selected it: every screen can use it now.
          {added.renamedFrom ? ` A pack with the id “${added.renamedFrom}” was already here, so this one is kept as “${added.packId}”.` : ''}
        </p>
      ) : null}
      {failure ? <ErrorBanner error={failure.error} subject={failure.subject} onDismiss={() => controller.dismissFailure()} showMessage /> : null}
      <Panel
        title="Model packs"
        subtitle={
          storage?.quota
            ? `Added packs are kept in this browser's storage: ${formatBytes(storage.usage ?? 0)} used of the ${formatBytes(storage.quota)} it allows this app.`
            : 'Added packs are kept in this browser’s storage.'
        }
        testId="packs-list"
      >
        <ul className="pack-list">
          {packs.map((pack) => (
            <PackRow
              key={pack.id}
              pack={pack}
              selected={pack.id === selectedId}
              busy={busy !== null}
              onSelect={() => root.clip.selectPack(pack.id)}
              onExport={() => void controller.exportZip(pack.id)}
              onRemove={() => void controller.remove(pack.id)}
            />
          ))}
        </ul>
      </Panel>
    </div>
  );
}

interface PackRowProps {
  pack: PackSummary;
  selected: boolean;
  busy: boolean;
  onSelect: () => void;
  onExport: () => void;
  onRemove: () => void;
}

function PackRow({ pack, selected, busy, onSelect, onExport, onRemove }: PackRowProps) {
  const [confirming, setConfirming] = useState(false);
  const { manifest, added } = pack;
  const bytes = added?.bytes ?? manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  const heads = manifest.heads.map((h) => HEAD_KIND_WORDS[h.kind]).join(', ');
  return (
    <li className={`pack-row${selected ? ' pack-row--selected' : ''}`} data-testid="pack-row" data-pack-id={pack.id} data-origin={added ? 'added' : 'shipped'}>
      <div className="pack-row__main">
        <p className="pack-row__title">
          {manifest.title} <span className="muted mono">{pack.id}</span>
          {selected ? <span className="tag pack-row__tag">selected</span> : null}
        </p>
        <p className="muted">
          {TASK_WORDS[manifest.task]} · {manifest.labels.length} labels · {heads} · <span data-testid="pack-size">{formatBytes(bytes)}</span> ·{' '}
          <span data-testid="pack-origin">
            {added ? `added ${new Date(added.addedAt).toLocaleString()} from ${added.from}, kept in this browser` : 'ships with the app'}
          </span>
        </p>
        <PackDetails manifest={manifest} />
      </div>
      <div className="pack-row__actions">
        <button type="button" className="button button--small" disabled={selected} onClick={onSelect} data-testid="pack-use">
          Use
        </button>
        <button type="button" className="button button--small" disabled={busy} onClick={onExport} data-testid="pack-export">
          Export .zip
        </button>
        {added ? (
          confirming ? (
            <>
              <button type="button" className="button button--small button--danger" disabled={busy} onClick={onRemove} data-testid="pack-remove-confirm">
                Remove for good
              </button>
              <button type="button" className="button button--small button--ghost" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <button type="button" className="button button--small" disabled={busy} onClick={() => setConfirming(true)} data-testid="pack-remove">
              Remove…
            </button>
          )
        ) : null}
      </div>
    </li>
  );
}
