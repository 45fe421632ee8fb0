import { useState, type Ref } from 'react';
import type { FrameRecord } from '../../store/types';
import { formatTime } from '../format';

interface VideoPreviewProps {
  ref: Ref<HTMLVideoElement>;
  videoUrl: string | null;
  fileName: string;
  /** The highlighted frame, shown in place of the video when the browser cannot play the file. */
  focusFrame: FrameRecord | null;
  onTime: (timeSec: number) => void;
}

/**
 * The dropped clip itself. Browsers play fewer formats than ffmpeg decodes (AVI, for one),
 * so when the <video> cannot play it the highlighted sampled frame stands in.
 */
export function VideoPreview({ ref, videoUrl, fileName, focusFrame, onTime }: VideoPreviewProps) {
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  const unplayable = videoUrl !== null && failedUrl === videoUrl;
  return (
    <figure className="preview">
      {videoUrl && !unplayable ? (
        <video
          ref={ref}
          key={videoUrl}
          className="preview__media"
          src={videoUrl}
          controls
          muted
          playsInline
          preload="metadata"
          onTimeUpdate={(e) => onTime(e.currentTarget.currentTime)}
          onSeeked={(e) => onTime(e.currentTarget.currentTime)}
          onError={() => setFailedUrl(videoUrl)}
        />
      ) : focusFrame ? (
        <img className="preview__media preview__media--frame" src={focusFrame.thumbnailUrl} alt={`Frame ${focusFrame.index + 1} of the clip`} />
      ) : (
        <div className="preview__media preview__placeholder" />
      )}
      <figcaption className="preview__caption">
        <span className="preview__name" title={fileName}>
          {fileName}
        </span>
        {unplayable ? (
          <span className="muted">
            This browser can't play the format; showing the model's frame{focusFrame ? ` at ${formatTime(focusFrame.timeSec)}` : ''}.
          </span>
        ) : null}
      </figcaption>
    </figure>
  );
}
