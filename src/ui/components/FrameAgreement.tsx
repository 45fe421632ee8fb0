import type { FrameTop } from '../chartData';
import { formatPercent, shortLabel } from '../format';
import { colorOf } from '../palette';

interface FrameAgreementProps {
  tops: readonly (FrameTop | null)[];
  classIndex: number;
  colors: ReadonlyMap<number, string>;
  focusIndex: number | null;
  onSelect: (frame: number) => void;
}

/** One tick per frame, coloured by that frame's top class: how much of the clip backs the answer. */
export function FrameAgreement({ tops, classIndex, colors, focusIndex, onSelect }: FrameAgreementProps) {
  const known = tops.filter((t): t is FrameTop => t !== null);
  if (known.length === 0) return null;
  const agree = known.filter((t) => t.classIndex === classIndex).length;
  return (
    <div className="agreement">
      <p className="agreement__text">
        <strong>
          {agree} of {known.length}
        </strong>{' '}
        frames agree
      </p>
      <ol className="agreement__ticks" aria-label="Top class of each frame">
        {tops.map((t, i) => (
          <li key={i}>
            <button
              type="button"
              className={`agreement__tick${focusIndex === i ? ' is-focus' : ''}${t && t.classIndex !== classIndex ? ' is-other' : ''}`}
              style={{ background: t ? colorOf(colors, t.classIndex) : undefined }}
              title={t ? `Frame ${i + 1}: ${shortLabel(t.label)} ${formatPercent(t.probability)}` : `Frame ${i + 1}`}
              aria-label={t ? `Frame ${i + 1}: ${t.label}` : `Frame ${i + 1}`}
              onClick={() => onSelect(i)}
            />
          </li>
        ))}
      </ol>
    </div>
  );
}
