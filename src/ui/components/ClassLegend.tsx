import { shortLabel } from '../format';
import { colorOf } from '../palette';

interface ClassLegendProps {
  classes: readonly number[];
  labels: readonly string[];
  colors: ReadonlyMap<number, string>;
}

/** The line-swatch legend under the per-class probability charts. */
export function ClassLegend({ classes, labels, colors }: ClassLegendProps) {
  return (
    <ul className="legend" aria-label="Classes">
      {classes.map((c) => (
        <li key={c} title={labels[c]}>
          <span className="swatch swatch--line" style={{ background: colorOf(colors, c) }} />
          {shortLabel(labels[c] ?? `class ${c}`)}
        </li>
      ))}
    </ul>
  );
}
