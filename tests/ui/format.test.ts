import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatMs, formatPercent, formatTime, shortHash, shortLabel } from '../../src/ui/format';

describe('format', () => {
  it('formats percentages, keeping tiny values visible', () => {
    expect(formatPercent(0.8734)).toBe('87.3%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(0)).toBe('0.0%');
    expect(formatPercent(0.00001)).toBe('<0.1%');
    expect(formatPercent(0.4, 0)).toBe('40%');
    expect(formatPercent(Number.NaN)).toBe('–');
  });

  it('formats milliseconds with precision that fits the size', () => {
    expect(formatMs(0.4213)).toBe('0.42 ms');
    expect(formatMs(12.34)).toBe('12.3 ms');
    expect(formatMs(845.2)).toBe('845 ms');
    expect(formatMs(2345)).toBe('2.35 s');
  });

  it('formats counts and bytes', () => {
    expect(formatCount(812)).toBe('812');
    expect(formatCount(4512)).toBe('4.51 k');
    expect(formatCount(214_406)).toBe('214.4 k');
    expect(formatCount(2_257_984)).toBe('2.26 M');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3_655_547)).toBe('3.5 MB');
  });

  it('formats clip times as m:ss.s', () => {
    expect(formatTime(0.22)).toBe('0:00.2');
    expect(formatTime(3.456)).toBe('0:03.5');
    expect(formatTime(75)).toBe('1:15.0');
    expect(formatTime(59.96)).toBe('1:00.0');
    expect(formatTime(-1)).toBe('–');
  });

  it('shortens hashes and ImageNet synonym lists', () => {
    expect(shortHash('2682e66ea6b1fc4084d1c426846ac8dd41d98e97651c5a821d0834738332d7e0')).toBe('2682e66ea6b1');
    expect(shortLabel('tabby, tabby cat')).toBe('tabby');
    expect(shortLabel('PlayingPiano')).toBe('PlayingPiano');
  });
});
