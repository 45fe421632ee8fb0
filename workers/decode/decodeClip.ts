// The decode stage: probe a dropped file, sample T frames at segment centres of its video's
// readable range by seeking, and hand each frame (size×size RGB24) to `events.frame` as it
// arrives. Runs inside workers/decode.worker.ts on ffmpeg.wasm, and in Node tests on native ffmpeg.
import { abortError, ReelscopeError, throwIfAborted } from '../../src/pipeline/errors';
import type { ClipMetadata } from '../../src/pipeline/probe';
import { augmentedSample, frameBytes, frameExtractArgs, framesExtractArgs, type FrameSource } from '../../src/pipeline/sampling';
import type { DecodeJob, DecodeSummary, DecodedFrame } from '../../src/protocol/decode';
import { extractionFailure } from './failures';
import { probeClip, type ProbeTool } from './probeClip';

/** What decodeClip needs from an ffmpeg: FfmpegHost (ffmpeg.wasm) and NativeFfmpeg (tests, scripts) provide it. */
export interface DecodeHost extends ProbeTool {
  mountFile(file: File, mountPoint: string): Promise<void>;
  unmount(mountPoint: string): Promise<void>;
  exec(args: string[]): Promise<{ exitCode: number; log: string }>;
  /** Reads and deletes an output file; null when ffmpeg wrote none. */
  take(path: string): Promise<Uint8Array | null>;
}

const MOUNT = '/input';
/** Retries for a frame that came out empty, each this much further back (seconds, or frames). */
const RETRY_STEPS = [1, 2, 4, 8];

export interface DecodeEvents {
  metadata: (metadata: ClipMetadata, times: number[]) => void;
  frame: (frame: DecodedFrame) => void;
  progress: (done: number, total: number) => void;
}

export async function decodeClip(host: DecodeHost, job: DecodeJob, events: DecodeEvents, signal: AbortSignal): Promise<Omit<DecodeSummary, 'loadMs'>> {
  const { file, frames, geometry, mode } = job;
  if (file.size === 0) throw new ReelscopeError('EmptyFile', 'The file is empty (0 bytes).');
  const t0 = performance.now();
  // A plain ASCII name inside the mount; new File([blob]) references the data, it does not copy it.
  const name = `clip${extensionOf(file.name)}`;
  const input = `${MOUNT}/${name}`;
  await guard(signal, host.mountFile(new File([file], name, { type: file.type }), MOUNT));
  let execs = 0;
  try {
    const head = new Uint8Array(await file.slice(0, 512).arrayBuffer());
    const metadata = await guard(signal, probeClip(host, input, head));
    const probeMs = performance.now() - t0;
    const { times, view } = augmentedSample(metadata, frames, job.sample?.view ?? 0, job.sample?.seed ?? 0);
    events.metadata(metadata, times);
    // Becomes non-seekable when seeking finds nothing where decoding from the start does (an mkv
    // without cues for its video, a thumbnail stream owning the index): slower, but it reads the file.
    let source: FrameSource = { path: input, stream: metadata.streamIndex, seekable: metadata.seekable };

    const expected = frameBytes(geometry);
    let done = 0;
    const deliver = (index: number, timeSec: number, rgb: Uint8Array): void => {
      const buffer =
        rgb.byteOffset === 0 && rgb.byteLength === rgb.buffer.byteLength
          ? (rgb.buffer as ArrayBuffer)
          : (rgb.slice().buffer as ArrayBuffer);
      events.frame({ index, requestedSec: times[index]!, timeSec, width: geometry.size, height: geometry.size, rgb: buffer });
      events.progress(++done, times.length);
    };

    /** One exec per frame, stepping back when a seek lands past the last decodable frame. */
    const extractOne = async (index: number): Promise<void> => {
      const frameStep = metadata.fps ? 1 / metadata.fps : 0.04;
      const requested = times[index]!;
      const attempts = dedupe([requested, ...RETRY_STEPS.map((k) => Math.max(metadata.offsetSec, requested - k * Math.max(frameStep, 0.05)))]);
      let lastLog = '';
      const attempt = async (from: FrameSource, time: number): Promise<boolean> => {
        throwIfAborted(signal);
        const out = `/f${index}.rgb`;
        const result = await guard(signal, host.exec(frameExtractArgs(from, time, geometry, out, view)));
        execs++;
        const rgb = await guard(signal, host.take(out));
        if (rgb && rgb.byteLength === expected) {
          deliver(index, time, rgb);
          return true;
        }
        lastLog = result.log;
        const cause = extractionFailure(result.log, metadata.codec);
        if (cause) throw cause;
        return false;
      };
      for (const time of attempts) if (await attempt(source, time)) return;
      if (source.seekable) {
        const fromStart: FrameSource = { ...source, seekable: false };
        for (const time of attempts) {
          if (await attempt(fromStart, time)) {
            source = fromStart;
            return;
          }
        }
      }
      throw new ReelscopeError(
        'TruncatedFile',
        `No frame could be decoded near ${requested.toFixed(2)} s: the file looks cut short or damaged.`,
        lastLog.trim().split('\n').slice(-3).join(' | ') || undefined,
      );
    };

    switch (mode.kind) {
      case 'per-frame':
        for (let i = 0; i < times.length; i++) await extractOne(i);
        break;
      case 'batched': {
        const size = Math.max(1, mode.batch);
        for (let start = 0; start < times.length; start += size) {
          throwIfAborted(signal);
          const indices = times.slice(start, start + size).map((_, k) => start + k);
          const outs = indices.map((i) => `/f${i}.rgb`);
          const result = await guard(signal, host.exec(framesExtractArgs(source, indices.map((i) => times[i]!), geometry, outs, view)));
          execs++;
          const missing: number[] = [];
          for (const [k, i] of indices.entries()) {
            const rgb = await guard(signal, host.take(outs[k]!));
            if (rgb && rgb.byteLength === expected) deliver(i, times[i]!, rgb);
            else missing.push(i);
          }
          if (missing.length === indices.length) {
            const cause = extractionFailure(result.log, metadata.codec);
            if (cause) throw cause;
          }
          for (const i of missing) await extractOne(i);
        }
        break;
      }
      default:
        mode satisfies never;
    }
    return { metadata, times, decodeMs: performance.now() - t0, probeMs, execs, mode, path: 'ffmpeg' };
  } finally {
    if (!signal.aborted) await host.unmount(MOUNT);
  }
}

/** Awaits `work`, but turns a rejection caused by cancelling (ffmpeg terminated) into an AbortError. */
async function guard<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  try {
    const value = await work;
    throwIfAborted(signal);
    return value;
  } catch (error) {
    if (signal.aborted) throw abortError();
    throw error;
  }
}

function extensionOf(name: string): string {
  const match = /\.[A-Za-z0-9]{1,5}$/.exec(name);
  return match ? match[0].toLowerCase() : '';
}

function dedupe(values: number[]): number[] {
  return values.filter((v, i) => values.indexOf(v) === i);
}
