import type { Progress, Stage } from '../../store/types';

const STAGES: { stage: Stage; label: string }[] = [
  { stage: 'load-model', label: 'Load model' },
  { stage: 'decode', label: 'Decode' },
  { stage: 'preprocess', label: 'Preprocess' },
  { stage: 'cnn', label: 'CNN' },
  { stage: 'head', label: 'Heads' },
  { stage: 'ood', label: 'Out-of-scope' },
];

interface ProgressPanelProps {
  fileName: string;
  progress: Progress | null;
  onCancel: () => void;
}

/** Where a running clip is: each stage done, current (with its count) or still to come. */
export function ProgressPanel({ fileName, progress, onCancel }: ProgressPanelProps) {
  const current = progress ? STAGES.findIndex((s) => s.stage === progress.stage) : 0;
  const fraction = progress && progress.total > 0 ? Math.min(1, progress.done / progress.total) : 0;
  const currentLabel = STAGES[Math.max(0, current)]!.label;
  const overall = (Math.max(0, current) + fraction) / STAGES.length;
  return (
    <div className="progress" data-testid="progress" data-stage={progress?.stage ?? 'starting'}>
      <div className="progress__head">
        <p className="progress__title">
          Classifying <strong>{fileName}</strong>
        </p>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <ol className="progress__stages">
        {STAGES.map((s, i) => {
          const state = i < current ? 'done' : i === current ? 'active' : 'todo';
          return (
            <li key={s.stage} className={`progress__stage progress__stage--${state}`} aria-current={state === 'active' ? 'step' : undefined}>
              <span className="progress__dot" aria-hidden="true" />
              {s.label}
              {state === 'active' && progress && progress.total > 1 ? (
                <span className="progress__count">
                  {progress.done}/{progress.total}
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
      <div
        className="progress__bar"
        role="progressbar"
        aria-label="Progress"
        aria-valuetext={`${currentLabel}: ${Math.round(fraction * 100)}%`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(overall * 100)}
      >
        <div className="progress__fill" style={{ width: `${overall * 100}%` }} />
      </div>
    </div>
  );
}
