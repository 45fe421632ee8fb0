import { CLASS_PALETTE } from '../../palette';

/** A category's colour: its position among the pack's labels in the shared palette. */
export function categoryColor(labels: readonly string[], label: string): string {
  const i = Math.max(0, labels.indexOf(label));
  return CLASS_PALETTE[i % CLASS_PALETTE.length]!;
}
