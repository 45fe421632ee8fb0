import type { EvaluationMetrics } from '../../../pipeline/metrics';
import { viridis } from '../../palette';

interface ConfusionMatrixProps {
  headId: string;
  metrics: EvaluationMetrics;
}

/** Rows: true class; columns: predicted (the last is "none of these" when the pack can abstain). Colour: share of the row. */
export function ConfusionMatrix({ headId, metrics }: ConfusionMatrixProps) {
  const { labels, confusion } = metrics;
  return (
    <div className="batch-table__scroll">
      <table className="confusion" data-testid="eval-confusion" data-head={headId} data-matrix={JSON.stringify(confusion)}>
        <caption className="confusion__axis">rows: true class · columns: predicted</caption>
        <thead>
          <tr>
            <td />
            {labels.map((l) => (
              <th key={l} scope="col">
                {l}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {confusion.map((row, t) => {
            const total = row.reduce((a, b) => a + b, 0);
            return (
              <tr key={labels[t]}>
                <th scope="row">{labels[t]}</th>
                {row.map((count, p) => {
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
