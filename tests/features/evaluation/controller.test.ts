import { describe, expect, it } from 'vitest';
import { ClipJobs } from '../../../src/engine/clipJobs';
import type { ClipClassifier, ClipSummary } from '../../../src/engine/clipSummary';
import type { PickedFile } from '../../../src/features/files/picked';
import { EvaluationController } from '../../../src/features/evaluation/controller';
import { selectReport } from '../../../src/features/evaluation/store';
import { ReelscopeError } from '../../../src/pipeline/errors';
import { NONE_OF_THESE } from '../../../src/pipeline/postprocess';

/** Says what the file name says: "Surfing-1.avi" → Surfing from both heads; "bad" files fail. */
const classify: ClipClassifier = async (file, { packId }) => {
  if (file.name.startsWith('bad')) throw new ReelscopeError('TruncatedFile', 'cut short');
  const label = file.name.split('-')[0]!;
  const head = (headId: 'ssm' | 'lstm') => ({ headId, kind: headId, title: headId, parameters: 1, label, predicted: label, confidence: 0.8, outOfScope: false, unsure: false, ms: 1 });
  const summary: ClipSummary = { packId: packId!, defaultHeadId: 'ssm', heads: [head('ssm'), head('lstm')], oodScore: null, oodThreshold: null, frames: 8, totalMs: 10 , readFraction: null};
  return summary;
};

const picked = (path: string): PickedFile => ({ file: new File(['x'], path.split('/').pop()!), path });

describe('EvaluationController', () => {
  it('labels clips by folder, scores every head, lists failures and files outside class folders, opens clips', async () => {
    const opened: string[] = [];
    const c = new EvaluationController({
      jobs: new ClipJobs(classify, 2),
      pack: () => ({ id: 'ucf', labels: ['Archery', 'Surfing'], canAbstain: true }),
      selectedHead: () => 'lstm',
      openClip: (file) => opened.push(file.name),
    });
    expect(
      c.run([
        picked('d/Archery/Archery-1.avi'),
        picked('d/Archery/Surfing-2.avi'),
        picked('d/Surfing/Surfing-3.avi'),
        picked('d/BenchPress/none of these-4.avi'),
        picked('d/Surfing/bad-5.avi'),
        picked('loose.avi'),
      ]),
    ).toBe(true);
    expect(c.store.getState().status).toBe('running');
    await new Promise<void>((resolve) => {
      const stop = c.store.subscribe((s) => s.status === 'done' && (stop(), resolve()));
    });
    const state = c.store.getState();
    expect(state.focusHeadId).toBe('lstm');
    expect(state.ignored).toEqual(['loose.avi']);
    expect(state.clips.map((x) => x.truth)).toEqual(['Archery', 'Archery', 'Surfing', NONE_OF_THESE, 'Surfing']);
    const report = selectReport(state)!;
    expect(report.evaluated).toBe(4);
    expect(report.heads.map((h) => [h.headId, h.metrics.accuracy])).toEqual([
      ['ssm', 0.75],
      ['lstm', 0.75],
    ]);
    expect(report.failed).toEqual([{ path: 'd/Surfing/bad-5.avi', error: { code: 'TruncatedFile', message: 'cut short' } }]);
    c.openClip(report.heads[0]!.misclassified[0]!.clipId);
    expect(opened).toEqual(['Surfing-2.avi']);
  });

  it('does nothing until a pack is ready', () => {
    const c = new EvaluationController({ jobs: new ClipJobs(classify, 1), pack: () => null, selectedHead: () => null, openClip: () => undefined });
    expect(c.run([picked('d/Archery/a.avi')])).toBe(false);
    expect(c.store.getState().status).toBe('idle');
  });

  it('re-scores a finished run when the out-of-scope threshold moves, from the scores its clips kept', async () => {
    // Clip "<Class>-<score>.avi": the heads choose <Class>; the detector scores it <score>, decided at 5.
    const scoring: ClipClassifier = async (file, { packId }) => {
      const [label, score] = file.name.replace('.avi', '').split('-') as [string, string];
      const oodScore = Number(score);
      const out = oodScore > 5;
      const head = (headId: 'ssm' | 'lstm') => ({
        headId, kind: headId, title: headId, parameters: 1, label: out ? NONE_OF_THESE : label, predicted: label, confidence: 0.8, outOfScope: out, unsure: false, ms: 1,
      });
      return { packId: packId!, defaultHeadId: 'ssm', heads: [head('ssm'), head('lstm')], oodScore, oodThreshold: 5, frames: 8, totalMs: 10 , readFraction: null};
    };
    const c = new EvaluationController({
      jobs: new ClipJobs(scoring, 1),
      pack: () => ({ id: 'ucf', labels: ['Archery', 'Surfing'], canAbstain: true }),
      selectedHead: () => 'ssm',
      openClip: () => undefined,
    });
    c.run([picked('d/Archery/Archery-6.avi'), picked('d/BenchPress/Surfing-9.avi'), picked('d/Surfing/Surfing-1.avi')]);
    await new Promise<void>((resolve) => {
      const stop = c.store.subscribe((s) => s.status === 'done' && (stop(), resolve()));
    });
    const accuracy = () => selectReport(c.store.getState())!.heads[0]!.metrics.accuracy;
    expect(accuracy()).toBeCloseTo(2 / 3); // the Archery clip (6 > 5) is wrongly "none"
    c.setOodThreshold('ucf', 7);
    expect(accuracy()).toBe(1); // 6 ≤ 7: Archery; 9 > 7: still "none"
    expect(selectReport(c.store.getState())!.oodThresholds).toEqual([7]);
    c.setOodThreshold('ucf', 0.5);
    expect(accuracy()).toBeCloseTo(1 / 3); // only the BenchPress clip is right now
    const before = c.store.getState().clips;
    c.setOodThreshold('another-pack', 100);
    expect(c.store.getState().clips).toBe(before);
  });
});
