import type { TeachScore } from '../../../features/teach/store';
import { formatCount, formatPercent } from '../../format';
import { ConfusionMatrix } from '../evaluation/ConfusionMatrix';
import { PerClassTable } from '../evaluation/PerClassTable';

/** The honest score: each head's out-of-fold accuracy (folds by group), per-class recall, confusion, warnings. */
export function TeachScorePanel({ score }: { score: TeachScore }) {
  // The first head is the pack's default (the SSM head): its per-class table and confusion are shown.
  const [shown] = score.scores;
  return (
    <div className="teach-score" data-testid="teach-score">
      {score.warnings.length > 0 ? (
        <ul className="teach-warnings" data-testid="teach-warnings">
          {score.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      <table className="batch-table" data-testid="teach-heads">
        <thead>
          <tr>
            <th scope="col">Head</th>
            <th scope="col" className="num">Accuracy</th>
            <th scope="col" className="num">Macro-F1</th>
            <th scope="col" className="num">Per fold</th>
            <th scope="col" className="num">Parameters</th>
          </tr>
        </thead>
        <tbody>
          {score.scores.map((s) => (
            <tr key={s.headId} data-testid="teach-head" data-head={s.headId} data-accuracy={s.metrics.accuracy}>
              <th scope="row">{s.title}</th>
              <td className="num">{formatPercent(s.metrics.accuracy)}</td>
              <td className="num">{s.metrics.macroF1.toFixed(3)}</td>
              <td className="num">{s.foldAccuracies.map((a) => (Number.isFinite(a) ? `${Math.round(a * 100)}%` : '–')).join(' · ')}</td>
              <td className="num">{formatCount(s.parameters)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        {shown ? `${shown.folds}-fold cross-validation by group: ` : ''}
        {score.clips} clips from {score.sources} groups, {score.views} view{score.views === 1 ? '' : 's'} each; each clip is scored by a head that never saw its group.
        Features {(score.timings.featuresMs / 1000).toFixed(1)} s ({score.timings.extractedViews} views read, {score.timings.cachedViews} from the cache), validation{' '}
        {(score.timings.validateMs / 1000).toFixed(1)} s, training {(score.timings.trainMs / 1000).toFixed(1)} s (TensorFlow.js, {score.backend} backend), export {(score.timings.exportMs / 1000).toFixed(1)} s.
      </p>
      {shown ? (
        <div className="teach-score__detail">
          <div>
            <h3 className="teach-subtitle">Per class ({shown.title})</h3>
            <PerClassTable metrics={shown.metrics} />
          </div>
          <div>
            <h3 className="teach-subtitle">Confusion ({shown.title})</h3>
            <ConfusionMatrix headId={shown.headId} metrics={shown.metrics} />
          </div>
        </div>
      ) : null}
    </div>
  );
}
