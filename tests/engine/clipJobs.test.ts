import { describe, expect, it } from 'vitest';
import { ClipJobs } from '../../src/engine/clipJobs';
import type { ClipClassifier, ClipSummary } from '../../src/engine/clipSummary';
import type { JobEvent } from '../../src/engine/jobQueue';
import { abortError } from '../../src/pipeline/errors';

const summary = (packId: string): ClipSummary => ({
  packId, defaultHeadId: 'ssm', heads: [], oodScore: null, oodThreshold: null, frames: 16, totalMs: 1, readFraction: null,
});

/** Clips that finish when the test says; records the order clips started in. */
function manual() {
  const started: string[] = [];
  const pending = new Map<string, () => void>();
  const classify: ClipClassifier = (file, { signal }) =>
    new Promise((resolve, reject) => {
      started.push(file.name);
      pending.set(file.name, () => resolve(summary(file.name)));
      signal.addEventListener('abort', () => reject(abortError()));
    });
  return { classify, started, pending };
}

const clip = (name: string) => ({ file: new File(['x'], name) });
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('ClipJobs', () => {
  it('runs everyone’s clips within one limit, first come first served, and tells each caller only of its own', async () => {
    const { classify, started, pending } = manual();
    const jobs = new ClipJobs(classify, 1);
    const batchEvents: JobEvent<ClipSummary>[] = [];
    const evalEvents: JobEvent<ClipSummary>[] = [];
    const batch = jobs.add([clip('b1'), clip('b2')], (e) => batchEvents.push(e));
    const evaluation = jobs.add([clip('e1')], (e) => evalEvents.push(e));
    await tick();
    expect(started).toEqual(['b1']);
    pending.get('b1')!();
    await tick();
    pending.get('b2')!();
    await tick();
    expect(started).toEqual(['b1', 'b2', 'e1']);
    pending.get('e1')!();
    await jobs.settled([...batch, ...evaluation]);
    expect(batchEvents.map((e) => `${e.id}:${e.type}`)).toEqual([`${batch[0]}:start`, `${batch[0]}:done`, `${batch[1]}:start`, `${batch[1]}:done`]);
    expect(evalEvents.map((e) => e.type)).toEqual(['start', 'done']);
  });

  it("cancels one caller's clips without touching another's, and settles each caller separately", async () => {
    const { classify, started, pending } = manual();
    const jobs = new ClipJobs(classify, 1);
    const ends: string[] = [];
    const batch = jobs.add([clip('b1'), clip('b2')], (e) => e.type !== 'start' && ends.push(`b:${e.type}`));
    const evaluation = jobs.add([clip('e1')], (e) => e.type !== 'start' && ends.push(`e:${e.type}`));
    await tick();
    jobs.cancelAll(batch);
    await jobs.settled(batch);
    expect(ends).toEqual(['b:cancelled', 'b:cancelled']);
    expect(jobs.status(evaluation[0]!)).not.toBe('cancelled');
    await tick();
    expect(started).toEqual(['b1', 'e1']);
    let settled = false;
    void jobs.settled(evaluation).then(() => (settled = true));
    await tick();
    expect(settled).toBe(false);
    pending.get('e1')!();
    await jobs.settled(evaluation);
    expect(ends).toEqual(['b:cancelled', 'b:cancelled', 'e:done']);
    expect(jobs.activeIds()).toEqual([]);
  });
});
