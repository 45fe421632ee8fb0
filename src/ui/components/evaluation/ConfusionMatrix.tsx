import type { EvaluationMetrics } from '../../../pipeline/metrics';
import { viridis } from '../../palette';

interface ConfusionMatrixProps {
  headId: string;
  metrics: EvaluationMetrics;
}

/** Packs with more outcomes than this show only those that occur (as truth or prediction). */
const SHOW_ALL_UP_TO = 20;

/** Indices of the outcomes to draw: all of a small pack's, else those with a count in their row or column. */
function shownIndices(confusion: readonly (readonly number[])[]): number[] {
  const all = confusion.map((_, i) => i);
  if (confusion.length <= SHOW_ALL_UP_TO) return all;
  return all.filter((i) => confusion[i]!.some((v) => v > 0) || confusion.some((row) => row[i]! > 0));
}

/** Rows: true class; columns: predicted (the last is "none of these" when the pack can abstain). Colour: share of the row. */
export function ConfusionMatrix({ headId, metrics }: ConfusionMatrixProps) {
  const { labels, confusion } = metrics;
  const shown = shownIndices(confusion);
  return (
    <div className="batch-table__scroll">
      <table className="confusion" data-testid="eval-confusion" data-head={headId}>
        <caption className="confusion__axis">
          rows: true class · columns: predicted
          {shown.length < labels.length ? ` · the ${shown.length} of ${labels.length} classes that occur` : ''}
        </caption>
        <thead>
          <tr>
            <td />
            {shown.map((c) => (
              <th key={c} scope="col">
                {labels[c]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((t) => {
            const row = confusion[t]!;
            const total = row.reduce((a, b) => a + b, 0);
            return (
              <tr key={t}>
                <th scope="row">{labels[t]}</th>
                {shown.map((p) => {
                  const count = row[p]!;
                  const share = total ? count / total : 0;
                  const [r, g, b] = viridis(share);
                  return (
                    <td
                      key={p}
                      data-true={labels[t]}
                      data-predicted={labels[p]}
                      title={`${count} of ${total} "${labels[t]}" clips predicted "${labels[p]}"`}
                      style={count > 0 ? { background: `rgb(${r} ${g} ${b})`, color: share > 0.55 ? '#1f2933' : '#fff' } : undefined}
                    >
                      {count}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
