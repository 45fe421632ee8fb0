import { describe, expect, it } from 'vitest';
import { decayMean, decayUpdate, DEFAULT_DECAY, emptyDecay } from '../../../src/features/realtime/smoothing';

const A = [1, 0, 0];
const B = [0, 1, 0];

describe('exponential decay of per-frame probabilities', () => {
  it('shows the first frame as it is (no pull toward zero)', () => {
    const s = decayUpdate(emptyDecay(3), [0.2, 0.7, 0.1], 0);
    expect(Array.from(decayMean(s))).toEqual([0.2, 0.7, 0.1].map((v) => Math.fround(v)));
  });

  it('is all zeros before any frame', () => {
    expect(Array.from(decayMean(emptyDecay(2)))).toEqual([0, 0]);
  });

  it('weighs a frame one half-life old half as much as a new one', () => {
    let s = decayUpdate(emptyDecay(3), A, 10);
    s = decayUpdate(s, B, 10 + DEFAULT_DECAY.halfLifeSec);
    const m = decayMean(s);
    // weights 0.5 (A) and 1 (B): A gets 1/3, B 2/3.
    expect(m[0]).toBeCloseTo(1 / 3, 6);
    expect(m[1]).toBeCloseTo(2 / 3, 6);
  });

  it('ages by time, not by frame count: the same span at 2 or 10 fps ends in the same place', () => {
    const run = (fps: number): Float32Array => {
      let s = emptyDecay(3);
      for (let i = 0; i < 3 * fps; i++) s = decayUpdate(s, A, i / fps);
      for (let i = 0; i < 2 * fps; i++) s = decayUpdate(s, B, 3 + i / fps);
      return decayMean(s);
    };
    expect(run(2)[1]).toBeGreaterThan(0.7);
    expect(Math.abs(run(2)[1]! - run(10)[1]!)).toBeLessThan(0.08);
  });

  it('lets a new class take over within about a second at the default half-life', () => {
    let s = emptyDecay(3);
    for (let i = 0; i < 40; i++) s = decayUpdate(s, A, i / 8);
    let t = 40 / 8;
    let frames = 0;
    while (decayMean(s)[1]! <= decayMean(s)[0]!) {
      s = decayUpdate(s, B, t);
      t += 1 / 8;
      frames++;
    }
    expect(frames).toBeGreaterThan(1); // one odd frame does not flip the label
    expect(frames).toBeLessThanOrEqual(9); // ~1 s at 8 fps
  });

  it('keeps probabilities summing to 1, and leaves the input state untouched', () => {
    const s0 = decayUpdate(emptyDecay(3), [0.5, 0.25, 0.25], 0);
    const s1 = decayUpdate(s0, [0.1, 0.1, 0.8], 0.3);
    expect(decayMean(s1).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(s0.frames).toBe(1);
    expect(decayMean(s0)[0]).toBeCloseTo(0.5, 6);
  });

  it('rejects a wrong number of classes and a non-positive half-life', () => {
    expect(() => decayUpdate(emptyDecay(3), [1, 0], 0)).toThrow(RangeError);
    expect(() => decayUpdate(emptyDecay(2), [1, 0], 0, { halfLifeSec: 0 })).toThrow(RangeError);
  });
});
