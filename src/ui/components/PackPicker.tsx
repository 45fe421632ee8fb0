import type { PackSummary } from '../../store/types';

interface PackPickerProps {
  packs: readonly PackSummary[];
  selectedId: string | null;
  disabled: boolean;
  onSelect: (packId: string) => void;
}

const TASK_WORDS = { action: 'actions', objects: 'objects', moderation: 'moderation' } as const;

/** Chooses the model pack: title, task and how many labels it knows. */
export function PackPicker({ packs, selectedId, disabled, onSelect }: PackPickerProps) {
  return (
    <label className="field" data-testid="pack-picker">
      <span className="field__label">Model pack</span>
      <select
        className="select"
        value={selectedId ?? ''}
        disabled={disabled || packs.length === 0}
        onChange={(e) => e.target.value && onSelect(e.target.value)}
      >
        {packs.length === 0 ? <option value="">Loading packs…</option> : null}
        {packs.length > 0 && !packs.some((p) => p.id === selectedId) ? <option value="">Choose a pack…</option> : null}
        {packs.map(({ id, manifest, added }) => (
          <option key={id} value={id}>
            {manifest.title} — {TASK_WORDS[manifest.task]}, {manifest.labels.length} labels{added ? ' (yours)' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
