import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cropSourceRect, scaledSize } from '../../../src/features/realtime/geometry';
import { realtimeInputSize } from '../../../src/features/realtime/inputSize';
import { frameFilterGraph, geometryAtSize } from '../../../src/pipeline/sampling';

const GEOMETRY = { resizeShortSide: 256, size: 224, interpolation: 'bilinear' } as const;

describe('scaledSize', () => {
  it('scales the short side to the target and keeps the aspect, rounded to even like ffmpeg -2', () => {
    expect(scaledSize(320, 240, 256)).toEqual({ width: 342, height: 256 }); // 341.33 → 342
    expect(scaledSize(640, 480, 256)).toEqual({ width: 342, height: 256 });
    expect(scaledSize(1920, 1080, 256)).toEqual({ width: 456, height: 256 }); // 455.1 → 456
    expect(scaledSize(480, 640, 256)).toEqual({ width: 256, height: 342 });
    expect(scaledSize(300, 300, 256)).toEqual({ width: 256, height: 256 });
  });

  it('rejects an empty frame', () => {
    expect(() => scaledSize(0, 240, 256)).toThrow(RangeError);
  });
});

describe('cropSourceRect', () => {
  it('takes the centre square of a landscape frame, mapped back to source pixels', () => {
    const r = cropSourceRect(320, 240, GEOMETRY);
    // 342×256 resized: crop x0 = floor((342 − 224) / 2) = 59, y0 = floor(32 / 2) = 16.
    const fx = 320 / 342;
    const fy = 240 / 256;
    expect(r.sx).toBeCloseTo(59 * fx, 10);
    expect(r.sy).toBeCloseTo(16 * fy, 10);
    expect(r.sw).toBeCloseTo(224 * fx, 10);
    expect(r.sh).toBeCloseTo(224 * fy, 10);
  });

  it('stays inside the frame and is (nearly) square in source pixels for any shape', () => {
    for (const [w, h] of [[320, 240], [240, 320], [1280, 720], [177, 411], [256, 256]] as const) {
      const r = cropSourceRect(w, h, GEOMETRY);
      expect(r.sx).toBeGreaterThanOrEqual(0);
      expect(r.sy).toBeGreaterThanOrEqual(0);
      expect(r.sx + r.sw).toBeLessThanOrEqual(w + 1e-9);
      expect(r.sy + r.sh).toBeLessThanOrEqual(h + 1e-9);
      expect(Math.abs(r.sw / r.sh - 1)).toBeLessThan(0.02);
    }
  });

  it('equals the whole frame when size equals the short side of a square frame', () => {
    expect(cropSourceRect(224, 224, { ...GEOMETRY, resizeShortSide: 224 })).toEqual({ sx: 0, sy: 0, sw: 224, sh: 224 });
  });

  it('refuses a crop larger than the resized short side', () => {
    expect(() => cropSourceRect(320, 240, { ...GEOMETRY, size: 300 })).toThrow(RangeError);
  });

  it('agrees with the ffmpeg filter graph the clip decoder uses (native ffmpeg, a gradient frame)', () => {
    // A frame whose pixel value encodes its x coordinate: the crop's left and right columns
    // tell where ffmpeg's scale+crop took them from, in source pixels.
    const [w, h] = [320, 240]; // the fake camera's size; the ramp resolves 1.25 source px per grey level
    const graph = frameFilterGraph(GEOMETRY);
    const rgb = execFileSync('ffmpeg', [
      '-nostdin', '-hide_banner', '-loglevel', 'error',
      '-f', 'lavfi', '-i', `nullsrc=size=${w}x${h},format=gray,geq=lum='X*255/${w - 1}'`,
      '-frames:v', '1', '-vf', graph, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-',
    ]);
    expect(rgb.length).toBe(224 * 224 * 3);
    const row = 112 * 224 * 3;
    // geq floors: grey level v covers source x in [v, v + 1)·(w − 1)/255, so take the middle.
    const sourceX = (col: number): number => ((rgb[row + col * 3]! + 0.5) * (w - 1)) / 255;
    const r = cropSourceRect(w, h, GEOMETRY);
    const pixel = r.sw / 224; // source pixels per output pixel
    // Output column c samples the source around sx + (c + 0.5)·pixel.
    for (const col of [0, 112, 223]) {
      expect(Math.abs(sourceX(col) - (r.sx + (col + 0.5) * pixel))).toBeLessThan(1.5); // under one output pixel (1.56 source px)
    }
    // …and not with a crop that is off by a few pixels (the check can fail).
    expect(Math.abs(sourceX(0) - (r.sx + 4 + 0.5 * pixel))).toBeGreaterThan(1.5);
  });
});

describe('realtimeInputSize', () => {
  const input = { size: 224, liveSize: 160 };
  it('the live size on the CPU when asked for speed; the full size on a GPU, when asked for it, or when the pack has none', () => {
    expect(realtimeInputSize(input, 'wasm', 'fast')).toBe(160);
    expect(realtimeInputSize(input, 'webgpu', 'fast')).toBe(224);
    expect(realtimeInputSize(input, 'wasm', 'full')).toBe(224);
    expect(realtimeInputSize({ size: 224 }, 'wasm', 'fast')).toBe(224);
  });
});

describe('geometryAtSize', () => {
  it('resizes the short side in the proportion of the pack (256 for 224 → 183 for 160), and is the same object at the same size', () => {
    expect(geometryAtSize(GEOMETRY, 160)).toEqual({ resizeShortSide: 183, size: 160, interpolation: 'bilinear' });
    expect(geometryAtSize(GEOMETRY, 224)).toBe(GEOMETRY);
  });
});
