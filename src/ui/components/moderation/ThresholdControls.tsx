import type { CategoryAction, OutOfScopeAction, Thresholds } from '../../../features/moderation/verdict';
import { NONE_OF_THESE } from '../../../pipeline/postprocess';
import { categoryColor } from './colors';

interface ThresholdControlsProps {
  labels: readonly string[];
  thresholds: Thresholds;
  /** The pack's out-of-scope threshold, when its windows are judged by a detector. */
  oodThreshold: number | null;
  onThreshold: (category: string, value: number) => void;
  onAction: (category: string, action: CategoryAction) => void;
  onOutOfScopeAction: (action: OutOfScopeAction) => void;
  onBlockMinSec: (seconds: number) => void;
}

const ACTIONS: Array<{ value: CategoryAction; text: string }> = [
  { value: 'off', text: 'Not flagged' },
  { value: 'review', text: 'Review' },
  { value: 'block', text: 'Block' },
];

/**
 * One slider per category (its threshold) and what a flagged segment of it leads to; for a pack with
 * a detector, what an out-of-scope segment leads to (its threshold is the pack's open-set setting).
 */
export function ThresholdControls({ labels, thresholds, oodThreshold, onThreshold, onAction, onOutOfScopeAction, onBlockMinSec }: ThresholdControlsProps) {
  return (
    <div className="moderation-thresholds">
      {labels.map((label) => {
        const rule = thresholds.categories[label];
        if (!rule) return null;
        const id = `moderation-threshold-${label}`;
        return (
          <div key={label} className="moderation-thresholds__row" data-action={rule.action}>
            <label htmlFor={id} className="moderation-thresholds__label">
              <span className="moderation-swatch" style={{ background: categoryColor(labels, label) }} aria-hidden="true" />
              {label}
            </label>
            <input
              id={id}
              type="range"
              min={0.05}
              max={1}
              step={0.01}
              value={rule.threshold}
              data-testid={id}
              aria-valuetext={rule.threshold.toFixed(2)}
              onChange={(e) => {
                onThreshold(label, Number(e.currentTarget.value));
                if (rule.action === 'off') onAction(label, 'review');
              }}
            />
            <output htmlFor={id} className="moderation-thresholds__value">
              {rule.threshold.toFixed(2)}
            </output>
            <select
              aria-label={`What a ${label} segment leads to`}
              value={rule.action}
              data-testid={`moderation-action-${label}`}
              onChange={(e) => onAction(label, e.currentTarget.value as CategoryAction)}
            >
              {ACTIONS.map((a) => (
                <option key={a.value} value={a.value}>
                  {a.text}
                </option>
              ))}
            </select>
          </div>
        );
      })}
      {oodThreshold !== null ? (
        <div className="moderation-thresholds__row" data-action={thresholds.outOfScope} data-testid="moderation-out-of-scope">
          <span className="moderation-thresholds__label">
            <span className="moderation-swatch" style={{ background: categoryColor(labels, NONE_OF_THESE) }} aria-hidden="true" />
            None of these
          </span>
          <span className="muted" title="Set with the pack's stricter / looser control on the clip screen">
            out-of-scope score above {oodThreshold.toFixed(2)}
          </span>
          <select
            aria-label="What a segment the pack's classes do not describe leads to"
            value={thresholds.outOfScope}
            data-testid="moderation-action-out-of-scope"
            onChange={(e) => onOutOfScopeAction(e.currentTarget.value as OutOfScopeAction)}
          >
            {ACTIONS.filter((a) => a.value !== 'block').map((a) => (
              <option key={a.value} value={a.value}>
                {a.text}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <label className="moderation-thresholds__block">
        Block after
        <input
          type="number"
          min={0}
          max={60}
          step={0.5}
          value={thresholds.blockMinSec}
          data-testid="moderation-block-min"
          onChange={(e) => onBlockMinSec(Number(e.currentTarget.value))}
        />
        s of a block-level category
      </label>
    </div>
  );
}
