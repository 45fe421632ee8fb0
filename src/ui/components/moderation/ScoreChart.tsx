import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ModerationFrame } from '../../../features/moderation/store';
import type { Segment } from '../../../features/moderation/segments';
import type { Thresholds } from '../../../features/moderation/verdict';
import { AXIS_LINE, AXIS_TICK, GRID_STROKE, TOOLTIP_STYLE } from '../chartTheme';
import { categoryColor } from './colors';

interface ScoreChartProps {
  labels: readonly string[];
  frames: readonly ModerationFrame[];
  thresholds: Thresholds;
  segments: readonly Segment[];
  durationSec: number;
}

/** Each category's per-frame probability over the clip, its threshold (dashed) and its flagged segments (shaded). */
export function ScoreChart({ labels, frames, thresholds, segments, durationSec }: ScoreChartProps) {
  const data = useMemo(
    () => frames.map((f) => ({ t: f.timeSec, ...Object.fromEntries(labels.map((label, c) => [label, f.scores[c] ?? 0])) })),
    [frames, labels],
  );
  return (
    <div className="moderation-chart" data-testid="moderation-chart" data-frames={frames.length}>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid stroke={GRID_STROKE} vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            domain={[0, Math.max(durationSec, frames.at(-1)?.timeSec ?? 0)]}
            tick={AXIS_TICK}
            axisLine={AXIS_LINE}
            tickFormatter={(t: number) => `${t.toFixed(0)} s`}
          />
          <YAxis domain={[0, 1]} tick={AXIS_TICK} axisLine={AXIS_LINE} width={36} />
          <Tooltip
            {...TOOLTIP_STYLE}
            labelFormatter={(t) => `${Number(t).toFixed(2)} s`}
            formatter={(value) => (typeof value === 'number' ? value.toFixed(3) : String(value))}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {segments.map((s) => (
            <ReferenceArea
              key={`${s.category}-${s.startSec}`}
              x1={s.startSec}
              x2={s.endSec}
              y1={0}
              y2={1}
              fill={categoryColor(labels, s.category)}
              fillOpacity={0.12}
              ifOverflow="hidden"
            />
          ))}
          {labels.map((label) => {
            const rule = thresholds.categories[label];
            return rule && rule.action !== 'off' ? (
              <ReferenceLine key={`th-${label}`} y={rule.threshold} stroke={categoryColor(labels, label)} strokeDasharray="4 3" ifOverflow="hidden" />
            ) : null;
          })}
          {labels.map((label) => (
            <Line
              key={label}
              dataKey={label}
              type="linear"
              stroke={categoryColor(labels, label)}
              strokeWidth={thresholds.categories[label]?.action === 'off' ? 1 : 2}
              strokeOpacity={thresholds.categories[label]?.action === 'off' ? 0.5 : 1}
              dot={frames.length <= 48 ? { r: 2 } : false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
