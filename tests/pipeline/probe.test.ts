// Probe logs are real output of `ffmpeg -nostdin -hide_banner -i FILE` (native ffmpeg 5.1, the
// version ffmpeg.wasm 0.12 is built from), saved in fixtures/probe/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProbeLog } from '../../src/pipeline/probe';

const log = (name: string): string => readFileSync(join(__dirname, 'fixtures/probe', `${name}.log`), 'utf8');

describe('parseProbeLog', () => {
  it('reads an XviD AVI (UCF101)', () => {
    const r = parseProbeLog(log('clip.avi'));
    expect(r).toEqual({
      ok: true,
      metadata: { container: 'avi', durationSec: 14.52, fps: 25, codec: 'mpeg4', width: 320, height: 240, rotation: 0, displayWidth: 320, displayHeight: 240 },
    });
  });

  it('reads an H.264 mp4 with a display matrix as a rotation with swapped display size', () => {
    const r = parseProbeLog(log('rot90.mp4'));
    if (!r.ok) throw new Error('expected ok');
    // "rotation of 90.00 degrees" is counter-clockwise; ffmpeg shows the frame turned 90° CCW = 270° CW.
    expect(r.metadata).toMatchObject({ container: 'mov', codec: 'h264', width: 320, height: 240, rotation: 270, displayWidth: 240, displayHeight: 320, durationSec: 3 });
  });

  it('reads an animated gif', () => {
    const r = parseProbeLog(log('anim.gif'));
    expect(r.ok && r.metadata).toMatchObject({ container: 'gif', codec: 'gif', fps: 10, durationSec: 2, width: 160, height: 120 });
  });

  it.each([
    ['vp9.webm', 'matroska', 'vp9'],
    ['vp8.mkv', 'matroska', 'vp8'],
    ['clip.mov', 'mov', 'h264'],
  ])('reads %s', (file, container, codec) => {
    const r = parseProbeLog(log(file));
    expect(r.ok && r.metadata).toMatchObject({ container, codec, fps: 25, durationSec: 2 });
  });

  it('says a text file is not media', () => {
    const r = parseProbeLog(log('notes.txt'));
    expect(r).toEqual({ ok: false, failure: { kind: 'not-media', detail: 'Invalid data found when processing input' } });
  });

  it('says a truncated mp4 (index at the end, cut off) is not readable, naming the missing moov atom', () => {
    const r = parseProbeLog(log('trunc.mp4'));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.failure.kind).toBe('not-media');
    expect(!r.ok && r.failure.detail).toMatch(/moov atom not found/);
  });

  it('says an audio-only file has no video', () => {
    expect(parseProbeLog(log('audio.m4a'))).toMatchObject({ ok: false, failure: { kind: 'no-video' } });
  });

  it('reads a PNG as a one-frame png_pipe stream (the decoder rejects it as a still image)', () => {
    const r = parseProbeLog(log('still.png'));
    expect(r.ok && r.metadata).toMatchObject({ container: 'png_pipe', durationSec: 1 / 25 });
  });
});
