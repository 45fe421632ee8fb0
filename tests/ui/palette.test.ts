import { describe, expect, it } from 'vitest';
import { CLASS_PALETTE, clipClassColors, colorOf, OTHER_CLASS_COLOR, viridis } from '../../src/ui/palette';

describe('palette', () => {
  it('gives small label sets one colour per class, the same on every clip', () => {
    const a = clipClassColors(6, [3, 1]);
    const b = clipClassColors(6, [0, 5]);
    expect(colorOf(a, 3)).toBe(CLASS_PALETTE[3]);
    expect(colorOf(a, 3)).toBe(colorOf(b, 3));
    expect(new Set([0, 1, 2, 3, 4, 5].map((c) => colorOf(a, c))).size).toBe(6);
  });

  it('colours the shown classes of a large label set by rank, the rest grey', () => {
    const colors = clipClassColors(1000, [579, 881]);
    expect(colorOf(colors, 579)).toBe(CLASS_PALETTE[0]);
    expect(colorOf(colors, 881)).toBe(CLASS_PALETTE[1]);
    expect(colorOf(colors, 3)).toBe(OTHER_CLASS_COLOR);
  });

  it('maps [0, 1] onto viridis, clamping outside values', () => {
    expect(viridis(0)).toEqual([68, 1, 84]);
    expect(viridis(1)).toEqual([253, 231, 37]);
    expect(viridis(-3)).toEqual(viridis(0));
    expect(viridis(Number.NaN)).toEqual(viridis(0));
  });
});
