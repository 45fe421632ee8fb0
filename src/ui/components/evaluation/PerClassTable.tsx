import type { EvaluationMetrics } from '../../../pipeline/metrics';

/** Precision, recall, F1 and support of every outcome that occurs. */
export function PerClassTable({ metrics }: { metrics: EvaluationMetrics }) {
  const rows = metrics.labels
    .map((label) => ({ label, ...metrics.perClass[label]! }))
    .filter((r, c) => r.support > 0 || metrics.confusion.some((row) => row[c]! > 0));
  return (
    <table className="batch-table" data-testid="eval-per-class">
      <thead>
        <tr>
          <th scope="col">Class</th>
          <th scope="col" className="num">Precision</th>
          <th scope="col" className="num">Recall</th>
          <th scope="col" className="num">F1</th>
          <th scope="col" className="num">Clips</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label} data-class={r.label}>
            <th scope="row">{r.label}</th>
            <td className="num">{r.precision.toFixed(3)}</td>
            <td className="num">{r.recall.toFixed(3)}</td>
            <td className="num">{r.f1.toFixed(3)}</td>
            <td className="num">{r.support}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
