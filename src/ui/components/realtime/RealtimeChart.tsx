import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { historyRows, type HistoryPoint } from '../../../features/realtime/stats';
import { formatPercent } from '../../format';
import { classColors } from '../../palette';
import { AXIS_LINE, AXIS_TICK, classLineProps, GRID_STROKE, TOOLTIP_STYLE } from '../chartTheme';
import { EmptyChart } from '../Panel';
import { ClassLegend } from '../ClassLegend';

interface RealtimeChartProps {
  history: readonly HistoryPoint[];
  labels: readonly string[];
  /** Classes to draw, most likely now first. */
  classes: readonly number[];
  windowSec: number;
}

/** The smoothed probabilities of the leading classes over the last seconds. */
export function RealtimeChart({ history, labels, classes, windowSec }: RealtimeChartProps) {
  const rows = historyRows(history, classes);
  const colors = classColors(classes);
  const last = history.length > 0 ? history[history.length - 1]!.t : 0;
  const domain: [number, number] = [Math.max(0, last - windowSec), Math.max(windowSec, last)];
  return (
    <div className="chart" data-testid="realtime-chart" data-points={history.length}>
      {history.length === 0 ? (
        <EmptyChart>The chart fills as frames arrive.</EmptyChart>
      ) : (
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
            <CartesianGrid stroke={GRID_STROKE} vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              domain={domain}
              allowDataOverflow
              tick={AXIS_TICK}
              axisLine={AXIS_LINE}
              tickLine={false}
              tickFormatter={(t: number) => `${Math.round(t)} s`}
            />
            <YAxis
              domain={[0, 1]}
              ticks={[0, 0.5, 1]}
              tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
              tick={AXIS_TICK}
              axisLine={false}
              tickLine={false}
              width={40}
            />
            <Tooltip {...TOOLTIP_STYLE} labelFormatter={(t) => `${Number(t).toFixed(1)} s`} formatter={(v) => formatPercent(Number(v))} />
            {classes.map((c, rank) => (
              <Line key={c} {...classLineProps(c, labels, colors)} strokeWidth={rank === 0 ? 2.5 : 1.5} connectNulls />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
      <ClassLegend classes={classes} labels={labels} colors={colors} />
    </div>
  );
}
