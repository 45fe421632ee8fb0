// The WebCodecs fast path of the decode stage: for each group of picks that share a key packet,
// one VideoDecoder run from that key packet to just past the group's last pick (src/pipeline/
// decodePlan.ts), each pick answered by the first frame at or after it, drawn straight to the
// model's size×size RGB (cropRenderer.ts). Every VideoFrame is closed as soon as it is passed.
import { ReelscopeError, abortError, throwIfAborted } from '../../../src/pipeline/errors';
import { PickMatcher, RunFeed, planRuns, reorderSlack, type FramePick, type KeyedPick } from '../../../src/pipeline/decodePlan';
import { frameBytes } from '../../../src/pipeline/sampling';
import type { DecodeJob, DecodeStageMs } from '../../../src/protocol/decode';
import type { DecodeEvents } from '../decodeClip';
import { CropRenderer } from './cropRenderer';
import type { OpenClip } from './openClip';

/** Encoded chunks queued in the decoder before feeding waits for it (keeps memory flat on long GOPs). */
const MAX_QUEUED_CHUNKS = 16;

export async function decodeWithWebCodecs(
  clip: OpenClip,
  job: DecodeJob,
  times: readonly number[],
  events: DecodeEvents,
  signal: AbortSignal,
  renderer = new CropRenderer(job.geometry, clip.metadata.rotation),
): Promise<DecodeStageMs> {
  const stageMs: DecodeStageMs = { demuxMs: 0, decodeMs: 0, resizeMs: 0 };
  const t0 = performance.now();
  const { packets, metadata } = clip;

  // Group the picks by the last key packet before each.
  const keyPackets = new Map<number, Awaited<ReturnType<typeof packets.getKeyPacket>>>();
  const keyed: KeyedPick[] = [];
  for (const [index, t] of times.entries()) {
    const sec = clip.fileStartSec + t;
    const key = (await packets.getKeyPacket(sec, { verifyKeyPackets: true })) ?? (await packets.getFirstKeyPacket({ verifyKeyPackets: true }));
    if (!key) throw new ReelscopeError('TruncatedFile', 'The video has no key frame to start decoding from.');
    keyPackets.set(key.sequenceNumber, key);
    keyed.push({ index, sec, keySequence: key.sequenceNumber });
  }
  throwIfAborted(signal);
  stageMs.demuxMs += performance.now() - t0;

  const expected = frameBytes(job.geometry);
  let delivered = 0;
  const deliver = (frame: VideoFrame, picks: readonly FramePick[], held: boolean): void => {
    const r0 = performance.now();
    const rgb = renderer.render(frame);
    stageMs.resizeMs += performance.now() - r0;
    if (rgb.byteLength !== expected) throw new Error(`rendered ${rgb.byteLength} bytes, expected ${expected}`);
    const frameTime = Math.round((frame.timestamp / 1e6 - clip.fileStartSec) * 1e6) / 1e6;
    picks.forEach((pick, k) => {
      const buffer = k === picks.length - 1 ? rgb.buffer : rgb.slice().buffer;
      const requestedSec = times[pick.index]!;
      events.frame({ index: pick.index, requestedSec, timeSec: held ? frameTime : requestedSec, width: job.geometry.size, height: job.geometry.size, rgb: buffer as ArrayBuffer });
      events.progress(++delivered, times.length);
    });
  };

  // The run being decoded: its picks, and its latest frame (held for picks past the last frame).
  let matcher: PickMatcher | null = null;
  let latest: VideoFrame | null = null;
  let outputFailure: unknown = null;
  const decoder = new FrameDecoder(decoderConfig(clip.config), (frame) => {
    try {
      if (outputFailure === null && matcher) {
        const answered = matcher.offer(frame.timestamp / 1e6);
        if (answered.length > 0) deliver(frame, answered, false);
      }
    } catch (error) {
      outputFailure ??= error;
    }
    latest?.close();
    latest = frame;
  });
  const onAbort = (): void => decoder.close();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const slack = reorderSlack(metadata.codec);
    for (const run of planRuns(keyed)) {
      matcher = new PickMatcher(run.picks);
      const feed = new RunFeed(run.picks[run.picks.length - 1]!.sec, slack);
      const start = keyPackets.get(run.keySequence)!;
      let d0 = performance.now();
      for await (const packet of packets.packets(start)) {
        stageMs.demuxMs += performance.now() - d0;
        throwIfAborted(signal);
        await decoder.decode(packet.toEncodedVideoChunk());
        if (feed.fed(packet.timestamp)) break;
        d0 = performance.now();
      }
      await decoder.flush();
      throwIfAborted(signal);
      if (outputFailure !== null) throw outputFailure;
      const held = matcher.takePending();
      if (held.length > 0) {
        if (!latest) throw new ReelscopeError('TruncatedFile', `No frame could be decoded near ${times[held[0]!.index]!.toFixed(2)} s: the file looks damaged.`);
        deliver(latest, held, true);
      }
      (latest as VideoFrame | null)?.close();
      latest = null;
    }
  } catch (error) {
    if (signal.aborted) throw abortError();
    if (error instanceof ReelscopeError) throw error;
    if (error instanceof DOMException && (error.name === 'EncodingError' || error.name === 'OperationError')) {
      throw new ReelscopeError('TruncatedFile', 'A picture of the file cannot be decoded: it looks damaged.', `${error.name}: ${error.message}`);
    }
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
    (latest as VideoFrame | null)?.close();
    decoder.close();
  }
  stageMs.decodeMs = Math.max(0, performance.now() - t0 - stageMs.demuxMs - stageMs.resizeMs);
  return stageMs;
}

/**
 * The track's configuration for a decoder whose frames are rotated by our own transform: without
 * `rotation`/`flip` (so VideoFrames come unrotated).
 */
function decoderConfig(config: VideoDecoderConfig): VideoDecoderConfig {
  const { rotation: _rotation, flip: _flip, ...rest } = config as VideoDecoderConfig & { rotation?: number; flip?: boolean };
  return rest;
}

/** A VideoDecoder whose errors surface where it is awaited, and whose queue is bounded. */
class FrameDecoder {
  readonly #decoder: VideoDecoder;
  #failure: unknown = null;

  constructor(config: VideoDecoderConfig, output: (frame: VideoFrame) => void) {
    this.#decoder = new VideoDecoder({ output, error: (error) => (this.#failure ??= error) });
    this.#decoder.configure(config);
  }

  async decode(chunk: EncodedVideoChunk): Promise<void> {
    this.#throwIfFailed();
    this.#decoder.decode(chunk);
    while (this.#decoder.decodeQueueSize > MAX_QUEUED_CHUNKS && this.#failure === null) {
      await new Promise((resolve) => this.#decoder.addEventListener('dequeue', resolve, { once: true }));
    }
    this.#throwIfFailed();
  }

  async flush(): Promise<void> {
    this.#throwIfFailed();
    try {
      await this.#decoder.flush();
    } catch (error) {
      throw this.#failure ?? error;
    }
    this.#throwIfFailed();
  }

  close(): void {
    if (this.#decoder.state !== 'closed') this.#decoder.close();
  }

  #throwIfFailed(): void {
    if (this.#failure !== null) throw this.#failure;
  }
}
