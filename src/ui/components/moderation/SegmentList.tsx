import type { Segment } from '../../../features/moderation/segments';
import { formatTime } from '../../format';
import { categoryColor } from './colors';

interface SegmentListProps {
  labels: readonly string[];
  segments: readonly Segment[];
}

/** The flagged segments: when, which category, how long, and the highest score in each. */
export function SegmentList({ labels, segments }: SegmentListProps) {
  return (
    <div data-testid="moderation-segments" data-count={segments.length}>
      {segments.length === 0 ? (
        <p className="muted">No segment is above its threshold (after smoothing).</p>
      ) : (
        <table className="moderation-segments">
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Length</th>
              <th scope="col">Peak</th>
            </tr>
          </thead>
          <tbody>
            {segments.map((s) => (
              <tr
                key={`${s.category}-${s.startSec}`}
                data-testid="moderation-segment"
                data-category={s.category}
                data-start={s.startSec}
                data-end={s.endSec}
                data-peak={s.peakScore.toFixed(4)}
              >
                <td>
                  <span className="moderation-swatch" style={{ background: categoryColor(labels, s.category) }} aria-hidden="true" />
                  {s.category}
                </td>
                <td>{formatTime(s.startSec)}</td>
                <td>{formatTime(s.endSec)}</td>
                <td>{(s.endSec - s.startSec).toFixed(1)} s</td>
                <td>{s.peakScore.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
