import type { ModerationFrame } from '../../../features/moderation/store';
import type { Segment } from '../../../features/moderation/segments';
import { formatTime } from '../../format';

interface FlaggedThumbsProps {
  flagged: ReadonlyArray<{ frame: ModerationFrame; segment: Segment }>;
  revealed: Readonly<Record<number, true>>;
  onReveal: (frameIndex: number) => void;
}

/**
 * The peak frame of each flagged segment, blurred until the reviewer clicks it. Revealing is per
 * thumbnail and never automatic.
 */
export function FlaggedThumbs({ flagged, revealed, onReveal }: FlaggedThumbsProps) {
  if (flagged.length === 0) return <p className="muted">No flagged frames.</p>;
  return (
    <ul className="moderation-thumbs">
      {flagged.map(({ frame, segment }) => {
        const shown = revealed[frame.index] === true;
        const caption = `${segment.category} ${segment.peakScore.toFixed(2)} at ${formatTime(frame.timeSec)}`;
        return (
          <li key={frame.index} className="moderation-thumb" data-testid="moderation-thumb" data-revealed={String(shown)} data-frame={frame.index}>
            <button
              type="button"
              className="moderation-thumb__button"
              onClick={() => onReveal(frame.index)}
              disabled={shown}
              aria-label={shown ? caption : `Reveal the frame at ${formatTime(frame.timeSec)} (${caption})`}
            >
              {frame.thumbnailUrl ? (
                <img
                  src={frame.thumbnailUrl}
                  alt={shown ? `Frame at ${formatTime(frame.timeSec)}` : ''}
                  className={shown ? 'moderation-thumb__img' : 'moderation-thumb__img moderation-thumb__img--blurred'}
                  draggable={false}
                />
              ) : (
                <span className="moderation-thumb__img moderation-thumb__img--pending" />
              )}
              {shown ? null : <span className="moderation-thumb__hint">Click to reveal</span>}
            </button>
            <span className="moderation-thumb__caption">{caption}</span>
          </li>
        );
      })}
    </ul>
  );
}
