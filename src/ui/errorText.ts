// Error codes → words the user reads: what happened, and what to do about it.
// The pipeline's messages are for logs; these are for people. Every ErrorCode has an entry
// (the Record type makes a missing one a compile error).
import type { ErrorCode } from '../pipeline/errors';

export interface ErrorText {
  /** One sentence: what went wrong, in the user's terms. */
  title: string;
  /** What the user can do next. */
  action: string;
}

const TEXT: Record<ErrorCode, ErrorText> = {
  NotAVideo: {
    title: "This file isn't a video ffmpeg can read.",
    action: 'Try an MP4, WebM, AVI, MOV or animated GIF.',
  },
  NoVideoStream: {
    title: 'This file has no picture: it looks like audio only.',
    action: 'Drop a file with a video track.',
  },
  TruncatedFile: {
    title: 'The file ends early: it looks truncated.',
    action: 'Download or export it again, then drop the complete file.',
  },
  UnsupportedCodec: {
    title: "This video's codec isn't supported by the in-browser decoder.",
    action: 'Convert it to H.264 MP4 or VP9 WebM and try again.',
  },
  EmptyFile: {
    title: 'The file is empty (0 bytes).',
    action: 'Check the file and drop it again.',
  },
  DecodeFailed: {
    title: "The video couldn't be decoded into frames.",
    action: 'Try another file, or re-encode this one.',
  },
  ModelLoadFailed: {
    title: "The model couldn't be loaded.",
    action: 'Reload the page; if it keeps failing, check that the model files are served.',
  },
  PackNotDownloaded: {
    title: 'This pack has not been downloaded yet and the device is offline.',
    action: 'Connect to the internet and use the pack once: it is then kept for offline use. The packs already downloaded keep working.',
  },
  ModelHashMismatch: {
    title: "A model file doesn't match its published checksum, so it was not used.",
    action: 'Reload the page to fetch it again; a stale cache or a bad deploy can cause this.',
  },
  InvalidManifest: {
    title: "The model pack's manifest is invalid.",
    action: 'Pick another pack; the details below say what is wrong with this one.',
  },
  BackendUnavailable: {
    title: 'The chosen inference backend is not available in this browser.',
    action: 'Switch the backend to Auto or WASM.',
  },
  InferenceFailed: {
    title: 'The model failed while classifying this clip.',
    action: 'Try again, or switch the backend to WASM.',
  },
  WorkerCrashed: {
    title: 'A background worker stopped unexpectedly (often: out of memory).',
    action: 'Try a shorter or smaller clip, or reload the page.',
  },
  CameraUnavailable: {
    title: "The camera isn't available.",
    action: 'Allow camera access in the browser, or drop a file instead.',
  },
  Aborted: {
    title: 'Cancelled.',
    action: 'Drop a clip to start again.',
  },
};

export function errorText(code: ErrorCode): ErrorText {
  return TEXT[code];
}

/** Every code with words, for tests and for a help page. */
export const ERROR_CODES = Object.keys(TEXT) as ErrorCode[];
