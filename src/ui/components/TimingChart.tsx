import { Bar, BarChart, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TimingRow } from '../chartData';
import { formatMs } from '../format';
import { AXIS_TICK, TOOLTIP_STYLE } from './chartTheme';

const KIND_COLORS: Record<TimingRow['kind'], string> = {
  io: '#9fb3c8',
  model: '#4e79a7',
  head: '#f28e2b',
  ood: '#b07aa1',
};

/** Wall time of each pipeline stage, in pipeline order, with the milliseconds written on the bars. */
export function TimingChart({ rows }: { rows: readonly TimingRow[] }) {
  const height = 28 * rows.length + 16;
  return (
    <div className="chart" data-testid="timing-chart">
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={rows as TimingRow[]} layout="vertical" margin={{ top: 4, right: 64, bottom: 4, left: 4 }} barCategoryGap={6}>
          <XAxis type="number" hide domain={[0, 'dataMax']} />
          <YAxis type="category" dataKey="stage" tick={AXIS_TICK} axisLine={false} tickLine={false} width={128} />
          <Tooltip {...TOOLTIP_STYLE} cursor={{ fill: 'rgba(15,23,42,0.04)' }} formatter={(v) => [formatMs(Number(v)), 'time']} />
          <Bar dataKey="ms" isAnimationActive={false} radius={[0, 3, 3, 0]} minPointSize={2}>
            {rows.map((r) => (
              <Cell key={r.key} fill={KIND_COLORS[r.kind]} />
            ))}
            <LabelList dataKey="ms" position="right" formatter={(v: unknown) => formatMs(Number(v))} style={{ fontSize: 11, fill: '#1f2933' }} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
