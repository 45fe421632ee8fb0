// The decode stage on WebCodecs: open the file (openClip.ts), sample the same picks as the ffmpeg
// path (augmentedSample over the track's range), decode them (decodeRuns.ts), and emit the same events.
// Resolves `unsuitable` (before any event) for a file the fast path does not take.
import { throwIfAborted } from '../../../src/pipeline/errors';
import { augmentedSample } from '../../../src/pipeline/sampling';
import type { DecodeJob, DecodeSummary } from '../../../src/protocol/decode';
import type { DecodeEvents } from '../decodeClip';
import { CropRenderer } from './cropRenderer';
import { decodeWithWebCodecs } from './decodeRuns';
import { openClip } from './openClip';

export type WebCodecsOutcome = { kind: 'done'; summary: Omit<DecodeSummary, 'loadMs'> } | { kind: 'unsuitable'; reason: string };

/** Whether this worker can run the fast path at all (WebCodecs and OffscreenCanvas exist). */
export function webCodecsAvailable(): boolean {
  return typeof VideoDecoder === 'function' && typeof OffscreenCanvas === 'function';
}

export async function decodeClipWebCodecs(job: DecodeJob, events: DecodeEvents, signal: AbortSignal): Promise<WebCodecsOutcome> {
  if (!webCodecsAvailable()) return { kind: 'unsuitable', reason: 'WebCodecs is not available in this browser' };
  const t0 = performance.now();
  const opened = await openClip(job.file);
  if (opened.kind === 'unsuitable') return opened;
  const { clip } = opened;
  try {
    throwIfAborted(signal);
    const probeMs = performance.now() - t0;
    const { times, view } = augmentedSample(clip.metadata, job.frames, job.sample?.view ?? 0, job.sample?.seed ?? 0);
    events.metadata(clip.metadata, times);
    const stageMs = await decodeWithWebCodecs(clip, job, times, events, signal, new CropRenderer(job.geometry, clip.metadata.rotation, view));
    stageMs.demuxMs += probeMs;
    return {
      kind: 'done',
      summary: { metadata: clip.metadata, times, decodeMs: performance.now() - t0, probeMs, execs: 0, mode: job.mode, path: 'webcodecs', stageMs },
    };
  } finally {
    clip.input.dispose();
  }
}
