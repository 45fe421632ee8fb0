import { describe, expect, it } from 'vitest';
import { framesToBatch, rgb24RectToChw, rgb24ToChw } from '../../src/pipeline/preprocess';

const imagenet = { scale: 255, mean: [0.485, 0.456, 0.406] as [number, number, number], std: [0.229, 0.224, 0.225] as [number, number, number] };

describe('rgb24ToChw', () => {
  it('moves interleaved RGB into planes and normalises each channel', () => {
    // 2×2 image: pixel p has R = 10p, G = 100 + p, B = 255.
    const rgb = new Uint8Array([0, 100, 255, 10, 101, 255, 20, 102, 255, 30, 103, 255]);
    const out = rgb24ToChw(rgb, 2, imagenet);
    const expected = (v: number, c: number): number => (v / 255 - imagenet.mean[c]!) / imagenet.std[c]!;
    [0, 10, 20, 30].forEach((r, p) => expect(out[p]).toBeCloseTo(expected(r, 0), 5));
    [100, 101, 102, 103].forEach((g, p) => expect(out[4 + p]).toBeCloseTo(expected(g, 1), 5));
    [0, 1, 2, 3].forEach((p) => expect(out[8 + p]).toBeCloseTo(expected(255, 2), 5));
  });
  it('rejects a frame of the wrong size', () => {
    expect(() => rgb24ToChw(new Uint8Array(11), 2, imagenet)).toThrow(RangeError);
  });
});

describe('rgb24RectToChw', () => {
  it('gives a 3×2 frame the same planes as its six pixels in a row, and names the frame size it refuses', () => {
    const rgb = Uint8Array.from({ length: 18 }, (_, i) => i * 10);
    const unit = { scale: 1, mean: [0, 0, 0] as [number, number, number], std: [1, 1, 1] as [number, number, number] };
    const out = rgb24RectToChw(rgb, 3, 2, unit);
    expect(Array.from(out)).toEqual([0, 30, 60, 90, 120, 150, 10, 40, 70, 100, 130, 160, 20, 50, 80, 110, 140, 170]);
    expect(() => rgb24RectToChw(rgb, 5, 1, unit)).toThrow(/for a 5×1 RGB24 frame/);
  });
});

describe('framesToBatch', () => {
  it('stacks frames as [N, 3, S, S]', () => {
    const a = new Uint8Array(12).fill(0);
    const b = new Uint8Array(12).fill(255);
    const unit = { scale: 255, mean: [0, 0, 0] as [number, number, number], std: [1, 1, 1] as [number, number, number] };
    const batch = framesToBatch([a, b], { size: 2, normalization: unit });
    expect(batch).toHaveLength(24);
    expect(Array.from(batch.subarray(0, 12))).toEqual(new Array(12).fill(0));
    expect(Array.from(batch.subarray(12))).toEqual(new Array(12).fill(1));
  });
});
