// The app's one frame loop: decode a clip's picks, and send each frame to the backbone as soon as
// it arrives. Every screen that reads a file goes through here (single clip, batch, evaluation,
// moderation), so failure, cancel and re-sent frames behave one way everywhere:
// - a frame the decoder sends twice (it restarted after a crash) is scored once;
// - the first failure, in the decoder, the CNN or the consumer, stops the decoder and is what
//   the caller sees, after every frame already in flight has settled;
// - fewer frames than asked for is a TruncatedFile.
// Frames go to the backbone in batches: one runs at a time, and the frames that arrive meanwhile
// wait and go together in the next call (the first frame never waits), so the CNN keeps up with
// a decoder that delivers several frames per exec without paying per-call overhead each time.
import type { DecodeClient } from '../clients/decodeClient';
import type { InferenceClient } from '../clients/inferenceClient';
import { isAbortError, ReelscopeError, throwIfAborted } from '../pipeline/errors';
import type { PackManifest } from '../pipeline/manifest';
import type { ClipMetadata } from '../pipeline/probe';
import type { ClipSample, DecodeSummary, ExtractMode } from '../protocol/decode';
import type { FrameResult } from '../protocol/inference';

export interface FrameLoopServices {
  decode: DecodeClient;
  inference: InferenceClient;
}

export interface FrameLoopJob {
  file: File;
  /** The pack whose backbone scores the frames (it must have been prepared on `inference`). */
  manifest: PackManifest;
  /** How many frames to sample at segment centres (the pack's T, or more for moderation). */
  frames: number;
  mode: ExtractMode;
  signal: AbortSignal;
  /** Keep a copy of each frame's RGB24 pixels for the consumer (its own buffer goes to the CNN). */
  keepPixels: boolean;
  /** An augmented view of the clip (teaching); the canonical sampling when absent. */
  sample?: ClipSample;
}

export interface ScoredFrame {
  index: number;
  timeSec: number;
  /** size×size×3 RGB24, when the job keeps pixels. */
  pixels: Uint8Array | null;
  result: FrameResult;
}

export interface FrameLoopEvents {
  metadata?: (metadata: ClipMetadata, times: number[]) => void;
  decodeProgress?: (done: number, total: number) => void;
  /** Called in arrival order per frame, once per index; a rejection fails the clip. */
  frame: (frame: ScoredFrame) => void | Promise<void>;
}

/** The most frames one backbone call takes. */
export const MAX_BATCH = 16;

interface Waiting {
  index: number;
  timeSec: number;
  rgb: ArrayBuffer;
  pixels: Uint8Array | null;
}

export async function runFrameLoop(services: FrameLoopServices, job: FrameLoopJob, events: FrameLoopEvents): Promise<DecodeSummary> {
  const local = new AbortController();
  const signal = AbortSignal.any([job.signal, local.signal]);
  const seen = new Set<number>();
  const waiting: Waiting[] = [];
  let running: Promise<void> | null = null;
  let failure: unknown = null;
  const fail = (error: unknown): void => {
    failure ??= error;
    local.abort();
  };
  const pump = (): void => {
    if (running || waiting.length === 0 || failure !== null) return;
    const batch = waiting.splice(0, MAX_BATCH);
    running = services.inference
      .frames(job.manifest.id, batch.map((f) => f.index), batch.map((f) => f.rgb), signal)
      .then(async (results) => {
        for (const [k, result] of results.entries()) {
          const { index, timeSec, pixels } = batch[k]!;
          await events.frame({ index, timeSec, pixels, result });
        }
      })
      .catch(fail)
      .finally(() => {
        running = null;
        pump();
      });
  };

  const summary = await services.decode
    .decode(
      { file: job.file, frames: job.frames, geometry: job.manifest.input, mode: job.mode, ...(job.sample ? { sample: job.sample } : {}) },
      {
        signal,
        ...(events.metadata ? { onMetadata: events.metadata } : {}),
        ...(events.decodeProgress ? { onProgress: events.decodeProgress } : {}),
        onFrame: (frame) => {
          if (seen.has(frame.index)) return;
          seen.add(frame.index);
          const pixels = job.keepPixels ? new Uint8Array(frame.rgb.slice(0)) : null;
          waiting.push({ index: frame.index, timeSec: frame.timeSec, rgb: frame.rgb, pixels });
          pump();
        },
      },
    )
    .catch((error: unknown) => {
      // Our own abort (after a CNN failure) surfaces here as an AbortError: report the cause.
      if (!(failure !== null && isAbortError(error))) fail(error);
      return null;
    });
  while (running) await running;
  throwIfAborted(job.signal);
  if (failure !== null) throw failure;
  if (!summary) throw new ReelscopeError('DecodeFailed', 'The decoder finished without a result.');
  if (seen.size !== job.frames) {
    throw new ReelscopeError('TruncatedFile', `Only ${seen.size} of ${job.frames} frames could be decoded.`);
  }
  return summary;
}
