import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ConfidenceQuality } from '../../../pipeline/metrics';
import { reliabilityRows, type ReliabilityRow } from '../../chartData';
import { formatPercent } from '../../format';
import { AXIS_LINE, AXIS_TICK, GRID_STROKE, PROBABILITY_Y_AXIS, TOOLTIP_STYLE } from '../chartTheme';

interface ReliabilityDiagramProps {
  headId: string;
  quality: ConfidenceQuality;
}

const finite = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : '–');

/**
 * Does the confidence mean what it says? Per confidence bin, the share of answers that were right
 * (bars) against the bin's confidence (the dashed diagonal: perfect calibration); with ECE and the
 * AUROC of confidence for correctness, from the evaluated in-scope clips.
 */
export function ReliabilityDiagram({ headId, quality }: ReliabilityDiagramProps) {
  const rows = reliabilityRows(quality.reliability);
  return (
    <div className="chart" data-testid="eval-reliability" data-head={headId} data-ece={quality.ece} data-auroc={quality.confidenceAuroc} data-n={quality.n}>
      <div className="eval-summary">
        <div>
          <p className="muted">ECE ({quality.reliability.bins.length} bins)</p>
          <p className="eval-big" data-testid="eval-ece">
            {finite(quality.ece)}
          </p>
        </div>
        <div>
          <p className="muted">AUROC of confidence for correctness</p>
          <p className="eval-big" data-testid="eval-confidence-auroc">
            {finite(quality.confidenceAuroc)}
          </p>
        </div>
        <div>
          <p className="muted">In-scope clips</p>
          <p className="eval-big">{quality.n}</p>
        </div>
      </div>
      {quality.n > 0 ? (
        <ResponsiveContainer width="100%" height={220}>
          <ComposedChart data={rows} margin={{ top: 8, right: 12, bottom: 4, left: 0 }} barCategoryGap={1}>
            <CartesianGrid stroke={GRID_STROKE} vertical={false} />
            <XAxis dataKey="range" tick={AXIS_TICK} axisLine={AXIS_LINE} tickLine={false} interval={2} />
            <YAxis {...PROBABILITY_Y_AXIS} />
            <Tooltip
              {...TOOLTIP_STYLE}
              labelFormatter={(_, payload) => {
                const row = payload?.[0]?.payload as ReliabilityRow | undefined;
                return row ? `Confidence ${row.range}: ${row.count} clip(s)` : '';
              }}
              formatter={(value, name) => [value === null || value === undefined ? '–' : formatPercent(Number(value)), name]}
            />
            <Bar dataKey="accuracy" name="right" fill="#2b5fa8" isAnimationActive={false} />
            <Line dataKey="confidence" name="mean confidence" stroke="#b54708" strokeWidth={0} dot={{ r: 3 }} isAnimationActive={false} />
            <Line dataKey="ideal" name="perfectly calibrated" stroke="#5b6573" strokeDasharray="4 3" dot={false} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      ) : (
        <p className="muted">No in-scope clip has finished yet.</p>
      )}
    </div>
  );
}
