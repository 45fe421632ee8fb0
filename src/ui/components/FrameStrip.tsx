import type { CSSProperties, KeyboardEvent } from 'react';
import type { FrameRecord } from '../../store/types';
import type { FrameTop } from '../chartData';
import { formatPercent, formatTime, shortLabel } from '../format';
import { colorOf } from '../palette';

interface FrameStripProps {
  frames: readonly FrameRecord[];
  tops: readonly (FrameTop | null)[];
  /** How many frames the clip will have (placeholders fill the rest while running). */
  expected: number;
  focusIndex: number | null;
  colors: ReadonlyMap<number, string>;
  onSelect: (index: number) => void;
}

/** The sampled frames in time order, each with the prediction after it; click to seek. */
export function FrameStrip({ frames, tops, expected, focusIndex, colors, onSelect }: FrameStripProps) {
  const placeholders = Math.max(0, expected - frames.length);
  // Two even rows for long clips (16 frames → 8 + 8), so every label has room.
  const total = Math.max(expected, frames.length);
  const columns = total <= 8 ? Math.max(total, 4) : Math.ceil(total / 2);
  // Arrow keys step through frames (and seek), like scrubbing.
  const onKeyDown = (e: KeyboardEvent<HTMLOListElement>): void => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0 || frames.length === 0) return;
    e.preventDefault();
    const next = Math.min(frames.length - 1, Math.max(0, (focusIndex ?? -step) + step));
    onSelect(next);
    e.currentTarget.querySelectorAll<HTMLButtonElement>('button.frame')[next]?.focus();
  };
  return (
    <ol
      className="frame-strip"
      data-testid="frame-strip"
      aria-label="Sampled frames (arrow keys step through them)"
      onKeyDown={onKeyDown}
      style={{ '--columns': columns } as CSSProperties}
    >
      {frames.map((f, i) => {
        const top = tops[i] ?? null;
        const selected = focusIndex === i;
        return (
          <li key={f.index}>
            <button
              type="button"
              className={`frame${selected ? ' frame--focus' : ''}`}
              aria-pressed={selected}
              aria-label={`Frame ${f.index + 1} at ${formatTime(f.timeSec)}${top ? `: ${top.label}, ${formatPercent(top.probability)}` : ''}`}
              onClick={() => onSelect(i)}
            >
              <img className="frame__img" src={f.thumbnailUrl} alt="" loading="lazy" />
              <span className="frame__time">
                <span>{formatTime(f.timeSec)}</span>
                {top ? <span>{formatPercent(top.probability, 0)}</span> : null}
              </span>
              {top ? (
                <span className="frame__label" title={`${top.label} ${formatPercent(top.probability)}`}>
                  <span className="swatch swatch--sm" style={{ background: colorOf(colors, top.classIndex) }} />
                  <span className="frame__label-text">{shortLabel(top.label)}</span>
                </span>
              ) : (
                <span className="frame__label muted">…</span>
              )}
            </button>
          </li>
        );
      })}
      {Array.from({ length: placeholders }, (_, i) => (
        <li key={`pending-${i}`} aria-hidden="true">
          <span className="frame frame--pending" />
        </li>
      ))}
    </ol>
  );
}
