import type { HeadEvaluation } from '../../../features/evaluation/labelled';
import { formatCount, formatMs, formatPercent } from '../../format';
import { HEAD_KIND_WORDS } from '../../words';

interface HeadsComparisonProps {
  heads: readonly HeadEvaluation[];
  clipMs: { p50: number; p95: number };
  focusHeadId: string | null;
  onFocus: (headId: string) => void;
}

/** Every head on the same clips: accuracy, macro-F1, size, latency. */
export function HeadsComparison({ heads, clipMs, focusHeadId, onFocus }: HeadsComparisonProps) {
  return (
    <table className="batch-table" data-testid="eval-heads">
      <thead>
        <tr>
          <th scope="col">Head</th>
          <th scope="col" className="num">Accuracy</th>
          <th scope="col" className="num">Macro-F1</th>
          <th scope="col" className="num">Parameters</th>
          <th scope="col" className="num">Head time (median)</th>
          <th scope="col" className="num">Whole clip (median / p95)</th>
          <th scope="col" className="num">Wrong</th>
          <th scope="col" />
        </tr>
      </thead>
      <tbody>
        {heads.map((h) => (
          <tr key={h.headId} data-testid="eval-head" data-head={h.headId} data-accuracy={h.metrics.accuracy} data-macro-f1={h.metrics.macroF1}>
            <th scope="row">
              {h.title} <span className="muted">({HEAD_KIND_WORDS[h.kind]})</span>
            </th>
            <td className="num">{formatPercent(h.metrics.accuracy)}</td>
            <td className="num">{h.metrics.macroF1.toFixed(3)}</td>
            <td className="num" data-col="parameters" data-value={h.parameters}>
              {formatCount(h.parameters)}
            </td>
            <td className="num" data-col="head-ms">
              {formatMs(h.headMs.p50)}
            </td>
            <td className="num">
              {formatMs(clipMs.p50)} / {formatMs(clipMs.p95)}
            </td>
            <td className="num">{h.misclassified.length}</td>
            <td>
              {h.headId === focusHeadId ? (
                <span className="muted">shown below</span>
              ) : (
                <button type="button" className="button button--small button--ghost" onClick={() => onFocus(h.headId)}>
                  Show details
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
