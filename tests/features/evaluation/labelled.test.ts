import { describe, expect, it } from 'vitest';
import type { ClipSummary, HeadOutcome } from '../../../src/engine/clipSummary';
import { classOfPath, evaluateClips, truthOf, type EvalClip, type PackView } from '../../../src/features/evaluation/labelled';
import { evaluate } from '../../../src/pipeline/metrics';
import { NONE_OF_THESE } from '../../../src/pipeline/postprocess';

const pack: PackView = { id: 'p', labels: ['Archery', 'Surfing'], canAbstain: true };

const head = (headId: 'ssm' | 'lstm', label: string, ms: number): HeadOutcome => ({
  headId,
  kind: headId,
  title: headId.toUpperCase(),
  parameters: headId === 'ssm' ? 100 : 400,
  label,
  predicted: label === NONE_OF_THESE ? 'Archery' : label,
  confidence: 0.7,
  outOfScope: label === NONE_OF_THESE,
  unsure: false,
  ms,
});

let nextId = 1;
function clip(path: string, ssm: string, lstm: string): EvalClip {
  const className = classOfPath(path)!;
  const summary: ClipSummary = { packId: 'p', defaultHeadId: 'ssm', heads: [head('ssm', ssm, 2), head('lstm', lstm, 6)], oodScore: 1, oodThreshold: null, frames: 8, totalMs: 1000 , readFraction: null};
  return { id: nextId++, path, className, truth: truthOf(className, pack), status: 'done', summary, error: null };
}

describe('classOfPath', () => {
  it('is the parent folder', () => {
    expect(classOfPath('data/Archery/a.avi')).toBe('Archery');
    expect(classOfPath('Archery/a.avi')).toBe('Archery');
    expect(classOfPath('a.avi')).toBeNull();
  });
});

describe('evaluateClips', () => {
  const clips: EvalClip[] = [
    clip('d/Archery/a1.avi', 'Archery', 'Archery'),
    clip('d/Archery/a2.avi', 'Surfing', 'Archery'),
    clip('d/Surfing/s1.avi', 'Surfing', 'Surfing'),
    clip('d/Surfing/s2.avi', 'Surfing', NONE_OF_THESE),
    clip('d/BenchPress/b1.avi', NONE_OF_THESE, 'Surfing'),
    { id: 99, path: 'd/Surfing/broken.avi', className: 'Surfing', truth: 'Surfing', status: 'error', summary: null, error: { code: 'NotAVideo', message: 'x' } },
  ];
  const report = evaluateClips(clips, pack);

  it('scores each head with the shared evaluate(), over the finished clips only', () => {
    expect(report.labels).toEqual(['Archery', 'Surfing', NONE_OF_THESE]);
    expect(report.evaluated).toBe(5);
    const truths = ['Archery', 'Archery', 'Surfing', 'Surfing', NONE_OF_THESE];
    const [ssm, lstm] = report.heads;
    expect(ssm!.metrics).toEqual(evaluate(truths, ['Archery', 'Surfing', 'Surfing', 'Surfing', NONE_OF_THESE], report.labels));
    expect(lstm!.metrics).toEqual(evaluate(truths, ['Archery', 'Archery', 'Surfing', NONE_OF_THESE, 'Surfing'], report.labels));
    expect(ssm!.metrics.accuracy).toBeCloseTo(4 / 5);
    expect(lstm!.metrics.accuracy).toBeCloseTo(3 / 5);
    expect(ssm!.metrics.confusion[2]).toEqual([0, 0, 1]);
  });

  it('lists each head’s misclassified clips, its parameters and latency', () => {
    const [ssm, lstm] = report.heads;
    expect(ssm!.misclassified.map((m) => [m.path, m.truth, m.label])).toEqual([['d/Archery/a2.avi', 'Archery', 'Surfing']]);
    expect(lstm!.misclassified.map((m) => m.path)).toEqual(['d/Surfing/s2.avi', 'd/BenchPress/b1.avi']);
    expect(ssm!.parameters).toBe(100);
    expect(lstm!.headMs.p50).toBe(6);
    expect(report.failed).toEqual([{ path: 'd/Surfing/broken.avi', error: { code: 'NotAVideo', message: 'x' } }]);
  });

  it('measures each head’s confidence on the in-scope clips, by the class it chose before the out-of-scope check', () => {
    const [ssm, lstm] = report.heads;
    expect(ssm!.confidence.n).toBe(4); // BenchPress has no right class
    expect(ssm!.confidence.ece).toBeCloseTo(Math.abs(3 / 4 - 0.7), 12); // 3 of 4 right at 0.7
    expect(ssm!.confidence.confidenceAuroc).toBe(0.5); // equal confidences cannot separate right from wrong
    // lstm said "none" on s2, having chosen Archery: wrong for confidence, too.
    expect(lstm!.confidence.ece).toBeCloseTo(Math.abs(3 / 4 - 0.7), 12); // s2 is its one miss
    expect(ssm!.confidence.reliability.bins[10]!.count).toBe(4);
  });

  it('cannot give a truth for an unknown class when the pack cannot abstain', () => {
    const strict: PackView = { ...pack, canAbstain: false };
    expect(truthOf('BenchPress', strict)).toBeNull();
    const report2 = evaluateClips([{ ...clips[0]!, truth: null }], strict);
    expect(report2.unlabelled).toEqual(['d/Archery/a1.avi']);
    expect(report2.heads).toEqual([]);
    expect(report2.labels).toEqual(['Archery', 'Surfing']);
  });
});
