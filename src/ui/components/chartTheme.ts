// Shared look of the recharts charts: axis text, grid and tooltip styles in one place.
import { shortLabel } from '../format';
import { colorOf } from '../palette';

export const AXIS_TICK = { fontSize: 11, fill: '#5b6573' } as const;
export const AXIS_LINE = { stroke: '#c9d0d8' } as const;
export const GRID_STROKE = '#e8ecf0';
export const FOCUS_STROKE = '#1f2933';
/** A probability Y axis, 0 to 100 %: spread it on <YAxis> (ProbabilityChart, ReliabilityDiagram). */
export const PROBABILITY_Y_AXIS = {
  domain: [0, 1] as [number, number],
  ticks: [0, 0.25, 0.5, 0.75, 1],
  tickFormatter: (v: number): string => `${Math.round(v * 100)}%`,
  tick: AXIS_TICK,
  axisLine: false,
  tickLine: false,
  width: 40,
};
export const TOOLTIP_STYLE = {
  contentStyle: {
    fontSize: 12,
    borderRadius: 6,
    border: '1px solid #d5dbe1',
    boxShadow: '0 4px 14px rgba(15, 23, 42, 0.12)',
    padding: '6px 10px',
  },
  labelStyle: { fontWeight: 600, color: '#1f2933', marginBottom: 2 },
  itemStyle: { padding: 0 },
} as const;

/** A class's probability line, to spread on <Line>: the rows' `c<class>` column in the class's colour, without dots or animation. */
export function classLineProps(classIndex: number, labels: readonly string[], colors: ReadonlyMap<number, string>) {
  return {
    type: 'monotone',
    dataKey: `c${classIndex}`,
    name: shortLabel(labels[classIndex] ?? `class ${classIndex}`),
    stroke: colorOf(colors, classIndex),
    dot: false,
    isAnimationActive: false,
  } as const;
}

/** A chart click's active index, if any (recharts reports it as a number or a string). */
export function clickedIndex(state: { activeTooltipIndex?: unknown } | null | undefined): number | null {
  const raw = state?.activeTooltipIndex;
  if (raw === undefined || raw === null || raw === '') return null;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : null;
}
