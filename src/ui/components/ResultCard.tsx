import type { Calibration } from '../../pipeline/manifest';
import type { ClipMetadata } from '../../pipeline/probe';
import type { ClipDecision, Ranked } from '../../pipeline/postprocess';
import type { OodResult } from '../../store/types';
import type { ReactNode } from 'react';
import { formatPercent, formatTime, shortLabel } from '../format';
import { colorOf } from '../palette';
import { resultWords, unsureReason } from '../trustWords';

interface ResultCardProps {
  decision: ClipDecision;
  ood: OodResult | null;
  headTitle: string;
  /** The shown head's calibration, when its probabilities are calibrated. */
  calibration: Calibration | undefined;
  labelCount: number;
  metadata: ClipMetadata | null;
  colors: ReadonlyMap<number, string>;
  /** Evidence drawn under the answer (the frames' agreement). */
  children?: ReactNode;
}

/** The answer: the clip's label and how sure the model is, or "none of these" and why. */
export function ResultCard({ decision, ood, headTitle, calibration, labelCount, metadata, colors, children }: ResultCardProps) {
  const { predicted, top, outOfScope } = decision;
  const words = resultWords(decision, calibration);
  const why = unsureReason(decision, calibration);
  return (
    <div className="result" data-testid="result" data-unsure={decision.unsure} data-out-of-scope={outOfScope}>
      {outOfScope ? (
        <div className="result__none" data-testid="none-of-these">
          <p className="result__eyebrow">Out of scope</p>
          <p className="result__label result__label--none" data-testid="result-label">
            None of these
          </p>
          <p className="result__why">
            The clip looks unlike all {labelCount} classes this pack knows. Closest:{' '}
            <strong title={predicted.label}>{shortLabel(predicted.label)}</strong>{' '}
            <span data-testid="result-confidence">({formatPercent(predicted.probability)})</span>
          </p>
        </div>
      ) : (
        <div className={decision.unsure ? 'result__unsure' : undefined}>
          <p className="result__eyebrow">{words.eyebrow}</p>
          <p className="result__label" data-testid="result-label" title={predicted.label}>
            <span className="swatch" style={{ background: colorOf(colors, predicted.index) }} aria-hidden="true" />
            {words.label}
          </p>
          <p className="result__confidence" data-testid="result-wording">
            {words.before}
            <span data-testid="result-confidence">{formatPercent(predicted.probability, decision.unsure ? 0 : 1)}</span>
            {words.after}
            <span className="muted"> · {headTitle}</span>
          </p>
          {why ? <p className="result__why muted">{why}</p> : null}
        </div>
      )}
      <TopList top={top} colors={colors} />
      {children}
      {ood ? <OodGauge ood={ood} /> : null}
      {metadata ? (
        <p className="result__meta muted">
          {formatTime(metadata.durationSec)} · {metadata.displayWidth}×{metadata.displayHeight} · {metadata.codec}
          {metadata.fps ? ` · ${Math.round(metadata.fps * 100) / 100} fps` : ''} · {metadata.container}
        </p>
      ) : null}
    </div>
  );
}

function TopList({ top, colors }: { top: Ranked[]; colors: ReadonlyMap<number, string> }) {
  return (
    <ol className="top3" data-testid="top3" aria-label="Top classes">
      {top.map((r) => (
        <li key={r.index} className="top3__row">
          <span className="top3__label" title={r.label}>
            {shortLabel(r.label)}
          </span>
          <span className="top3__bar" aria-hidden="true">
            <span style={{ width: `${Math.max(0.5, r.probability * 100)}%`, background: colorOf(colors, r.index) }} />
          </span>
          <span className="top3__value">{formatPercent(r.probability)}</span>
        </li>
      ))}
    </ol>
  );
}

/** The out-of-scope score against its threshold, on one scale. */
function OodGauge({ ood }: { ood: OodResult }) {
  const max = Math.max(ood.score, ood.threshold) * 1.3 || 1;
  const pos = (v: number): string => `${Math.min(100, Math.max(0, (v / max) * 100))}%`;
  return (
    <div className={`ood${ood.outOfScope ? ' ood--out' : ''}`}>
      <p className="ood__text">
        Out-of-scope score <strong>{ood.score.toFixed(2)}</strong> {ood.outOfScope ? 'above' : 'below'} threshold{' '}
        {ood.threshold.toFixed(2)} <span className="muted">({ood.method})</span>
      </p>
      <div className="ood__track" aria-hidden="true">
        <span className="ood__fill" style={{ width: pos(ood.score) }} />
        <span className="ood__threshold" style={{ left: pos(ood.threshold) }} />
      </div>
    </div>
  );
}
