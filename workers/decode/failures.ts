// Turns what ffmpeg says about a file into the error the user sees. Pure: tested in Node with
// real ffmpeg logs (tests/workers/decode/failures.test.ts).
import { ReelscopeError } from '../../src/pipeline/errors';
import { parseProbeLog, type ClipMetadata } from '../../src/pipeline/probe';

/** Demuxers of single images: ffmpeg opens them as a one-frame "video", the user dropped a picture. */
const STILL_IMAGE_CONTAINER = /^(image2|[a-z0-9]+_pipe)$/;

const TRUNCATED = /moov atom not found|End of file|partial file|Truncat|invalid ebml|EBML header parsing failed/i;

const UNSUPPORTED = /Decoder \(codec [^)]*\) not found|Unknown decoder|Failed to open codec|Error while opening decoder|Codec [^ ]+ is not supported|not supported by the decoder|hardware accelerated .* decoding/i;

/** ISO-BMFF (mp4, mov, m4v, 3gp) files start with a box: 4 size bytes, then a known type. */
const ISO_BMFF_BOXES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot', 'styp']);

/** Whether the first bytes of a file look like an mp4/mov container (so "moov atom not found" means truncated). */
export function looksLikeIsoBmff(head: Uint8Array): boolean {
  if (head.length < 8) return false;
  return ISO_BMFF_BOXES.has(String.fromCharCode(head[4]!, head[5]!, head[6]!, head[7]!));
}

/**
 * Metadata of a file ffmpeg can decode as video, or the ReelscopeError explaining why not.
 * `head` (the file's first bytes) tells a cut-off mp4 from another file that merely has an
 * mp4 name: ffmpeg picks its demuxer by extension and says "moov atom not found" for both.
 */
export function metadataFromProbe(log: string, head?: Uint8Array): ClipMetadata {
  const result = parseProbeLog(log);
  if (result.ok) {
    if (STILL_IMAGE_CONTAINER.test(result.metadata.container)) {
      throw new ReelscopeError('NotAVideo', 'This is a still image, not a video.', `container ${result.metadata.container}`);
    }
    return result.metadata;
  }
  const { failure } = result;
  switch (failure.kind) {
    case 'not-media':
      if (TRUNCATED.test(log) && (head === undefined || !/moov atom not found/.test(log) || looksLikeIsoBmff(head))) {
        throw new ReelscopeError('TruncatedFile', 'The file is cut short: its index is missing.', firstMatch(log, TRUNCATED) ?? failure.detail);
      }
      throw new ReelscopeError('NotAVideo', 'This file is not a video ffmpeg can read.', failure.detail);
    case 'no-video':
      throw new ReelscopeError('NoVideoStream', 'The file has no video stream (audio only?).', failure.detail);
    case 'no-duration':
      if (/Input #0, ([a-z0-9]+_pipe|image2),/.test(log)) {
        throw new ReelscopeError('NotAVideo', 'This is a still image, not a video.', failure.detail);
      }
      throw new ReelscopeError('DecodeFailed', 'ffmpeg reports no duration for this file.', failure.detail);
    default:
      return failure satisfies never;
  }
}

/**
 * Why an extraction run produced no frame, from its (error-level) log: a codec ffmpeg.wasm
 * lacks, or damaged/missing data. Returns null when the log names no cause (e.g. a seek past
 * the last frame), in which case the caller retries earlier.
 */
export function extractionFailure(log: string, codec: string): ReelscopeError | null {
  if (UNSUPPORTED.test(log)) {
    return new ReelscopeError('UnsupportedCodec', `This browser build of ffmpeg cannot decode ${codec} video.`, firstMatch(log, UNSUPPORTED) ?? codec);
  }
  return null;
}

function firstMatch(log: string, pattern: RegExp): string | null {
  return log.split('\n').find((line) => pattern.test(line))?.trim() ?? null;
}
