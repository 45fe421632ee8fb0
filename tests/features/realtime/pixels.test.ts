import { describe, expect, it } from 'vitest';
import { rgbaToRgb24 } from '../../../src/features/realtime/pixels';
import { rgb24ToChw } from '../../../src/pipeline/preprocess';

describe('rgbaToRgb24', () => {
  it('drops the alpha byte and keeps the pixel order', () => {
    const rgba = new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 128, 7, 8, 9, 0]);
    expect(Array.from(rgbaToRgb24(rgba))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("gives exactly the bytes rgb24ToChw expects for a size×size frame", () => {
    const size = 4;
    const rgba = new Uint8ClampedArray(size * size * 4).map((_, i) => (i * 7) % 256);
    const rgb = rgbaToRgb24(rgba);
    const chw = rgb24ToChw(rgb, size, { scale: 255, mean: [0, 0, 0], std: [1, 1, 1] });
    // Red plane, pixel 1 = rgba[4] / 255.
    expect(chw[1]).toBeCloseTo(rgba[4]! / 255, 6);
    // Blue plane, pixel 2 = rgba[10] / 255.
    expect(chw[2 * size * size + 2]).toBeCloseTo(rgba[10]! / 255, 6);
  });

  it('rejects data that is not whole RGBA pixels, and a wrong-size output', () => {
    expect(() => rgbaToRgb24(new Uint8Array(6))).toThrow(RangeError);
    expect(() => rgbaToRgb24(new Uint8Array(8), new Uint8Array(5))).toThrow(RangeError);
  });
});
