import { useEffect, useRef } from 'react';
import { formatPercent, shortLabel } from '../../format';

interface RealtimeVideoProps {
  /** The controller's video element (it owns the stream); mounted here, never re-created. */
  video: HTMLVideoElement;
  label: string | null;
  confidence: number;
  /** Below the head's calibrated level: shown as a guess. */
  unsure: boolean;
  live: boolean;
}

/** The stream with the live label and its smoothed confidence over it. */
export function RealtimeVideo({ video, label, confidence, unsure, live }: RealtimeVideoProps) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    el.appendChild(video);
    return () => {
      if (video.parentElement === el) el.removeChild(video);
    };
  }, [video]);
  return (
    <div className="realtime__stage">
      <div ref={host} className="realtime__media" />
      {!live ? <p className="realtime__placeholder muted">Start the camera or play a video file.</p> : null}
      <div className="realtime__overlay" aria-live="polite">
        <span className="realtime__label" data-testid="realtime-label" title={label ?? undefined}>
          {label ? shortLabel(label) : '–'}
        </span>
        <span className="realtime__confidence" data-testid="realtime-confidence" data-value={confidence} data-unsure={unsure}>
          {label ? (unsure ? `unsure (${formatPercent(confidence, 0)})` : formatPercent(confidence)) : ''}
        </span>
      </div>
    </div>
  );
}
