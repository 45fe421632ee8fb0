// Teaching on real features: the loss falls and held-out sources are recognised above chance, a seed
// reproduces a run, cancellation stops it, and cross-validation keeps every source in one fold.
import { beforeAll, describe, expect, it } from 'vitest';
import { meanNll } from '../../src/teach/calibration';
import type { TeachClip } from '../../src/teach/dataset';
import { sizeForData } from '../../src/teach/headModel';
import { crossValidate, planFolds, trainHead, type TrainOptions } from '../../src/teach/train';
import { realDataset, useCpuBackend } from './fixtures';

const data = realDataset();
const sizing = sizeForData(data.clips.length, data.labels.length, data.featureDim, 2);
const quick = (overrides: Partial<TrainOptions> = {}): TrainOptions => ({
  config: sizing.ssm,
  epochs: 12,
  batchSize: 8,
  learningRate: 3e-3,
  weightDecay: 0.05,
  labelSmoothing: 0,
  seed: 3,
  ...overrides,
});

beforeAll(useCpuBackend);

describe('trainHead', () => {
  it('lowers the loss, reports every epoch, and is reproducible with a seed', async () => {
    const seen: number[] = [];
    const a = await trainHead(data, quick(), (p) => seen.push(p.epoch));
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(a.history.at(-1)!.loss).toBeLessThan(a.history[0]!.loss * 0.5);
    expect(a.history.at(-1)!.trainAccuracy).toBeGreaterThan(0.9);
    const b = await trainHead(data, quick());
    expect(b.history.map((h) => h.loss)).toEqual(a.history.map((h) => h.loss));
    const c = await trainHead(data, quick({ seed: 4, epochs: 2 }));
    expect(c.history[0]!.loss).not.toBe(a.history[0]!.loss);
  });

  it('stops with an AbortError when cancelled', async () => {
    const controller = new AbortController();
    const run = trainHead(data, quick({ epochs: 50 }), (p) => p.epoch === 2 && controller.abort(), controller.signal);
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('crossValidate', () => {
  it('recognises clips of unseen groups above chance, with calibrated out-of-fold numbers', async () => {
    const cv = await crossValidate(data, quick({ config: sizing.linear, epochs: 15 }));
    expect(cv.folds).toBe(3); // three groups per class
    expect(cv.logits).toHaveLength(data.clips.length);
    expect(cv.accuracy).toBeGreaterThan(0.6); // chance is 1/3
    expect(cv.confusion.flat().reduce((a, b) => a + b, 0)).toBe(data.clips.length);
    expect(cv.perClassRecall).toHaveLength(3);
    expect(cv.calibration.temperature).toBeGreaterThan(0);
    const truths = data.clips.map((c) => c.label);
    expect(meanNll(cv.logits, truths, cv.calibration.temperature)).toBeLessThanOrEqual(meanNll(cv.logits, truths, 1));
    expect(cv.calibration.ece).toBeGreaterThanOrEqual(0);
  }, 30_000);
});

describe('crossValidate with a class from one source', () => {
  it('still scores: that class is tested on folds trained without it, and the warning says so', async () => {
    const oneSource = { ...data, clips: data.clips.map((c) => (c.label === 0 ? { ...c, source: 'only-video' } : c)) };
    const cv = await crossValidate(oneSource, quick({ config: sizing.linear, epochs: 3 }));
    expect(cv.logits).toHaveLength(data.clips.length);
    expect(cv.perClassRecall[0]).toBe(0); // never trained on when tested: honest, and low
    expect(cv.warnings.join('\n')).toMatch(new RegExp(`"${data.labels[0]}" comes from one source only`));
  }, 30_000);
});

describe('planFolds', () => {
  const rng = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const clipsOf = (sources: { label: number; source: string; n: number }[]): TeachClip[] =>
    sources.flatMap((s) => Array.from({ length: s.n }, () => ({ views: [], label: s.label, source: s.source })));

  it('keeps every source in one fold, and each fold holds every class that has enough sources (random datasets)', () => {
    for (let trial = 0; trial < 200; trial++) {
      const r = rng(trial + 1);
      const classes = 2 + Math.floor(r() * 4);
      const sources = Array.from({ length: classes }, (_, c) =>
        Array.from({ length: 2 + Math.floor(r() * 7) }, (_, s) => ({ label: c, source: `c${c}s${s}`, n: 1 + Math.floor(r() * 4) })),
      ).flat();
      const clips = clipsOf(sources);
      const plan = planFolds(clips, Array.from({ length: classes }, (_, c) => `class${c}`));
      const foldOf = new Map<string, number>();
      clips.forEach((clip, i) => {
        expect(foldOf.get(clip.source) ?? plan.fold[i]).toBe(plan.fold[i]);
        foldOf.set(clip.source, plan.fold[i]!);
      });
      expect(plan.folds).toBeGreaterThanOrEqual(2);
      expect(plan.folds).toBeLessThanOrEqual(5);
      for (let c = 0; c < classes; c++) {
        const folds = new Set(clips.flatMap((clip, i) => (clip.label === c ? [plan.fold[i]] : [])));
        expect(folds.size).toBe(plan.folds); // k ≤ the fewest sources of any class
      }
    }
  });

  it('warns about a class with too few clips or a single source, and refuses one source in all', () => {
    const plan = planFolds(clipsOf([{ label: 0, source: 'a', n: 2 }, { label: 1, source: 'b', n: 3 }, { label: 1, source: 'c', n: 3 }]), ['cat', 'dog']);
    expect(plan.warnings.join('\n')).toMatch(/"cat" has only 2 clips/);
    expect(plan.warnings.join('\n')).toMatch(/"cat" comes from one source only/);
    expect(() => planFolds(clipsOf([{ label: 0, source: 'a', n: 3 }, { label: 1, source: 'a', n: 3 }]), ['cat', 'dog'])).toThrow(
      expect.objectContaining({ code: 'TooFewSources' }),
    );
  });
});
