import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CurvePoint } from '../../../features/teach/store';
import { AXIS_LINE, AXIS_TICK, GRID_STROKE, TOOLTIP_STYLE } from '../chartTheme';
import { EmptyChart } from '../Panel';

/** Loss (left axis) and training accuracy (right axis, 0–100 %) per epoch of the running training. */
export function TrainingCurve({ curve }: { curve: readonly CurvePoint[] }) {
  return (
    <div className="chart" data-testid="teach-curve" data-points={curve.length}>
      {curve.length === 0 ? (
        <EmptyChart>The curve draws itself as the head trains.</EmptyChart>
      ) : (
        <ResponsiveContainer width="100%" height={200}>
          <LineChart data={curve as CurvePoint[]} margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
            <CartesianGrid stroke={GRID_STROKE} vertical={false} />
            <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} tick={AXIS_TICK} axisLine={AXIS_LINE} tickLine={false} />
            <YAxis yAxisId="loss" tick={AXIS_TICK} axisLine={false} tickLine={false} width={40} tickFormatter={(v: number) => v.toFixed(1)} />
            <YAxis yAxisId="acc" orientation="right" domain={[0, 1]} ticks={[0, 0.5, 1]} tick={AXIS_TICK} axisLine={false} tickLine={false} width={40} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} />
            <Tooltip {...TOOLTIP_STYLE} labelFormatter={(e) => `epoch ${e}`} formatter={(v, name) => (name === 'accuracy' ? `${(Number(v) * 100).toFixed(0)} %` : Number(v).toFixed(3))} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line yAxisId="loss" type="monotone" dataKey="loss" name="loss" stroke="#d9480f" strokeWidth={2} dot={false} isAnimationActive={false} />
            <Line yAxisId="acc" type="monotone" dataKey="accuracy" name="accuracy" stroke="#1c7ed6" strokeWidth={2} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
