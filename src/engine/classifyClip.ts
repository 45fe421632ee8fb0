// One clip through the pipeline: decode → preprocess → CNN per frame (streamed) → temporal heads
// → OOD → decision. A chain of stages, each cancellable through the run's AbortSignal. Runs on
// the main thread outside React; reports progress through `ClipReporter` (the caller writes it to
// its store). The decode → CNN part is the engine's one frame loop (frameLoop.ts).
import { throwIfAborted } from '../pipeline/errors';
import type { ClipMetadata } from '../pipeline/probe';
import { topK } from '../pipeline/postprocess';
import type { ExtractMode } from '../protocol/decode';
import type { InferenceOverrides, PrepareResult } from '../protocol/inference';
import type { BackendInfo, BackendPreference, DecoderUsed, FrameRecord, HeadRun, OodResult, PackSummary, Progress, StageTimings } from '../store/types';
import { buildHeadRuns, oodResult } from './aggregate';
import { runFrameLoop, type FrameLoopServices } from './frameLoop';
import { rgbThumbnail } from './thumbnails';

/**
 * Measured in headless Chromium on a shared 2-core machine (noisy; best of 6, 16 frames of a
 * 320×240 XviD AVI): one exec per frame 0.99 s, 4 seeks per exec 0.83 s, 16 per exec 0.84 s.
 * Batches of 4 are as fast as one big run and still stream frames to the CNN as they come.
 */
export const DEFAULT_EXTRACT_MODE: ExtractMode = { kind: 'batched', batch: 4 };

export type ClipServices = FrameLoopServices;

export interface ClipJob {
  file: File;
  pack: PackSummary;
  preference: BackendPreference;
  signal: AbortSignal;
  extractMode?: ExtractMode;
  overrides?: InferenceOverrides;
  /** Make JPEG thumbnails of the frames (off for batch evaluation). */
  thumbnails?: boolean;
}

export interface ClipReporter {
  backend: (info: BackendInfo) => void;
  metadata: (metadata: ClipMetadata) => void;
  progress: (progress: Progress) => void;
  frame: (frame: FrameRecord) => void;
}

export interface ClipOutcome {
  metadata: ClipMetadata;
  backend: BackendInfo;
  prepare: PrepareResult;
  frames: FrameRecord[];
  heads: HeadRun[];
  ood: OodResult | null;
  timings: StageTimings;
  decodeExecs: number;
  decoder: DecoderUsed;
}

export async function classifyClip(services: ClipServices, job: ClipJob, report: ClipReporter): Promise<ClipOutcome> {
  const { file, pack, signal } = job;
  const manifest = pack.manifest;
  const { input, backbone } = manifest;
  const t0 = performance.now();

  // 1. Backend and model sessions (cached after the first clip).
  report.progress({ stage: 'load-model', done: 0, total: 1 });
  const backend = await services.inference.configure(job.preference, job.overrides, signal);
  report.backend(backend);
  const prepare = await services.inference.prepare(pack, signal);
  const loadModelMs = performance.now() - t0;
  report.progress({ stage: 'load-model', done: 1, total: 1 });

  // 2. Decode, with each frame sent to the CNN as soon as it arrives.
  const frames: FrameRecord[] = [];
  const frameProbabilities: Float32Array[] = [];
  const features = new Float32Array(input.frames * backbone.featureDim);
  let preprocessMs = 0;
  let cnnMs = 0;
  const summary = await runFrameLoop(
    services,
    { file, manifest, frames: input.frames, mode: job.extractMode ?? DEFAULT_EXTRACT_MODE, signal, keepPixels: job.thumbnails !== false },
    {
      metadata: (m) => report.metadata(m),
      decodeProgress: (done, total) => report.progress({ stage: 'decode', done, total }),
      frame: async ({ index, timeSec, pixels, result }) => {
        const f = new Float32Array(result.features);
        features.set(f, index * backbone.featureDim);
        const probs = result.frameProbabilities ? new Float32Array(result.frameProbabilities) : null;
        if (probs) frameProbabilities[index] = probs;
        preprocessMs += result.preprocessMs;
        cnnMs += result.cnnMs;
        const thumbnailUrl = pixels ? await rgbThumbnail(pixels, input.size) : '';
        if (signal.aborted) {
          if (thumbnailUrl) URL.revokeObjectURL(thumbnailUrl);
          throwIfAborted(signal);
        }
        const record: FrameRecord = {
          index,
          timeSec,
          thumbnailUrl,
          features: Array.from(f),
          frameTop: probs && backbone.frameOutput ? topK(probs, backbone.frameOutput.labels, 5) : null,
          cnnMs: result.cnnMs,
        };
        frames.push(record);
        report.frame(record);
        report.progress({ stage: 'cnn', done: frames.length, total: input.frames });
      },
    },
  );
  frames.sort((a, b) => a.index - b.index);

  // 3. Temporal heads + OOD in the worker; frame-mean heads here.
  report.progress({ stage: 'head', done: 0, total: manifest.heads.length });
  const headsResult = await services.inference.heads(manifest.id, input.frames, features, signal);
  const tMean = performance.now();
  const heads = buildHeadRuns(manifest, frameProbabilities, headsResult);
  const frameMeanMs = performance.now() - tMean;
  for (const head of heads) if (head.kind === 'frame-mean') head.ms = frameMeanMs;
  report.progress({ stage: 'head', done: manifest.heads.length, total: manifest.heads.length });

  const timings: StageTimings = {
    loadModelMs,
    decodeMs: summary.decodeMs,
    preprocessMs,
    cnnMs,
    headMs: Object.fromEntries(heads.map((h) => [h.headId, h.ms])),
    oodMs: headsResult.ood?.ms ?? 0,
    totalMs: performance.now() - t0,
  };
  return {
    metadata: summary.metadata,
    backend,
    prepare,
    frames,
    heads,
    ood: oodResult(manifest, headsResult.ood),
    timings,
    decodeExecs: summary.execs,
    decoder: { path: summary.path, fallbackReason: summary.fallbackReason ?? null },
  };
}
