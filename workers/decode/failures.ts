// Turns what ffmpeg says about a file into the error the user sees. Pure: tested in Node with
// real ffmpeg logs (tests/workers/decode/failures.test.ts).
import { ReelscopeError } from '../../src/pipeline/errors';

const TRUNCATED = /moov atom not found|End of file|partial file|Truncat|invalid ebml|EBML header parsing failed|File ended prematurely/i;

const INVALID_DATA = /Invalid data found when processing input|could not find codec parameters|moov atom not found|Invalid argument|End of file/i;

const UNSUPPORTED = /Decoder \(codec [^)]*\) not found|Unknown decoder|Failed to open codec|Error while opening decoder|Codec [^ ]+ is not supported|not supported by the decoder|hardware accelerated .* decoding/i;

/** ISO-BMFF (mp4, mov, m4v, 3gp) files start with a box: 4 size bytes, then a known type. */
const ISO_BMFF_BOXES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot', 'styp']);

/** Whether the first bytes of a file look like an mp4/mov container (so "moov atom not found" means truncated). */
export function looksLikeIsoBmff(head: Uint8Array): boolean {
  if (head.length < 8) return false;
  return ISO_BMFF_BOXES.has(ascii(head, 4, 8));
}

/**
 * Whether the first bytes are the signature of a video container (mp4/mov, Matroska/WebM, AVI,
 * Ogg, FLV, MPEG-TS, GIF). A log that says "truncated" about a file without one is about a file
 * that never was that container (random bytes with a .webm name), not a cut-short one.
 */
export function looksLikeVideoContainer(head: Uint8Array): boolean {
  if (looksLikeIsoBmff(head)) return true;
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return true; // EBML
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'AVI ') return true;
  if (head.length >= 4 && (ascii(head, 0, 4) === 'OggS' || ascii(head, 0, 4) === 'GIF8')) return true;
  if (head.length >= 3 && ascii(head, 0, 3) === 'FLV') return true;
  return head.length >= 189 && head[0] === 0x47 && head[188] === 0x47; // MPEG-TS sync bytes
}

/** Why ffprobe could not open the file at all: cut short (a real container's header or index is missing), or not media. */
export function probeFailure(log: string, head: Uint8Array): ReelscopeError {
  if (TRUNCATED.test(log) && looksLikeVideoContainer(head)) {
    return new ReelscopeError('TruncatedFile', 'The file is cut short: its index or header is missing.', firstMatch(log, TRUNCATED) ?? undefined);
  }
  const reason = firstMatch(log, INVALID_DATA) ?? lastLine(log) ?? 'ffmpeg could not open the file';
  return new ReelscopeError('NotAVideo', 'This file is not a video ffmpeg can read.', reason);
}

/**
 * Why an extraction run produced no frame, from its (error-level) log: a codec ffmpeg.wasm
 * lacks. Returns null when the log names no such cause (e.g. a seek past the last frame), in
 * which case the caller retries earlier.
 */
export function extractionFailure(log: string, codec: string): ReelscopeError | null {
  if (UNSUPPORTED.test(log)) {
    return new ReelscopeError('UnsupportedCodec', `This browser build of ffmpeg cannot decode ${codec} video.`, firstMatch(log, UNSUPPORTED) ?? codec);
  }
  return null;
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

function firstMatch(log: string, pattern: RegExp): string | null {
  return log.split('\n').find((line) => pattern.test(line))?.trim() ?? null;
}

function lastLine(log: string): string | undefined {
  return log.trim().split('\n').filter(Boolean).pop();
}
