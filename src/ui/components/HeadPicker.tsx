import type { Head } from '../../pipeline/manifest';
import { formatCount } from '../format';
import { HEAD_KIND_WORDS } from '../words';
import { Segmented } from './Segmented';

interface HeadPickerProps {
  heads: readonly Head[];
  selectedId: string | null;
  onSelect: (headId: string) => void;
}

/** Which head's decision the page shows (all heads run on every clip; this only picks the view). */
export function HeadPicker({ heads, selectedId, onSelect }: HeadPickerProps) {
  return (
    <Segmented
      label="Head"
      testId="head-picker"
      value={selectedId}
      onChange={onSelect}
      options={heads.map((h) => ({
        value: h.id,
        label: HEAD_KIND_WORDS[h.kind],
        title: `${h.title} — ${formatCount(h.parameters)} parameters`,
      }))}
    />
  );
}
