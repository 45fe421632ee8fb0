import { useRef } from 'react';
import type { RealtimeStatus } from '../../../features/realtime/store';

interface RealtimeControlsProps {
  status: RealtimeStatus;
  onStartCamera: () => void;
  onPlayFile: (file: File) => void;
  onStop: () => void;
  onReset: () => void;
}

/** Start the camera or a file, stop (releases the camera), reset (forgets the head's state). */
export function RealtimeControls({ status, onStartCamera, onPlayFile, onStop, onReset }: RealtimeControlsProps) {
  const input = useRef<HTMLInputElement>(null);
  const active = status === 'starting' || status === 'running';
  return (
    <div className="realtime__controls">
      <button type="button" className="button button--primary" data-testid="realtime-start" onClick={onStartCamera} disabled={active}>
        Start camera
      </button>
      <button type="button" className="button" onClick={() => input.current?.click()} disabled={active}>
        Play a video file…
      </button>
      <input
        ref={input}
        type="file"
        accept="video/*"
        className="visually-hidden"
        data-testid="realtime-file-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onPlayFile(file);
        }}
      />
      <button type="button" className="button" data-testid="realtime-stop" onClick={onStop} disabled={!active}>
        Stop
      </button>
      <button type="button" className="button button--ghost" data-testid="realtime-reset" onClick={onReset} disabled={status !== 'running'}>
        Reset
      </button>
      <span className="realtime__status muted" data-testid="realtime-status" data-status={status}>
        {STATUS_TEXT[status]}
      </span>
    </div>
  );
}

const STATUS_TEXT: Record<RealtimeStatus, string> = {
  idle: 'Stopped',
  starting: 'Starting…',
  running: 'Live',
  stopping: 'Stopping…',
  error: 'Stopped (error)',
};
