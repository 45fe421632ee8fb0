import { useRef, useState, type DragEvent } from 'react';

interface DropZoneProps {
  /** A smaller bar once a clip is shown. */
  compact: boolean;
  onFile: (file: File) => void;
}

const ACCEPT = 'video/*,image/gif';

/** Drop a clip here or pick one; only the first file is used. */
export function DropZone({ compact, onFile }: DropZoneProps) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const depth = useRef(0); // dragenter/leave fire for children too

  const take = (files: FileList | null): void => {
    const file = files?.[0];
    if (file) onFile(file);
  };
  const onDragEnter = (e: DragEvent): void => {
    e.preventDefault();
    depth.current += 1;
    setOver(true);
  };
  const onDragLeave = (): void => {
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setOver(false);
  };
  const onDrop = (e: DragEvent): void => {
    e.preventDefault();
    depth.current = 0;
    setOver(false);
    take(e.dataTransfer.files);
  };

  return (
    <div
      className={`drop-zone${compact ? ' drop-zone--compact' : ''}${over ? ' drop-zone--over' : ''}`}
      data-testid="drop-zone"
      data-drag-over={over || undefined}
      onDragEnter={onDragEnter}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      <svg className="drop-zone__icon" viewBox="0 0 24 24" aria-hidden="true">
        <path
          d="M12 15V4m0 0-4 4m4-4 4 4M5 14v3a3 3 0 0 0 3 3h8a3 3 0 0 0 3-3v-3"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      <div className="drop-zone__text">
        <p className="drop-zone__title">{over ? 'Drop to classify' : compact ? 'Drop another clip' : 'Drop a video clip here'}</p>
        {compact ? null : (
          <p className="drop-zone__hint">MP4, WebM, AVI, MOV or GIF. It is decoded and classified on this device; nothing is uploaded.</p>
        )}
      </div>
      <button type="button" className="button button--primary" onClick={() => input.current?.click()}>
        Choose a file…
      </button>
      <input
        ref={input}
        className="visually-hidden"
        type="file"
        accept={ACCEPT}
        data-testid="file-input"
        aria-label="Choose a video file"
        tabIndex={-1}
        onChange={(e) => {
          take(e.currentTarget.files);
          e.currentTarget.value = ''; // choosing the same file again still fires change
        }}
      />
    </div>
  );
}
