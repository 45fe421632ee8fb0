import { NONE_OF_THESE } from '../../../pipeline/postprocess';
import { CLASS_PALETTE } from '../../palette';

/** Out-of-scope segments: a neutral grey, no class's colour. */
const OUT_OF_SCOPE_COLOR = '#8a9099';

/** A category's colour: its position among the pack's labels in the shared palette. */
export function categoryColor(labels: readonly string[], label: string): string {
  if (label === NONE_OF_THESE && !labels.includes(label)) return OUT_OF_SCOPE_COLOR;
  const i = Math.max(0, labels.indexOf(label));
  return CLASS_PALETTE[i % CLASS_PALETTE.length]!;
}
