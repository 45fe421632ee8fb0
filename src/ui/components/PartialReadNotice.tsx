import { isPartial, readFraction, type ClipMetadata } from '../../pipeline/probe';
import { formatTime } from '../format';

/** Says so when only part of the clip could be read: the answer then describes that part. */
export function PartialReadNotice({ metadata }: { metadata: ClipMetadata }) {
  if (!isPartial(metadata) || metadata.declaredDurationSec === null) return null;
  return (
    <p className="notice notice--warning" role="status" data-testid="partial-read">
      Only the first <strong>{formatTime(metadata.durationSec)}</strong> of the {formatTime(metadata.declaredDurationSec)} this file
      declares could be read ({Math.round(readFraction(metadata) * 100)} %): it looks cut short or damaged. The answer is based on
      that part.
    </p>
  );
}
