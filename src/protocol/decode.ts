// Messages between the main thread (src/clients/decodeClient.ts) and workers/decode.worker.ts.
// Every request carries an id; every response names the request it belongs to.
// Frames travel as transferred ArrayBuffers (never copied): see decodeTransfer().
import type { SerializedError } from '../pipeline/errors';
import type { ClipMetadata } from '../pipeline/probe';
import type { FrameGeometry } from '../pipeline/sampling';

/** How frames are pulled out of ffmpeg.wasm: one exec per frame, or `batch` seeks per exec. */
export type ExtractMode = { kind: 'per-frame' } | { kind: 'batched'; batch: number };

/**
 * Which decoder a job may use. `auto`: WebCodecs when the file allows it, ffmpeg.wasm otherwise
 * and whenever the fast path fails. `webcodecs`: the same choice of files, but a failure of the
 * fast path is reported instead of retried on ffmpeg (tests see its bugs). `ffmpeg`: ffmpeg.wasm only.
 */
export type DecodePathPreference = 'auto' | 'ffmpeg' | 'webcodecs';

/** The decoder that produced a clip's frames. */
export type DecodePath = 'webcodecs' | 'ffmpeg';

export interface DecodeJob {
  file: File;
  /** T: frames to sample at segment centres. */
  frames: number;
  geometry: FrameGeometry;
  /** How the ffmpeg path pulls frames out (the WebCodecs path plans its own decode runs). */
  mode: ExtractMode;
  /** Default `auto`. */
  path?: DecodePathPreference;
  /**
   * Which sampling of the clip (src/pipeline/sampling.ts augmentedSample): view 0, the default, is
   * the canonical one every screen uses; views 1.. are the augmented views training uses (times
   * jittered in their segments, crop moved, flipped half the time), fixed by `seed`.
   */
  sample?: ClipSample;
}

export interface ClipSample {
  view: number;
  seed: number;
}

export type DecodeRequest =
  /** Loads ffmpeg.wasm (from our origin: `${assetBase}ffmpeg/ffmpeg-core.{js,wasm}`). */
  | { type: 'load'; id: number; assetBase: string }
  /** Decodes a clip, loading ffmpeg.wasm first if needed. */
  | { type: 'decode'; id: number; job: DecodeJob; assetBase: string }
  /** Aborts request `target`: the in-flight exec is killed by terminating and reloading ffmpeg. */
  | { type: 'cancel'; id: number; target: number };

export interface DecodedFrame {
  index: number;
  /** Where the frame was asked for; `timeSec` is where it was actually taken (earlier after a retry). */
  requestedSec: number;
  timeSec: number;
  width: number;
  height: number;
  /** size×size×3 RGB24 bytes, HWC. Transferred. */
  rgb: ArrayBuffer;
}

export interface DecodeSummary {
  metadata: ClipMetadata;
  times: number[];
  /** Wall ms of the decode, probe included (ffmpeg load excluded). */
  decodeMs: number;
  probeMs: number;
  loadMs: number;
  /** ffmpeg execs (0 on the WebCodecs path). */
  execs: number;
  mode: ExtractMode;
  path: DecodePath;
  /** Why the ffmpeg path decoded a clip the job let WebCodecs try (absent when it did not). */
  fallbackReason?: string;
  /** On the WebCodecs path only. */
  stageMs?: DecodeStageMs;
}

/** Where the WebCodecs path's time went: demuxing (opening, finding and reading packets), VideoDecoder runs, drawing frames to RGB. */
export interface DecodeStageMs {
  demuxMs: number;
  decodeMs: number;
  resizeMs: number;
}

export type DecodeResponse =
  | { type: 'loaded'; id: number; loadMs: number }
  | { type: 'metadata'; id: number; metadata: ClipMetadata; times: number[] }
  | { type: 'frame'; id: number; frame: DecodedFrame }
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'done'; id: number; summary: DecodeSummary }
  | { type: 'error'; id: number; error: SerializedError };

/** The transfer list of a response: a frame's pixels move to the receiver. */
export function decodeTransfer(message: DecodeResponse): Transferable[] {
  switch (message.type) {
    case 'frame':
      return [message.frame.rgb];
    case 'loaded':
    case 'metadata':
    case 'progress':
    case 'done':
    case 'error':
      return [];
    default:
      return assertNever(message);
  }
}

export function assertNever(value: never): never {
  throw new Error(`unexpected message ${JSON.stringify(value)}`);
}
