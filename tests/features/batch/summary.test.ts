import { describe, expect, it } from 'vitest';
import { summarizeClip } from '../../../src/features/batch/summary';
import { decideClip, NONE_OF_THESE } from '../../../src/pipeline/postprocess';
import type { HeadRun } from '../../../src/store/types';

const labels = ['Archery', 'Surfing'];
const run = (headId: string, kind: 'ssm' | 'lstm', final: number[], ood?: { score: number; threshold: number }, unsureBelow?: number): HeadRun => ({
  headId,
  kind,
  title: kind.toUpperCase(),
  parameters: 42,
  probabilities: [final, final],
  decision: decideClip(final, labels, ood, unsureBelow),
  ms: 3.5,
  msPerStep: null,
});

describe('summarizeClip', () => {
  it('keeps each head’s decision ("none of these" applied) and no per-frame data', () => {
    const heads = [run('ssm', 'ssm', [0.8, 0.2]), run('lstm', 'lstm', [0.3, 0.7], { score: 9, threshold: 5 }, 0.75)];
    const summary = summarizeClip('ucf', 'ssm', {
      heads,
      ood: { method: 'mahalanobis', score: 9, threshold: 5, outOfScope: true },
      timings: { loadModelMs: 1, decodeMs: 2, preprocessMs: 3, cnnMs: 4, headMs: {}, oodMs: 5, totalMs: 1234 },
      frames: [{}, {}],
    });
    expect(summary).toEqual({
      packId: 'ucf',
      defaultHeadId: 'ssm',
      oodScore: 9,
      oodThreshold: 5,
      frames: 2,
      totalMs: 1234,
      heads: [
        { headId: 'ssm', kind: 'ssm', title: 'SSM', parameters: 42, label: 'Archery', predicted: 'Archery', confidence: 0.8, outOfScope: false, unsure: false, ms: 3.5 },
        { headId: 'lstm', kind: 'lstm', title: 'LSTM', parameters: 42, label: NONE_OF_THESE, predicted: 'Surfing', confidence: 0.7, outOfScope: true, unsure: true, ms: 3.5 },
      ],
    });
    expect(JSON.stringify(summary)).not.toContain('probabilities');
  });
});
