import { describe, expect, it } from 'vitest';
import { framesPerSecond, historyRows, leadingClasses, meanLatency, recentWindow, topRecord } from '../../../src/features/realtime/stats';

describe('framesPerSecond', () => {
  it('counts intervals over the span', () => {
    expect(framesPerSecond([0, 200, 400, 600, 800, 1000])).toBeCloseTo(5, 9);
  });
  it('is 0 with fewer than two frames or no elapsed time', () => {
    expect(framesPerSecond([])).toBe(0);
    expect(framesPerSecond([5])).toBe(0);
    expect(framesPerSecond([5, 5])).toBe(0);
  });
});

describe('recentWindow', () => {
  it('keeps the items within the window before the newest', () => {
    expect(recentWindow([0, 1000, 2000, 2500, 3500], (t) => t, 1500)).toEqual([2000, 2500, 3500]);
  });
  it('caps the count', () => {
    expect(recentWindow([1, 2, 3, 4], (t) => t, 1e9, 2)).toEqual([3, 4]);
  });
  it('keeps the newest even when alone', () => {
    expect(recentWindow([0, 10_000], (t) => t, 100)).toEqual([10_000]);
    expect(recentWindow([], (t: number) => t, 100)).toEqual([]);
  });
});

describe('meanLatency', () => {
  it('averages each stage', () => {
    const a = { captureMs: 1, preprocessMs: 2, cnnMs: 30, headMs: 1, totalMs: 40 };
    const b = { captureMs: 3, preprocessMs: 4, cnnMs: 50, headMs: 3, totalMs: 60 };
    expect(meanLatency([a, b])).toEqual({ captureMs: 2, preprocessMs: 3, cnnMs: 40, headMs: 2, totalMs: 50 });
    expect(meanLatency([]).totalMs).toBe(0);
  });
});

describe('chart history', () => {
  it('topRecord keeps the k most likely classes', () => {
    expect(topRecord([0.1, 0.5, 0.05, 0.35], 2)).toEqual({ 1: 0.5, 3: 0.35 });
  });
  it('historyRows writes c<index> keys and leaves classes missing from a point out', () => {
    const rows = historyRows(
      [
        { t: 0, p: { 1: 0.6, 2: 0.3 } },
        { t: 0.2, p: { 1: 0.7 } },
      ],
      [1, 2],
    );
    expect(rows).toEqual([
      { t: 0, c1: 0.6, c2: 0.3 },
      { t: 0.2, c1: 0.7 },
    ]);
  });
});

describe('leadingClasses', () => {
  it("orders the newest point's classes by probability", () => {
    expect(leadingClasses([{ t: 0, p: { 0: 0.9 } }, { t: 1, p: { 4: 0.2, 2: 0.7, 9: 0.1 } }], 2)).toEqual([2, 4]);
    expect(leadingClasses([], 3)).toEqual([]);
  });
});
