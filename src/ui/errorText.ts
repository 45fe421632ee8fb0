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
    action: 'The details name each field that is wrong: fix them (docs/packs.md describes the format), or pick another pack.',
  },
  NotAPack: {
    title: "This isn't a model pack.",
    action: 'Choose the folder (or a .zip of it) that holds the pack\'s manifest.json and its model files. docs/packs.md describes the format.',
  },
  UnknownHeadKind: {
    title: 'This pack has a kind of temporal head this version of Reelscope cannot run.',
    action: 'Export the head as one of the kinds the details name, or update Reelscope.',
  },
  PackFileMissing: {
    title: 'A file the pack\'s manifest lists is not in the pack.',
    action: 'Add the file the details name next to manifest.json (at the path the manifest gives), then add the pack again.',
  },
  PackGraphMismatch: {
    title: "A model graph in this pack doesn't take or give what its manifest says.",
    action: 'Fix the manifest\'s input / output names and shapes (the details list each difference), or re-export the graph.',
  },
  PackLabelMismatch: {
    title: "The pack's labels don't match its classifier: the counts differ.",
    action: 'List one label per class of the classifier in the manifest\'s "labels", then add the pack again.',
  },
  PackTooLarge: {
    title: 'This pack is too large for the storage this browser allows the app.',
    action: 'Free space by removing packs you no longer use, or on the device, then try again.',
  },
  StorageUnavailable: {
    title: "This browser gives the app no storage to keep packs in.",
    action: 'Leave private browsing, or allow site data for this page, then add the pack again.',
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
  TooFewClips: {
    title: 'There are not enough clips to teach: every class needs clips, and there must be two classes at least.',
    action: 'Add clips to every class (three or more each), then train again.',
  },
  TooFewSources: {
    title: 'All the clips come from one source, so the score could not be measured on a video the head has not seen.',
    action: 'Add clips from other videos, or give the clips different groups, then train again.',
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
