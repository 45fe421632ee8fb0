// Errors are values with codes: workers send { code, message } across the boundary, the
// main thread rebuilds a ReelscopeError, and the UI maps the code to words (src/ui/errorText.ts).

export type ErrorCode =
  | 'NotAVideo' // ffmpeg cannot read the file as media at all
  | 'NoVideoStream' // media, but audio only (or no stream)
  | 'TruncatedFile' // the container opens but frames are missing or undecodable
  | 'UnsupportedCodec'
  | 'EmptyFile'
  | 'DecodeFailed'
  | 'ModelLoadFailed'
  | 'PackNotDownloaded' // offline, and the service worker has no copy of this pack's files
  | 'ModelHashMismatch'
  | 'InvalidManifest' // a pack's manifest fails the schema (the field is named)
  | 'NotAPack' // a folder or zip with no manifest.json, or a zip that cannot be read
  | 'UnknownHeadKind' // a head of a kind this version cannot run
  | 'PackFileMissing' // a file the manifest lists is not in the pack (nor shipped with the app)
  | 'PackGraphMismatch' // a graph's input / output names or shapes differ from the manifest
  | 'PackLabelMismatch' // the label count differs from the classifier's output
  | 'PackTooLarge' // the pack does not fit in the browser's storage quota
  | 'StorageUnavailable' // the browser gives no persistent storage (OPFS) to keep packs in
  | 'BackendUnavailable'
  | 'InferenceFailed'
  | 'WorkerCrashed'
  | 'CameraUnavailable'
  | 'TooFewClips' // teaching: a class with no clips, or fewer than two classes
  | 'TooFewSources' // teaching: all clips come from one source, so nothing can be scored on an unseen one
  | 'Aborted';

export class ReelscopeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = code === 'Aborted' ? 'AbortError' : 'ReelscopeError';
  }
}

/** What crosses postMessage: structured clone keeps plain objects, not Error subclasses. */
export interface SerializedError {
  code: ErrorCode;
  message: string;
  detail?: string;
}

/** An error as the UI shows it and the exports keep it: the same plain shape as what crosses postMessage. */
export type UiError = SerializedError;

export function serializeError(error: unknown): SerializedError {
  if (error instanceof ReelscopeError) {
    return error.detail === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, detail: error.detail };
  }
  if (isAbortError(error)) return { code: 'Aborted', message: 'cancelled' };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'InferenceFailed', message };
}

export function deserializeError(error: SerializedError): ReelscopeError {
  return new ReelscopeError(error.code, error.message, error.detail);
}

export function isAbortError(error: unknown): boolean {
  return (
    (error instanceof ReelscopeError && error.code === 'Aborted') ||
    (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError')
  );
}

export function abortError(): ReelscopeError {
  return new ReelscopeError('Aborted', 'cancelled');
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}
