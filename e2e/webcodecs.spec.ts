// The WebCodecs fast path in real Chromium: a real UCF101 clip re-encoded at test time to H.264, VP9
// and AV1 decodes on WebCodecs (AV1, which ffmpeg.wasm cannot decode, included) with frames close to
// the ffmpeg path's, and the app gives it its class; the AVI original falls back to ffmpeg.wasm; a
// phone-style rotated clip is rotated the way ffmpeg rotates it. The decode worker is the built one
// (e2e/support/decodeLab.ts); the class comes from the app.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { AppDriver } from './support/app';
import { decodeInPage, isLabDecode, type LabDecode, type LabResult } from './support/decodeLab';
import { realClip, rotatedClip } from './support/media';

const geometry = { resizeShortSide: 256, size: 224, interpolation: 'bilinear' as const };
const dir = mkdtempSync(join(tmpdir(), 'reelscope-webcodecs-'));
const source = realClip('PlayingPiano', 0);

const ENCODINGS = {
  'h264.mp4': ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-crf', '20'],
  'vp9.webm': ['-c:v', 'libvpx-vp9', '-b:v', '0', '-crf', '30', '-deadline', 'realtime', '-cpu-used', '8'],
  'av1.mkv': ['-c:v', 'libaom-av1', '-crf', '30', '-b:v', '0', '-cpu-used', '8'],
} as const;

function encode(name: keyof typeof ENCODINGS): string {
  const out = join(dir, name);
  execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', source, '-an', ...ENCODINGS[name], out]);
  return out;
}

function decoded(result: LabResult): LabDecode {
  if (!isLabDecode(result)) throw new Error(`decode failed: ${result.error.code} ${result.error.message}`);
  return result;
}

/** Mean absolute difference of two frames' bytes (0–255). */
function meanAbsDiff(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

test.describe('WebCodecs fast path', () => {
  for (const name of Object.keys(ENCODINGS) as (keyof typeof ENCODINGS)[]) {
    test(`${name}: decoded on WebCodecs, close to the ffmpeg path, classified as its class`, async ({ page }) => {
      const clip = encode(name);
      const app = new AppDriver(page);
      await app.open('/?decode=webcodecs'); // about the fast path, whatever REELSCOPE_DECODE says
      const fast = decoded(await decodeInPage(page, clip, { frames: 16, geometry, path: 'auto' }));
      expect(fast.summary.path, fast.summary.fallbackReason).toBe('webcodecs');
      expect(fast.summary.execs).toBe(0);
      expect(fast.frames.map((f) => f.index)).toEqual([...Array(16).keys()]);
      for (const f of fast.frames) expect(f.rgb.length).toBe(224 * 224 * 3);
      expect(new Set(fast.frames.map((f) => f.rgb.toString('base64'))).size).toBeGreaterThan(8);

      const slow = await decodeInPage(page, clip, { frames: 16, geometry, path: 'ffmpeg' });
      if (name === 'av1.mkv') {
        // Why AV1 needs the fast path: this ffmpeg.wasm build has no AV1 decoder.
        expect(isLabDecode(slow) ? 'decoded' : slow.error.code).toBe('UnsupportedCodec');
      } else {
        const reference = decoded(slow);
        expect(reference.summary.path).toBe('ffmpeg');
        // The same picks; Matroska's millisecond timestamps leave µs of rounding between the two readings.
        reference.summary.times.forEach((t, i) => expect(fast.summary.times[i], `pick ${i}`).toBeCloseTo(t, 3));
        // The same frames, resampled by another scaler (docs/decoding.md: ≈1–2 levels of 255 on average).
        fast.frames.forEach((f, i) => expect(meanAbsDiff(f.rgb, reference.frames[i]!.rgb), `frame ${i}`).toBeLessThan(4));
      }

      await app.selectPack('ucf101-6');
      const outcome = await app.classify(clip);
      expect(outcome.error).toBeNull();
      expect(outcome.label).toBe('PlayingPiano');
    });
  }

  test('the AVI original falls back to ffmpeg.wasm, and saying so', async ({ page }) => {
    const app = new AppDriver(page);
    await app.open();
    const result = decoded(await decodeInPage(page, source, { frames: 16, geometry, path: 'auto' }));
    expect(result.summary.path).toBe('ffmpeg');
    expect(result.summary.fallbackReason).toMatch(/not an mp4, mov, mkv or webm/);
    expect(result.frames).toHaveLength(16);
  });

  test('a rotated phone clip is rotated as ffmpeg rotates it', async ({ page }) => {
    const clip = rotatedClip(90);
    const app = new AppDriver(page);
    await app.open();
    const fast = decoded(await decodeInPage(page, clip, { frames: 16, geometry, path: 'webcodecs' }));
    const reference = decoded(await decodeInPage(page, clip, { frames: 16, geometry, path: 'ffmpeg' }));
    expect(fast.summary.path).toBe('webcodecs');
    expect(fast.summary.metadata).toMatchObject({ rotation: reference.summary.metadata.rotation, displayWidth: 240, displayHeight: 320 });
    fast.frames.forEach((f, i) => expect(meanAbsDiff(f.rgb, reference.frames[i]!.rgb), `frame ${i}`).toBeLessThan(4));
  });
});
