import { useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { FrameRecord } from '../../store/types';
import { formatTime } from '../format';
import { chooseDimensions, heatmapCells, type HeatmapScale } from '../heatmap';
import { viridis, viridisGradient } from '../palette';

export type HeatmapExtent = 'top' | 'all';

interface FeatureHeatmapProps {
  frames: readonly FrameRecord[];
  extent: HeatmapExtent;
  scale: HeatmapScale;
  /** How many dimensions "top" shows. */
  topCount: number;
  focusIndex: number | null;
  onSelect: (frame: number) => void;
}

interface Hover {
  row: number;
  col: number;
  left: number;
  top: number;
}

/**
 * Frames × feature dimensions. One canvas pixel per cell, stretched by CSS with crisp edges,
 * so even all 1280 dimensions draw in a few milliseconds.
 */
export function FeatureHeatmap({ frames, extent, scale, topCount, focusIndex, onSelect }: FeatureHeatmapProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const rows = useMemo(() => frames.map((f) => f.features), [frames]);
  const dims = useMemo(
    () => chooseDimensions(rows, extent === 'top' ? 'variance' : 'index', extent === 'top' ? topCount : Infinity),
    [rows, extent, topCount],
  );
  const cells = useMemo(() => heatmapCells(rows, dims, scale), [rows, dims, scale]);

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx || cells.cols === 0 || cells.rows === 0) return;
    el.width = cells.cols;
    el.height = cells.rows;
    const image = ctx.createImageData(cells.cols, cells.rows);
    for (let i = 0; i < cells.values.length; i++) {
      const [r, g, b] = viridis(cells.values[i]!);
      image.data[i * 4] = r;
      image.data[i * 4 + 1] = g;
      image.data[i * 4 + 2] = b;
      image.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
  }, [cells]);

  const cellAt = (e: MouseEvent<HTMLCanvasElement>): Hover | null => {
    const box = e.currentTarget.getBoundingClientRect();
    const col = Math.floor(((e.clientX - box.left) / box.width) * cells.cols);
    const row = Math.floor(((e.clientY - box.top) / box.height) * cells.rows);
    if (row < 0 || row >= cells.rows || col < 0 || col >= cells.cols) return null;
    return { row, col, left: e.clientX - box.left, top: e.clientY - box.top };
  };

  const hovered = hover ? { frame: frames[hover.row], dim: dims[hover.col] } : null;
  const rowHeight = 100 / Math.max(1, cells.rows);
  return (
    <div className="heatmap" data-testid="feature-heatmap" data-columns={cells.cols} data-rows={cells.rows}>
      <div className="heatmap__grid">
        <ol className="heatmap__rows" aria-hidden="true">
          {frames.map((f, i) => (
            <li key={f.index} className={focusIndex === i ? 'is-focus' : undefined}>
              {formatTime(f.timeSec)}
            </li>
          ))}
        </ol>
        <div className="heatmap__plot">
          <canvas
            ref={canvas}
            className="heatmap__canvas"
            role="img"
            aria-label={`Heatmap of ${cells.rows} frames by ${cells.cols} feature dimensions`}
            onMouseMove={(e) => setHover(cellAt(e))}
            onMouseLeave={() => setHover(null)}
            onClick={(e) => {
              const cell = cellAt(e);
              if (cell) onSelect(cell.row);
            }}
          />
          {focusIndex !== null && focusIndex < cells.rows ? (
            <div className="heatmap__focus" style={{ top: `${focusIndex * rowHeight}%`, height: `${rowHeight}%` }} />
          ) : null}
          {hover && hovered?.frame && hovered.dim !== undefined ? (
            <div className="chart-tooltip heatmap__tooltip" style={{ left: hover.left, top: hover.top }}>
              <strong>
                Frame {hovered.frame.index + 1} · dim {hovered.dim}
              </strong>
              <span>value {hovered.frame.features[hovered.dim]?.toFixed(3)}</span>
            </div>
          ) : null}
        </div>
      </div>
      <div className="legend legend--row">
        <span className="ramp-legend">
          {scale === 'global' ? cells.min.toFixed(2) : 'each dimension: low'}
          <span className="ramp-legend__bar" style={{ background: viridisGradient() }} />
          {scale === 'global' ? cells.max.toFixed(2) : 'high'}
        </span>
        <span className="muted">
          {extent === 'top'
            ? `the ${cells.cols} of ${rows[0]?.length ?? 0} dimensions that vary most, ordered by when they peak`
            : `all ${cells.cols} dimensions in index order`}
        </span>
      </div>
    </div>
  );
}
