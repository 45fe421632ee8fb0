import { Area, AreaChart, ReferenceLine, ResponsiveContainer, YAxis } from 'recharts';
import type { Head } from '../../pipeline/manifest';
import type { HeadRun } from '../../store/types';
import { finalClassCurve } from '../chartData';
import { formatCount, formatMs, formatPercent, shortLabel } from '../format';
import { colorOf } from '../palette';
import { HEAD_KIND_WORDS } from '../words';

interface HeadsCompareProps {
  runs: readonly HeadRun[];
  /** The pack's head specs, for metrics and sizes. */
  specs: readonly Head[];
  selectedId: string | null;
  colors: ReadonlyMap<number, string>;
  focusIndex: number | null;
  onSelect: (headId: string) => void;
}

/** Every head on the same clip, side by side: answer, confidence over time, size, speed, accuracy. */
export function HeadsCompare({ runs, specs, selectedId, colors, focusIndex, onSelect }: HeadsCompareProps) {
  return (
    <div className="heads" data-testid="heads-compare">
      {runs.map((run) => (
        <HeadCard
          key={run.headId}
          run={run}
          spec={specs.find((h) => h.id === run.headId) ?? null}
          selected={run.headId === selectedId}
          color={colorOf(colors, run.decision.predicted.index)}
          focusIndex={focusIndex}
          onSelect={() => onSelect(run.headId)}
        />
      ))}
    </div>
  );
}

interface HeadCardProps {
  run: HeadRun;
  spec: Head | null;
  selected: boolean;
  color: string;
  focusIndex: number | null;
  onSelect: () => void;
}

function HeadCard({ run, spec, selected, color, focusIndex, onSelect }: HeadCardProps) {
  const curve = finalClassCurve(run).map((p, frame) => ({ frame, p }));
  const { predicted, outOfScope, unsure } = run.decision;
  const firstSure = curve.findIndex((d) => d.p >= 0.5);
  const metrics = spec?.metrics;
  return (
    <article className={`head-card${selected ? ' head-card--selected' : ''}`} data-head={run.kind}>
      <header className="head-card__head">
        <span className={`kind kind--${run.kind}`}>{HEAD_KIND_WORDS[run.kind]}</span>
        <h3 className="head-card__title">{run.title}</h3>
        {selected ? (
          <span className="head-card__shown">shown above</span>
        ) : (
          <button type="button" className="button button--small" onClick={onSelect}>
            Show this head
          </button>
        )}
      </header>
      <p className="head-card__answer">
        <span className="swatch" style={{ background: color }} aria-hidden="true" />
        <strong title={predicted.label}>{shortLabel(predicted.label)}</strong>
        <span className="head-card__conf">{formatPercent(predicted.probability)}</span>
        {outOfScope ? <span className="tag tag--warn">out of scope</span> : null}
        {unsure ? (
          <span className="tag tag--warn" title="Below this head's calibrated level: a guess">
            unsure
          </span>
        ) : null}
      </p>
      <div className="head-card__spark" aria-label={`Probability of ${predicted.label} after each frame`} role="img">
        <ResponsiveContainer width="100%" height={64}>
          <AreaChart data={curve} margin={{ top: 4, right: 2, bottom: 0, left: 2 }}>
            <YAxis hide domain={[0, 1]} />
            <ReferenceLine y={0.5} stroke="#d5dbe1" strokeDasharray="2 3" />
            {focusIndex !== null ? <ReferenceLine x={focusIndex} stroke="#1f2933" strokeDasharray="2 2" /> : null}
            <Area dataKey="p" type="monotone" stroke={color} strokeWidth={2} fill={color} fillOpacity={0.14} isAnimationActive={false} />
          </AreaChart>
        </ResponsiveContainer>
        <p className="head-card__spark-note muted">
          {firstSure >= 0 ? `above 50% from frame ${firstSure + 1} of ${curve.length}` : `never above 50% in ${curve.length} frames`}
        </p>
      </div>
      <dl className="stats">
        <Stat term="Parameters" value={formatCount(run.parameters)} />
        <Stat term="Latency" value={formatMs(run.ms)} />
        <Stat term="Per step" value={run.msPerStep !== null ? formatMs(run.msPerStep) : '–'} />
        <Stat term="Accuracy" value={metrics ? formatPercent(metrics.accuracy) : '–'} />
        <Stat term="Macro-F1" value={metrics ? formatPercent(metrics.macroF1) : '–'} />
      </dl>
      {metrics ? <p className="head-card__protocol muted">{metrics.protocol}</p> : null}
    </article>
  );
}

function Stat({ term, value }: { term: string; value: string }) {
  return (
    <div className="stats__item">
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}
