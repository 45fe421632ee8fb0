import type { CategoryAction, Thresholds } from '../../../features/moderation/verdict';
import { categoryColor } from './colors';

interface ThresholdControlsProps {
  labels: readonly string[];
  thresholds: Thresholds;
  onThreshold: (category: string, value: number) => void;
  onAction: (category: string, action: CategoryAction) => void;
  onBlockMinSec: (seconds: number) => void;
}

const ACTIONS: Array<{ value: CategoryAction; text: string }> = [
  { value: 'off', text: 'Not flagged' },
  { value: 'review', text: 'Review' },
  { value: 'block', text: 'Block' },
];

/** One slider per category (its threshold) and what a flagged segment of it leads to. */
export function ThresholdControls({ labels, thresholds, onThreshold, onAction, onBlockMinSec }: ThresholdControlsProps) {
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
