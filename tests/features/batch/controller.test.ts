import { describe, expect, it } from 'vitest';
import { BatchController } from '../../../src/features/batch/controller';
import { ClipJobs } from '../../../src/engine/clipJobs';
import type { ClipClassifier, ClipSummary } from '../../../src/engine/clipSummary';
import type { PickedFile } from '../../../src/features/files/picked';
import { abortError, ReelscopeError } from '../../../src/pipeline/errors';

const summary: ClipSummary = {
  packId: 'p',
  defaultHeadId: 'ssm',
  heads: [{ headId: 'ssm', kind: 'ssm', title: 'SSM', parameters: 1, label: 'Archery', predicted: 'Archery', confidence: 0.9, outOfScope: false, unsure: false, ms: 1 }],
  oodScore: null,
  oodThreshold: null,
  frames: 8,
  totalMs: 100,
  readFraction: null,
};

/** A classifier the test finishes by hand; a rejected abort when the signal aborts. */
function manualClassifier() {
  const pending = new Map<string, { resolve: (s: ClipSummary) => void; reject: (e: unknown) => void }>();
  const classify: ClipClassifier = (file, { signal, onProgress }) =>
    new Promise((resolve, reject) => {
      onProgress?.({ stage: 'decode', done: 1, total: 8 });
      pending.set(file.name, { resolve, reject });
      signal.addEventListener('abort', () => reject(abortError()));
    });
  return { classify, pending };
}

const picked = (name: string): PickedFile => ({ file: new File(['x'], name), path: `dir/${name}` });
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('BatchController', () => {
  it('shows a row per file at once, running ones with progress, then results and errors', async () => {
    const { classify, pending } = manualClassifier();
    const c = new BatchController(new ClipJobs(classify, 1), { packId: () => 'p' });
    c.add([picked('a.avi'), picked('b.avi')]);
    expect(c.store.getState().rows.map((r) => r.status)).toEqual(['queued', 'queued']);
    await tick();
    const [a, b] = c.store.getState().rows;
    expect(a!.status).toBe('running');
    expect(a!.progress).toEqual({ stage: 'decode', done: 1, total: 8 });
    expect(b!.status).toBe('queued');
    pending.get('a.avi')!.resolve(summary);
    await tick();
    pending.get('b.avi')!.reject(new ReelscopeError('NotAVideo', 'not a video'));
    await c.idle();
    const rows = c.store.getState().rows;
    expect(rows[0]).toMatchObject({ status: 'done', label: 'Archery', confidence: 0.9, head: 'ssm', ms: 100, progress: null });
    expect(rows[1]).toMatchObject({ status: 'error', error: { code: 'NotAVideo', message: 'not a video' } });
    expect(c.csv().split('\r\n')[1]).toBe('dir/a.avi,done,Archery,0.9,ssm,100,,,');
  });

  it('cancelAll marks running and waiting rows cancelled, with no error', async () => {
    const { classify } = manualClassifier();
    const c = new BatchController(new ClipJobs(classify, 1), { packId: () => 'p' });
    c.add([picked('a.avi'), picked('b.avi')]);
    await tick();
    c.cancelAll();
    await c.idle();
    expect(c.store.getState().rows.map((r) => [r.status, r.error])).toEqual([
      ['cancelled', null],
      ['cancelled', null],
    ]);
    c.clearFinished();
    expect(c.store.getState().rows).toEqual([]);
  });

  it('re-decides finished rows of a pack when its out-of-scope threshold moves', async () => {
    const { classify, pending } = manualClassifier();
    const c = new BatchController(new ClipJobs(classify, 1), { packId: () => 'p' });
    c.add([picked('a.avi')]);
    await tick();
    pending.get('a.avi')!.resolve({ ...summary, oodScore: 6, oodThreshold: 7 });
    await c.idle();
    expect(c.store.getState().rows[0]!.label).toBe('Archery');
    c.setOodThreshold('p', 4);
    expect(c.store.getState().rows[0]).toMatchObject({ label: 'none of these', confidence: 0.9 });
    expect(c.json()).toContain('"outOfScope": true');
    const rows = c.store.getState().rows;
    c.setOodThreshold('q', 100);
    expect(c.store.getState().rows).toBe(rows);
  });
});
