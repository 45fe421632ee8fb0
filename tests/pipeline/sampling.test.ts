import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  augmentedSample,
  clipTimes,
  frameBytes,
  frameExtractArgs,
  frameFilterGraph,
  framesExtractArgs,
  frameToCropTransform,
  scaledCrop,
  segmentTimes,
  type Affine,
  type SampleRange,
} from '../../src/pipeline/sampling';

const geometry = { resizeShortSide: 64, size: 56, interpolation: 'bilinear' as const };

describe('segmentTimes', () => {
  it('takes the centre of each of T equal segments', () => {
    expect(segmentTimes(10, 4)).toEqual([1.25, 3.75, 6.25, 8.75]);
    expect(segmentTimes(14.52, 16)[0]).toBeCloseTo(0.45375, 6);
    expect(segmentTimes(14.52, 16).at(-1)).toBeCloseTo(14.06625, 6);
  });
  it('never reaches the clip end, and a 10-minute clip needs no more frames than a 10-second one', () => {
    for (const d of [0.1, 10, 600]) {
      const t = segmentTimes(d, 16);
      expect(t).toHaveLength(16);
      expect(Math.max(...t)).toBeLessThan(d);
      expect(Math.min(...t)).toBeGreaterThan(0);
    }
  });
  it('rejects impossible input', () => {
    expect(() => segmentTimes(0, 16)).toThrow(RangeError);
    expect(() => segmentTimes(Number.NaN, 16)).toThrow(RangeError);
    expect(() => segmentTimes(10, 0)).toThrow(RangeError);
    expect(() => segmentTimes(10, 2, [0.5, 1])).toThrow(RangeError);
  });
  const range = (durationSec: number, lastFrameSec = durationSec, offsetSec = 0, fps: number | null = 25): SampleRange => ({ offsetSec, durationSec, lastFrameSec, fps });
  it('view 0 of augmentedSample is the canonical sampling', () => {
    expect(augmentedSample(range(10), 8, 0, 1).times).toEqual(segmentTimes(10, 8));
    expect(clipTimes(range(10), 8)).toEqual(segmentTimes(10, 8));
    expect(augmentedSample(range(10), 8, 3, 1)).toEqual(augmentedSample(range(10), 8, 3, 1));
  });

  it('holds jittered picks at the last frame, never the canonical view', () => {
    // 2.04 s at 25 fps: the last frame is at 2.00 s; a jittered last pick may ask for later.
    const lastFrame = 2.04 - 1 / 25;
    for (let view = 1; view < 40; view++) {
      const { times } = augmentedSample(range(2.04, lastFrame), 16, view, 7);
      expect(Math.max(...times)).toBeLessThanOrEqual(lastFrame);
    }
    expect(augmentedSample(range(2.04, lastFrame), 16, 0, 7).times).toEqual(segmentTimes(2.04, 16));
  });

  it('samples a late-starting video over its own range', () => {
    expect(clipTimes(range(4, 5.5, 1.55), 4)).toEqual(segmentTimes(4, 4).map((t) => t + 1.55));
  });

  it('picks frame timestamps when a clip has fewer frames than picks (a 2-frame GIF at 2 fps)', () => {
    const times = clipTimes(range(1, 0.5, 0, 2), 16);
    expect(new Set(times)).toEqual(new Set([0, 0.5]));
    expect(times.filter((t) => t === 0)).toHaveLength(8);
  });
});

describe('ffmpeg arguments', () => {
  it('seeks before -i (fast seek) and writes one rgb24 frame', () => {
    const args = frameExtractArgs({ path: '/input/a.avi', stream: 2, seekable: true }, 1.5, geometry, '/f0.rgb');
    expect(args.indexOf('-ss')).toBeLessThan(args.indexOf('-i'));
    expect(args).toContain('1.500000');
    expect(args[args.indexOf('-map') + 1]).toBe('0:2');
    expect(args.slice(-2)).toEqual(['-y', '/f0.rgb']);
    expect(frameFilterGraph(geometry)).toMatch(/crop=56:56/);
  });
  it('decodes up to the time (-ss after -i) when the stream cannot be seeked', () => {
    const args = frameExtractArgs({ path: '/input/a.h264', stream: 0, seekable: false }, 1.5, geometry, '/f0.rgb');
    expect(args.indexOf('-ss')).toBeGreaterThan(args.indexOf('-i'));
  });
  it('needs one output per time', () => {
    expect(() => framesExtractArgs({ path: '/x', stream: 0, seekable: true }, [1, 2], geometry, ['/a'])).toThrow(RangeError);
  });
});

describe('native ffmpeg: one run for all frames gives the bytes of one run per frame', () => {
  it('matches byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reelscope-sampling-'));
    const clip = join(dir, 'clip.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=96x72:rate=25', '-t', '2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-y', clip]);
    const times = segmentTimes(2, 4);
    const single = times.map((t, i) => {
      const out = join(dir, `s${i}.rgb`);
      execFileSync('ffmpeg', frameExtractArgs({ path: clip, stream: 0, seekable: true }, t, geometry, out));
      return readFileSync(out);
    });
    const outs = times.map((_, i) => join(dir, `b${i}.rgb`));
    execFileSync('ffmpeg', framesExtractArgs({ path: clip, stream: 0, seekable: true }, times, geometry, outs));
    outs.forEach((out, i) => {
      const batch = readFileSync(out);
      expect(batch.length).toBe(frameBytes(geometry));
      expect(batch.equals(single[i]!)).toBe(true);
    });
    // Different times give different pictures (the test would catch a seek that is ignored).
    expect(single[0]!.equals(single[3]!)).toBe(false);
  });
});

describe('scaledCrop: the filter graph\'s scale and crop in numbers (for decoders that resize frames themselves)', () => {
  const model = { resizeShortSide: 256, size: 224, interpolation: 'bilinear' as const };

  it('scales the short side and rounds the long one to an even number as ffmpeg\'s -2 does', () => {
    expect(scaledCrop(320, 240, model)).toEqual({ scaledWidth: 342, scaledHeight: 256, cropLeft: 59, cropTop: 16, size: 224 });
    expect(scaledCrop(1920, 1080, model)).toMatchObject({ scaledWidth: 456, scaledHeight: 256, cropLeft: 116, cropTop: 16 });
    expect(scaledCrop(1080, 1920, model)).toMatchObject({ scaledWidth: 256, scaledHeight: 456, cropLeft: 16, cropTop: 116 });
    expect(scaledCrop(256, 256, model)).toMatchObject({ scaledWidth: 256, scaledHeight: 256, cropLeft: 16, cropTop: 16 });
  });

  it('agrees with native ffmpeg: the scaled frame cropped where scaledCrop says is the filter graph\'s output, byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reelscope-crop-'));
    const scaleOnly = frameFilterGraph(geometry).split(',crop=')[0]!;
    for (const [w, h] of [[96, 72], [100, 75], [72, 96], [150, 64], [64, 64], [65, 97]] as const) {
      const clip = join(dir, `${w}x${h}.mp4`);
      execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${w}x${h}:rate=25`, '-frames:v', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv444p', '-qp', '0', '-y', clip]);
      const run = (vf: string): Buffer => execFileSync('ffmpeg', ['-v', 'error', '-i', clip, '-vf', vf, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
      const crop = scaledCrop(w, h, geometry);
      const scaled = run(`${scaleOnly},format=rgb24`);
      expect(scaled.length, `${w}x${h}`).toBe(crop.scaledWidth * crop.scaledHeight * 3);
      const cropped = Buffer.alloc(frameBytes(geometry));
      for (let y = 0; y < crop.size; y++) {
        const from = ((crop.cropTop + y) * crop.scaledWidth + crop.cropLeft) * 3;
        scaled.copy(cropped, y * crop.size * 3, from, from + crop.size * 3);
      }
      expect(cropped.equals(run(frameFilterGraph(geometry))), `${w}x${h}`).toBe(true);
    }
  });
});

describe('frameToCropTransform: coded pixels → the model\'s crop, rotation included', () => {
  const model = { resizeShortSide: 256, size: 224, interpolation: 'bilinear' as const };
  const apply = ([a, b, c, d, e, f]: Affine, x: number, y: number): [number, number] => [a * x + c * y + e, b * x + d * y + f];
  const close = ([x, y]: [number, number], [ex, ey]: [number, number]): void => {
    expect(x).toBeCloseTo(ex, 9);
    expect(y).toBeCloseTo(ey, 9);
  };

  it('without rotation: scales by the scaled size and shifts by the crop', () => {
    const t = frameToCropTransform(320, 240, 0, model);
    close(apply(t, 0, 0), [-59, -16]);
    close(apply(t, 320, 240), [342 - 59, 256 - 16]);
  });

  it('rotates clockwise before scaling: a portrait phone clip stored landscape', () => {
    // Coded 1920×1080, displayed 1080×1920 (scaled 256×456, crop at 16, 116).
    const t = frameToCropTransform(1920, 1080, 90, model);
    close(apply(t, 0, 0), [256 - 16, -116]); // coded top-left → displayed top-right
    close(apply(t, 0, 1080), [-16, -116]); // coded bottom-left → displayed top-left
    close(apply(t, 1920, 1080), [-16, 456 - 116]);
    const half = frameToCropTransform(1920, 1080, 180, model);
    close(apply(half, 0, 0), [456 - 116, 256 - 16]);
    const three = frameToCropTransform(1920, 1080, 270, model);
    close(apply(three, 0, 0), [-16, 456 - 116]); // coded top-left → displayed bottom-left
    close(apply(three, 1920, 0), [-16, -116]);
  });

  it('mirrors after cropping for a flipped view', () => {
    const t = frameToCropTransform(320, 240, 0, model, { cropX: 0.5, cropY: 0.5, flip: true });
    close(apply(t, 0, 0), [224 + 59, -16]);
  });
});
