import type { TeachClass, TeachClipRow } from '../../../features/teach/store';
import type { PickedFile } from '../../../features/files/picked';
import { errorText } from '../../errorText';
import { FilesDrop } from '../batch/FilesDrop';

interface TeachClassCardProps {
  cls: TeachClass;
  clips: readonly TeachClipRow[];
  views: number;
  disabled: boolean;
  onRename: (name: string) => void;
  onRemove: () => void;
  onFiles: (files: PickedFile[]) => void;
  onRemoveClip: (clipId: number) => void;
  onGroup: (clipId: number, group: string) => void;
  /** Offered where the browser can record: a few seconds from the webcam become a clip. */
  onRecord?: () => void;
  /** This class's recording is running (its Stop button ends it early). */
  recording: boolean;
  onStopRecording: () => void;
}

const STATUS_WORDS: Record<TeachClipRow['status'], string> = { new: 'to read', extracting: 'reading', ready: 'ready', failed: 'unreadable' };

/** One class: its name, a drop for its clips, and each clip with its group and feature status. */
export function TeachClassCard({ cls, clips, views, disabled, onRename, onRemove, onFiles, onRemoveClip, onGroup, onRecord, recording, onStopRecording }: TeachClassCardProps) {
  const slug = cls.name.trim() || `class-${cls.id}`;
  return (
    <section className="teach-class" data-testid="teach-class" data-class={cls.name} data-clips={clips.length}>
      <div className="teach-class__head">
        <label className="teach-class__name">
          <span className="visually-hidden">Class name</span>
          <input
            type="text"
            value={cls.name}
            placeholder="Class name"
            disabled={disabled}
            data-testid="teach-class-name"
            onChange={(e) => onRename(e.currentTarget.value)}
          />
        </label>
        <span className="muted">
          {clips.length} clip{clips.length === 1 ? '' : 's'}
        </span>
        {recording ? (
          <button type="button" className="button" onClick={onStopRecording} data-testid={`teach-record-stop-${slug}`}>
            Recording… Stop
          </button>
        ) : onRecord ? (
          <button type="button" className="button" disabled={disabled} onClick={onRecord} data-testid={`teach-record-${slug}`} title="Record a few seconds from the webcam as a clip of this class">
            Record
          </button>
        ) : null}
        <button type="button" className="button" disabled={disabled} onClick={onRemove} aria-label={`Remove class ${cls.name}`}>
          Remove
        </button>
      </div>
      <FilesDrop
        title={`Drop clips of “${slug}” here`}
        hint="Files or folders of videos. Clips cut from one video belong to one group."
        allowFiles
        onFiles={onFiles}
        filesTestId={`teach-files-${slug}`}
        folderTestId={`teach-folder-${slug}`}
        disabled={disabled}
      />
      {clips.length > 0 ? (
        <table className="batch-table teach-clips">
          <thead>
            <tr>
              <th scope="col">Clip</th>
              <th scope="col">Group</th>
              <th scope="col">Features</th>
              <th scope="col" aria-label="Remove" />
            </tr>
          </thead>
          <tbody>
            {clips.map((clip) => (
              <tr key={clip.id} data-testid="teach-clip" data-file={clip.name} data-status={clip.status} data-group={clip.group}>
                <td title={clip.path}>{clip.name}</td>
                <td>
                  <input
                    type="text"
                    className="teach-clips__group"
                    defaultValue={clip.group}
                    key={clip.group}
                    disabled={disabled}
                    aria-label={`Group of ${clip.name}`}
                    onBlur={(e) => onGroup(clip.id, e.currentTarget.value)}
                  />
                </td>
                <td>
                  {clip.status === 'failed' && clip.error ? (
                    <span className="teach-clips__error" data-code={clip.error.code} title={clip.error.message}>
                      {errorText(clip.error.code).title}
                    </span>
                  ) : (
                    `${STATUS_WORDS[clip.status]}${clip.status === 'extracting' ? ` ${clip.viewsReady}/${views}` : ''}`
                  )}
                </td>
                <td>
                  <button type="button" className="button button--small" disabled={disabled} onClick={() => onRemoveClip(clip.id)} aria-label={`Remove ${clip.name}`}>
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
