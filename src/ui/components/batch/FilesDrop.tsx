import { useRef, useState, type DragEvent, type InputHTMLAttributes } from 'react';
import { entriesOfDrop, isVideoName, pickedFromEntries, pickedFromFiles } from '../../../features/files/picked';
import type { KeepName, PickedFile } from '../../../features/files/picked';

interface FilesDropProps {
  title: string;
  hint: string;
  /** Offer "Choose files…" (multiple) besides "Choose a folder…". */
  allowFiles: boolean;
  onFiles: (files: PickedFile[]) => void;
  filesTestId?: string;
  folderTestId?: string;
  disabled?: boolean;
  /** Which files found inside folders are kept (videos by default). */
  keep?: KeepName;
  /** What "Choose files…" offers (videos by default), and in words. */
  accept?: string;
  filesButton?: string;
  /** What the picked files are, for the inputs' labels ("video files"). */
  kind?: string;
}

// React's typings do not know the non-standard folder-picking attribute.
const FOLDER_INPUT = { webkitdirectory: '' } as InputHTMLAttributes<HTMLInputElement>;

/** Drop files or whole folders here, or pick them; folders are walked for videos. */
export function FilesDrop({
  title,
  hint,
  allowFiles,
  onFiles,
  filesTestId,
  folderTestId,
  disabled,
  keep = isVideoName,
  accept = 'video/*,image/gif',
  filesButton = 'Choose files…',
  kind = 'videos',
}: FilesDropProps) {
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [reading, setReading] = useState(false);
  const depth = useRef(0);

  const onDrop = (e: DragEvent): void => {
    e.preventDefault();
    depth.current = 0;
    setOver(false);
    if (disabled) return;
    const entries = entriesOfDrop(e.dataTransfer); // must be read before the handler returns
    setReading(true);
    pickedFromEntries(entries, keep)
      .then((files) => onFiles(allowFiles ? files : files.filter((f) => f.path.includes('/'))))
      .catch(() => onFiles([])) // an unreadable folder: nothing to add
      .finally(() => setReading(false));
  };

  return (
    <div
      className={`drop-zone drop-zone--compact files-drop${over ? ' drop-zone--over' : ''}`}
      data-drag-over={over || undefined}
      onDragEnter={(e) => {
        e.preventDefault();
        depth.current += 1;
        setOver(true);
      }}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={onDrop}
    >
      <div className="drop-zone__text">
        <p className="drop-zone__title">{over ? 'Drop to add' : reading ? 'Reading the folder…' : title}</p>
        <p className="drop-zone__hint">{hint}</p>
      </div>
      {allowFiles ? (
        <button type="button" className="button" disabled={disabled} onClick={() => filesInput.current?.click()}>
          {filesButton}
        </button>
      ) : null}
      <button type="button" className="button button--primary" disabled={disabled} onClick={() => folderInput.current?.click()}>
        Choose a folder…
      </button>
      {allowFiles ? (
        <input
          ref={filesInput}
          className="visually-hidden"
          type="file"
          multiple
          accept={accept}
          data-testid={filesTestId}
          aria-label={`Choose ${kind}`}
          tabIndex={-1}
          onChange={(e) => {
            onFiles(pickedFromFiles(Array.from(e.currentTarget.files ?? []), keep));
            e.currentTarget.value = '';
          }}
        />
      ) : null}
      <input
        ref={folderInput}
        className="visually-hidden"
        type="file"
        {...FOLDER_INPUT}
        data-testid={folderTestId}
        aria-label={`Choose a folder of ${kind}`}
        tabIndex={-1}
        onChange={(e) => {
          onFiles(pickedFromFiles(Array.from(e.currentTarget.files ?? []), keep));
          e.currentTarget.value = '';
        }}
      />
    </div>
  );
}
