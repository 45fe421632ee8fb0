import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SeriesRow } from '../chartData';
import { formatPercent, formatTime } from '../format';
import { AXIS_LINE, AXIS_TICK, classLineProps, clickedIndex, FOCUS_STROKE, GRID_STROKE, PROBABILITY_Y_AXIS, TOOLTIP_STYLE } from './chartTheme';
import { ClassLegend } from './ClassLegend';

interface ProbabilityChartProps {
  series: readonly SeriesRow[];
  /** Class indices with a line, most likely first. */
  classes: readonly number[];
  labels: readonly string[];
  colors: ReadonlyMap<number, string>;
  focusIndex: number | null;
  onSelect: (frame: number) => void;
}

/** Each class's probability after every frame: how the causal head's belief evolves. */
export function ProbabilityChart({ series, classes, labels, colors, focusIndex, onSelect }: ProbabilityChartProps) {
  return (
    <div className="chart" data-testid="prob-chart">
      <ResponsiveContainer width="100%" height={240}>
        <LineChart
          data={series as SeriesRow[]}
          margin={{ top: 8, right: 12, bottom: 4, left: 0 }}
          onClick={(state) => {
            const i = clickedIndex(state);
            if (i !== null) onSelect(i);
          }}
        >
          <CartesianGrid stroke={GRID_STROKE} vertical={false} />
          <XAxis
            dataKey="frame"
            tick={AXIS_TICK}
            axisLine={AXIS_LINE}
            tickLine={false}
            tickFormatter={(f: number) => String(f + 1)}
            label={{ value: 'frame', position: 'insideBottomRight', offset: -2, fontSize: 11, fill: '#5b6573' }}
          />
          <YAxis {...PROBABILITY_Y_AXIS} />
          <Tooltip
            {...TOOLTIP_STYLE}
            itemSorter={(item) => -(Number(item.value) || 0)}
            labelFormatter={(_, payload) => {
              const row = payload?.[0]?.payload as SeriesRow | undefined;
              return row ? `After frame ${row.frame + 1} (${formatTime(row.time)})` : '';
            }}
            formatter={(value) => formatPercent(Number(value))}
          />
          {focusIndex !== null ? <ReferenceLine x={focusIndex} stroke={FOCUS_STROKE} strokeDasharray="3 3" /> : null}
          {classes.map((c, rank) => (
            <Line key={c} {...classLineProps(c, labels, colors)} strokeWidth={rank === 0 ? 2.5 : 1.6} activeDot={{ r: 4 }} />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <ClassLegend classes={classes} labels={labels} colors={colors} />
    </div>
  );
}
