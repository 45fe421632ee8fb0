// The fast path's demuxing (mediabunny) against the ffprobe-based probe, in Node, over the odd-input
// corpus and a real clip re-encoded to H.264 / VP9 / AV1: wherever the fast path takes a file, it
// must see the same stream, the same time range and so the same picks as the ffmpeg path; the
// files it does not take (AVI, GIF, raw H.264, cut-short files…) must be handed to ffmpeg.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusDir, ODD_INPUTS } from '../../../../e2e/support/corpus';
import { realClip } from '../../../../e2e/support/media';
import { fileHead, NativeFfmpeg } from '../../../../scripts/lib/nativeFfmpeg';
import type { ClipMetadata } from '../../../../src/pipeline/probe';
import { clipTimes } from '../../../../src/pipeline/sampling';
import { probeClip } from '../../../../workers/decode/probeClip';
import { demuxClip } from '../../../../workers/decode/webcodecs/openClip';

const dir = corpusDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function ffprobeView(path: string): Promise<ClipMetadata | null> {
  const host = new NativeFfmpeg();
  try {
    await host.mountPath(path, 'clip', '/in');
    return await probeClip(host, '/in/clip', await fileHead(path));
  } catch {
    return null;
  } finally {
    host.dispose();
  }
}

async function demuxView(path: string): Promise<ClipMetadata | string> {
  const result = await demuxClip(new Blob([readFileSync(path)]));
  if (result.kind === 'unsuitable') return result.reason;
  result.clip.input.dispose();
  return result.clip.metadata;
}

/**
 * The same stream, range and picks. Where the file starts (the origin of every reported time) can
 * differ by an audio frame: ffmpeg counts Opus's pre-skip in Matroska as a negative start and AAC's
 * priming in mp4 as none, the demuxer the other way round. The picks count from the video's own first
 * frame, so on the video's time axis they are the same.
 */
function expectSameClip(fast: ClipMetadata, probe: ClipMetadata): void {
  const { container, codec, streamIndex, width, height, rotation, seekable } = probe;
  expect(fast).toMatchObject({ container, codec, streamIndex, width, height, rotation, seekable });
  expect(Math.abs(fast.offsetSec - probe.offsetSec), 'offsetSec').toBeLessThanOrEqual(0.025);
  expect(fast.durationSec, 'durationSec').toBeCloseTo(probe.durationSec, 5);
  expect(fast.lastFrameSec - fast.offsetSec, 'last frame after the first').toBeCloseTo(probe.lastFrameSec - probe.offsetSec, 5);
  expect(fast.fps).toBeCloseTo(probe.fps ?? 0, 3);
  const fastPicks = clipTimes(fast, 16).map((t) => t - fast.offsetSec);
  clipTimes(probe, 16).forEach((t, i) => expect(fastPicks[i], `pick ${i}`).toBeCloseTo(t - probe.offsetSec, 5));
}

describe('demuxClip sees what probeClip sees', () => {
  const taken: string[] = [];
  const handedOver: string[] = [];
  for (const input of ODD_INPUTS.filter((c) => !c.heavy)) {
    it(`${input.name}: ${input.what}`, async () => {
      const path = input.render(dir);
      const [fast, probe] = await Promise.all([demuxView(path), ffprobeView(path)]);
      if (typeof fast === 'string') {
        handedOver.push(input.name);
        return;
      }
      taken.push(input.name);
      expect(probe, `${input.name}: ffprobe cannot read what the fast path takes`).not.toBeNull();
      expectSameClip(fast, probe!);
    }, 60_000);
  }

  it('hands AVI, GIF, raw H.264, audio-only and cut-short files to ffmpeg, and takes the plain mp4 / mov / mkv ones', () => {
    for (const name of ['half.avi', 'slow-frames.gif', 'annexb.h264', 'cover-art.mp3', 'random-bytes.webm', 'faststart-cut-30.mp4', 'half.mkv', 'index-at-end-cut.mp4']) {
      expect(handedOver, name).toContain(name);
    }
    for (const name of ['offset-1000s.mp4', 'offset-1000s.mkv', 'phone-late-video.mp4', 'phone-late-video.mov', 'thumbnail-first.mkv']) expect(taken, name).toContain(name);
  });

  for (const [name, args] of [
    ['h264.mp4', ['-c:v', 'libx264', '-pix_fmt', 'yuv420p']],
    ['vp9.webm', ['-c:v', 'libvpx-vp9', '-b:v', '0', '-crf', '34', '-deadline', 'realtime', '-cpu-used', '8']],
    ['av1.mkv', ['-c:v', 'libaom-av1', '-crf', '40', '-b:v', '0', '-cpu-used', '8']],
  ] as const) {
    it(`a real clip re-encoded to ${name}, with its audio`, async () => {
      const path = join(dir, `real-${name}`);
      const audio = name.endsWith('mp4') ? ['-c:a', 'aac'] : ['-c:a', 'libopus'];
      execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', realClip('Surfing', 3), '-f', 'lavfi', '-i', 'sine=frequency=440:duration=30', '-shortest', '-map', '0:v', '-map', '1:a', ...args, ...audio, path]);
      const [fast, probe] = await Promise.all([demuxView(path), ffprobeView(path)]);
      expect(typeof fast, String(fast)).toBe('object');
      expectSameClip(fast as ClipMetadata, probe!);
    }, 120_000);
  }
});
