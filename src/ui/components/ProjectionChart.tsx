import { CartesianGrid, Cell, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { Projection } from '../../pipeline/projection';
import type { FrameRecord } from '../../store/types';
import type { FrameTop } from '../chartData';
import { formatPercent, formatTime, shortLabel } from '../format';
import { colorOf, timeColor, timeGradient } from '../palette';
import { AXIS_LINE, AXIS_TICK, GRID_STROKE, TOOLTIP_STYLE } from './chartTheme';

export type ProjectionColoring = 'time' | 'class';

const PC_AXIS = { type: 'number', tick: false, axisLine: AXIS_LINE, tickLine: false, domain: ['auto', 'auto'] } as const;

interface ProjectionChartProps {
  projection: Projection;
  frames: readonly FrameRecord[];
  tops: readonly (FrameTop | null)[];
  coloring: ProjectionColoring;
  colors: ReadonlyMap<number, string>;
  focusIndex: number | null;
  onSelect: (frame: number) => void;
}

interface Point {
  x: number;
  y: number;
  frame: number;
  time: number;
  label: string;
  probability: number | null;
  fill: string;
}

/** Frames as points on the first two principal axes of their features, joined in time order. */
export function ProjectionChart({ projection, frames, tops, coloring, colors, focusIndex, onSelect }: ProjectionChartProps) {
  const last = Math.max(1, projection.points.length - 1);
  const points: Point[] = projection.points.map((p) => {
    const top = tops[p.index] ?? null;
    return {
      x: p.x,
      y: p.y,
      frame: p.index,
      time: frames[p.index]?.timeSec ?? 0,
      label: top ? shortLabel(top.label) : '—',
      probability: top?.probability ?? null,
      fill: coloring === 'time' || !top ? timeColor(p.index / last) : colorOf(colors, top.classIndex),
    };
  });
  const focus = focusIndex !== null ? points.filter((p) => p.frame === focusIndex) : [];
  const [e1, e2] = projection.explained;
  const select = (entry: unknown): void => {
    const frame = (entry as { payload?: Point } | undefined)?.payload?.frame;
    if (typeof frame === 'number') onSelect(frame);
  };
  return (
    <div className="chart" data-testid="projection-chart">
      <ResponsiveContainer width="100%" height={240}>
        <ScatterChart margin={{ top: 8, right: 12, bottom: 14, left: 0 }}>
          <CartesianGrid stroke={GRID_STROKE} />
          {/* PCA coordinates have no units worth reading: axes carry only the share of variance. */}
          <XAxis
            {...PC_AXIS}
            dataKey="x"
            label={{ value: `PC1 · ${formatPercent(e1, 0)} of variance`, position: 'insideBottom', offset: -8, ...AXIS_TICK }}
          />
          <YAxis
            {...PC_AXIS}
            dataKey="y"
            width={24}
            label={{ value: `PC2 · ${formatPercent(e2, 0)}`, angle: -90, position: 'insideLeft', offset: 14, ...AXIS_TICK }}
          />
          <Tooltip {...TOOLTIP_STYLE} cursor={{ strokeDasharray: '3 3' }} content={<PointTooltip />} />
          <Scatter
            data={points}
            line={{ stroke: '#b8c1cb', strokeWidth: 1.2 }}
            lineJointType="linear"
            isAnimationActive={false}
            onClick={select}
            cursor="pointer"
          >
            {points.map((p) => (
              <Cell key={p.frame} fill={p.fill} stroke="#fff" strokeWidth={1} />
            ))}
          </Scatter>
          {focus.length > 0 ? (
            <Scatter data={focus} isAnimationActive={false} shape={<FocusRing />} onClick={select} />
          ) : null}
        </ScatterChart>
      </ResponsiveContainer>
      <div className="legend legend--row">
        {coloring === 'time' ? (
          <span className="ramp-legend">
            first frame <span className="ramp-legend__bar" style={{ background: timeGradient() }} /> last frame
          </span>
        ) : (
          <span className="muted">colour: top class after each frame</span>
        )}
        <span className="muted">line joins frames in time order</span>
      </div>
    </div>
  );
}

function FocusRing(props: { cx?: number; cy?: number }) {
  if (props.cx === undefined || props.cy === undefined) return null;
  return <circle cx={props.cx} cy={props.cy} r={9} fill="none" stroke="#1f2933" strokeWidth={2} />;
}

function PointTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: Point }[] }) {
  const p = active ? payload?.[0]?.payload : undefined;
  if (!p) return null;
  return (
    <div className="chart-tooltip">
      <strong>
        Frame {p.frame + 1} · {formatTime(p.time)}
      </strong>
      <span>
        {p.label}
        {p.probability !== null ? ` ${formatPercent(p.probability)}` : ''}
      </span>
    </div>
  );
}
