// The training noise's random numbers (src/teach/noise.ts): a seed reproduces them, another seed does
// not, and they have the distributions dropout and feature noise ask for.
import { describe, expect, it } from 'vitest';
import { dropoutMask, normalNoise } from '../../src/teach/noise';

/** Φ(x) through erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return 0.5 * (1 + (x >= 0 ? erf : -erf));
}

describe('dropoutMask', () => {
  it('is 0 or 1/(1 − rate), keeps 1 − rate of the values, and a seed reproduces it', () => {
    const n = 200_000;
    for (const rate of [0.1, 0.3]) {
      const mask = dropoutMask(n, rate, 17);
      const scale = 1 / (1 - rate);
      let kept = 0;
      let other = 0;
      for (const m of mask) {
        if (m === Math.fround(scale)) kept++;
        else if (m !== 0) other++;
      }
      expect(other).toBe(0);
      // Binomial: σ of the keep rate is √(p(1 − p)/n) ≈ 0.001; 5σ.
      expect(Math.abs(kept / n - (1 - rate))).toBeLessThan(5 * Math.sqrt((rate * (1 - rate)) / n));
      expect(dropoutMask(n, rate, 17)).toEqual(mask);
      expect(dropoutMask(n, rate, 18)).not.toEqual(mask);
    }
    // no run of equal values in a row longer than chance allows (a stuck generator)
    const mask = dropoutMask(10_000, 0.5, 3);
    let run = 1;
    let longest = 1;
    for (let i = 1; i < mask.length; i++) longest = Math.max(longest, (run = mask[i] === mask[i - 1] ? run + 1 : 1));
    expect(longest).toBeLessThan(30);
  });
});

describe('normalNoise', () => {
  it('is N(0, σ²): mean, variance, tails and the CDF (Kolmogorov–Smirnov); a seed reproduces it', () => {
    const n = 400_000;
    const std = 0.05;
    const z = normalNoise(n, std, 99);
    expect(normalNoise(n, std, 99)).toEqual(z);
    expect(normalNoise(1000, std, 100)).not.toEqual(z.slice(0, 1000));
    let sum = 0;
    let squares = 0;
    let beyond2 = 0;
    let beyond3 = 0;
    for (const v of z) {
      const u = v / std;
      sum += u;
      squares += u * u;
      if (Math.abs(u) > 2) beyond2++;
      if (Math.abs(u) > 3) beyond3++;
    }
    const mean = sum / n;
    const variance = squares / n - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n)); // σ of the mean 1/√n
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n)); // σ of the variance √(2/n)
    const tail = (k: number, expected: number) => expect(Math.abs(k / n - expected)).toBeLessThan(5 * Math.sqrt(expected / n));
    tail(beyond2, 0.0455003);
    tail(beyond3, 0.0026998);
    // The tail beyond the ziggurat's base (3.4426) is drawn apart: values there exist, on both sides.
    expect(z.some((v) => v > 3.5 * std)).toBe(true);
    expect(z.some((v) => v < -3.5 * std)).toBe(true);
    const sorted = Float64Array.from(z, (v) => v / std).sort();
    let ks = 0;
    for (let i = 0; i < n; i += 7) ks = Math.max(ks, Math.abs(normalCdf(sorted[i]!) - i / n), Math.abs(normalCdf(sorted[i]!) - (i + 1) / n));
    expect(ks).toBeLessThan(1.95 / Math.sqrt(n)); // the 0.1 % critical value
  });
});
