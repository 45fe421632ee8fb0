import { selectOperatingPoint } from '../../store/store';
import { useReelscope } from '../shell/RootContext';
import { NONE_OF_THESE } from '../../pipeline/postprocess';
import { operatingPointWords } from '../trustWords';

interface OpenSetControlProps {
  /** What the setting applies to here, e.g. "this clip" or "clips classified from now on". */
  appliesTo: string;
}

/**
 * Stricter / looser for "none of these": moves the selected pack's out-of-scope threshold along
 * its measured operating curve and says what that costs. The setting lives in the store and is
 * shared by the single clip, batch and evaluation. Renders nothing when the pack has no curve.
 */
export function OpenSetControl({ appliesTo }: OpenSetControlProps) {
  const view = useReelscope(selectOperatingPoint);
  const step = useReelscope((s) => s.stepOodThreshold);
  const reset = useReelscope((s) => s.resetOodThreshold);
  if (!view) return null;
  const { packId, point, curve, isDefault, canStricter, canLooser, defaultThreshold, protocol } = view;
  const index = curve.findIndex((p) => p.threshold === point.threshold);
  return (
    <div
      className="open-set"
      data-testid="open-set"
      data-threshold={point.threshold}
      data-default={isDefault}
      data-false-none={point.falseNone}
      data-catch-rate={point.catchRate}
    >
      <p className="open-set__title">How readily it says “{NONE_OF_THESE}”</p>
      <div className="open-set__row">
        <button
          type="button"
          className="button button--small"
          data-testid="open-set-stricter"
          disabled={!canStricter}
          title={`Say “${NONE_OF_THESE}” more often: catches more unseen actions, refuses more clips of these classes`}
          onClick={() => step(packId, 'stricter')}
        >
          Stricter
        </button>
        <span className="open-set__position muted" aria-live="polite">
          {index >= 0 ? `point ${index + 1} of ${curve.length}` : 'between measured points'}
          {isDefault ? ' · the pack’s default' : ''}
        </span>
        <button
          type="button"
          className="button button--small"
          data-testid="open-set-looser"
          disabled={!canLooser}
          title={`Say “${NONE_OF_THESE}” less often: refuses fewer clips of these classes, lets more unseen actions through`}
          onClick={() => step(packId, 'looser')}
        >
          Looser
        </button>
        {!isDefault ? (
          <button type="button" className="button button--small button--ghost" data-testid="open-set-default" onClick={() => reset(packId)}>
            Default
          </button>
        ) : null}
      </div>
      <p className="open-set__words" data-testid="open-set-words">
        {operatingPointWords(point)}
      </p>
      <p className="open-set__note muted">
        Threshold {point.threshold.toFixed(2)} (default {defaultThreshold.toFixed(2)}); applies to {appliesTo}.
      </p>
      <details className="open-set__note muted">
        <summary>How it was measured</summary>
        {protocol}
      </details>
    </div>
  );
}
