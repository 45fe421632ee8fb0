import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReelscopeError } from '../../../src/pipeline/errors';
import { extractionFailure, looksLikeIsoBmff, metadataFromProbe } from '../../../workers/decode/failures';

const log = (name: string): string => readFileSync(join(__dirname, '../../pipeline/fixtures/probe', `${name}.log`), 'utf8');

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ReelscopeError) return error.code;
    throw error;
  }
  return 'ok';
}

describe('metadataFromProbe', () => {
  it.each([
    ['clip.avi', 'ok'],
    ['rot90.mp4', 'ok'],
    ['anim.gif', 'ok'],
    ['vp9.webm', 'ok'],
    ['notes.txt', 'NotAVideo'],
    ['still.png', 'NotAVideo'],
    ['trunc.mp4', 'TruncatedFile'],
    ['audio.m4a', 'NoVideoStream'],
    // moov at the front, data cut: probes fine; the missing frames are found while extracting.
    ['trunc_fs.mp4', 'ok'],
  ])('%s → %s', (file, code) => {
    expect(codeOf(() => metadataFromProbe(log(file)))).toBe(code);
  });
});

describe('a file with an mp4 name whose probe says "moov atom not found"', () => {
  const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
  it('is truncated when it starts like an mp4 (ftyp box)', () => {
    const head = new Uint8Array([0, 0, 0, 0x20, ...ascii('ftypisom')]);
    expect(looksLikeIsoBmff(head)).toBe(true);
    expect(codeOf(() => metadataFromProbe(log('trunc.mp4'), head))).toBe('TruncatedFile');
  });
  it('is not a video when it is text renamed to .mp4', () => {
    const head = ascii('This is a text file, not a video.');
    expect(looksLikeIsoBmff(head)).toBe(false);
    expect(codeOf(() => metadataFromProbe(log('trunc.mp4'), head))).toBe('NotAVideo');
  });
});

describe('extractionFailure', () => {
  it('names a codec ffmpeg.wasm cannot decode (real ffmpeg.wasm log for AV1)', () => {
    const e = extractionFailure("[av1 @ 0xdfe010] Your platform doesn't suppport hardware accelerated AV1 decoding.\nAborted()", 'av1');
    expect(e?.code).toBe('UnsupportedCodec');
  });
  it('returns null for a seek past the end (no cause in the log), so the caller retries earlier', () => {
    expect(extractionFailure('', 'h264')).toBeNull();
    expect(extractionFailure('[mov,mp4 @ 0x1] stream 0, offset 0xa369: partial file', 'h264')).toBeNull();
  });
});
