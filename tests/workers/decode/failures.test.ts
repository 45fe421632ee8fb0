import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractionFailure, looksLikeIsoBmff, looksLikeVideoContainer, probeFailure } from '../../../workers/decode/failures';

const log = (name: string): string => readFileSync(join(__dirname, '../../pipeline/fixtures/probe', `${name}.log`), 'utf8');

describe('probeFailure', () => {
  const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
  const ebml = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x01, 0, 0, 0]);
  it('a file that starts like an mp4 (ftyp box) but has no moov is cut short', () => {
    const head = new Uint8Array([0, 0, 0, 0x20, ...ascii('ftypisom')]);
    expect(looksLikeIsoBmff(head)).toBe(true);
    expect(probeFailure(log('trunc.mp4'), head).code).toBe('TruncatedFile');
  });
  it('text renamed to .mp4 is not a video', () => {
    const head = ascii('This is a text file, not a video.');
    expect(looksLikeIsoBmff(head)).toBe(false);
    expect(probeFailure(log('trunc.mp4'), head).code).toBe('NotAVideo');
    expect(probeFailure(log('notes.txt'), head).code).toBe('NotAVideo');
  });
  it('random bytes named .webm are not a video, though the log says "Truncating packet" (a real ffmpeg line)', () => {
    const noise = '[matroska,webm @ 0x1] Truncating packet of size 3864 to 1\n[matroska,webm @ 0x1] EBML header parsing failed\nx.webm: Invalid data found when processing input';
    expect(probeFailure(noise, new Uint8Array([0x93, 0x11, 0x5c, 0x02, 0x7f, 0xee, 0x00, 0x42])).code).toBe('NotAVideo');
    expect(probeFailure(noise, ebml).code).toBe('TruncatedFile');
    expect(looksLikeVideoContainer(ebml)).toBe(true);
  });
  it('knows AVI by its RIFF header', () => {
    expect(looksLikeVideoContainer(ascii('RIFF\u0000\u0000\u0000\u0000AVI LIST'))).toBe(true);
    expect(looksLikeVideoContainer(ascii('RIFF\u0000\u0000\u0000\u0000WAVEfmt '))).toBe(false);
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
