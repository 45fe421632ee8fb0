import { describe, expect, it } from 'vitest';
import { summarizeClip, summaryAtThreshold } from '../../src/engine/clipSummary';
import { mapChanged } from '../../src/store/lists';
import { decideClip, NONE_OF_THESE } from '../../src/pipeline/postprocess';
import type { ClipMetadata } from '../../src/pipeline/probe';
import type { HeadRun } from '../../src/store/types';

const labels = ['Archery', 'Surfing'];
/** A 4 s clip read whole, or (`readSec`) only in part. */
const metadata = (readSec = 4): ClipMetadata => ({
  container: 'matroska', codec: 'h264', streamIndex: 0, width: 320, height: 240, rotation: 0, displayWidth: 320, displayHeight: 240,
  fps: 25, offsetSec: 0, durationSec: readSec, lastFrameSec: readSec - 0.04, declaredDurationSec: 4, seekable: true,
});
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
      metadata: metadata(),
    });
    expect(summary).toEqual({
      packId: 'ucf',
      defaultHeadId: 'ssm',
      oodScore: 9,
      oodThreshold: 5,
      frames: 2,
      totalMs: 1234,
      readFraction: null,
      heads: [
        { headId: 'ssm', kind: 'ssm', title: 'SSM', parameters: 42, label: 'Archery', predicted: 'Archery', confidence: 0.8, outOfScope: false, unsure: false, ms: 3.5 },
        { headId: 'lstm', kind: 'lstm', title: 'LSTM', parameters: 42, label: NONE_OF_THESE, predicted: 'Surfing', confidence: 0.7, outOfScope: true, unsure: true, ms: 3.5 },
      ],
    });
    expect(JSON.stringify(summary)).not.toContain('probabilities');
  });
  it('keeps how much of a cut-short clip could be read', () => {
    const partial = summarizeClip('ucf', 'ssm', { heads: [run('ssm', 'ssm', [0.8, 0.2])], ood: null, timings: { loadModelMs: 1, decodeMs: 2, preprocessMs: 3, cnnMs: 4, headMs: {}, oodMs: 0, totalMs: 10 }, frames: [{}], metadata: metadata(2) });
    expect(partial.readFraction).toBe(0.5);
  });
});

describe('summaryAtThreshold', () => {
  const heads = [run('ssm', 'ssm', [0.8, 0.2], { score: 9, threshold: 5 }), run('lstm', 'lstm', [0.3, 0.7], { score: 9, threshold: 5 }, 0.75)];
  const timings = { loadModelMs: 1, decodeMs: 2, preprocessMs: 3, cnnMs: 4, headMs: {}, oodMs: 5, totalMs: 1234 };
  const summary = summarizeClip('ucf', 'ssm', { heads, ood: { method: 'm', score: 9, threshold: 5, outOfScope: true }, timings, frames: [{}], metadata: metadata() });

  it('re-decides every head from the kept score, keeping what the heads chose and how sure they were', () => {
    expect(summary.heads.map((h) => h.label)).toEqual([NONE_OF_THESE, NONE_OF_THESE]);
    const looser = summaryAtThreshold(summary, 10);
    expect(looser.oodThreshold).toBe(10);
    expect(looser.heads.map((h) => [h.label, h.outOfScope, h.predicted, h.unsure])).toEqual([
      ['Archery', false, 'Archery', false],
      ['Surfing', false, 'Surfing', true],
    ]);
    expect(summaryAtThreshold(looser, 5)).toEqual(summary);
  });
  it('is the same summary without a detector or at the threshold it was decided at', () => {
    expect(summaryAtThreshold(summary, 5)).toBe(summary);
    const noOod = { ...summary, oodScore: null, oodThreshold: null };
    expect(summaryAtThreshold(noOod, 1)).toBe(noOod);
  });
  it('mapChanged keeps the array when nothing changes', () => {
    const list = [{ a: 1 }, { a: 2 }];
    expect(mapChanged(list, (x) => x)).toBe(list);
    const next = mapChanged(list, (x) => (x.a === 2 ? { a: 3 } : x));
    expect(next).toEqual([{ a: 1 }, { a: 3 }]);
    expect(next[0]).toBe(list[0]);
  });
});
