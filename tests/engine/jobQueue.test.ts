import { describe, expect, it } from 'vitest';
import { defaultConcurrency, JobQueue, type JobEvent } from '../../src/engine/jobQueue';
import { abortError, ReelscopeError } from '../../src/pipeline/errors';

interface Deferred {
  item: string;
  signal: AbortSignal;
  resolve: (value: string) => void;
  reject: (error: unknown) => void;
}

/** A queue whose jobs finish only when the test says so. */
function harness(concurrency: number) {
  const started: Deferred[] = [];
  const events: JobEvent<string>[] = [];
  const queue = new JobQueue<string, string>({
    concurrency,
    run: (item, signal) =>
      new Promise<string>((resolve, reject) => {
        started.push({ item, signal, resolve, reject });
      }),
    onEvent: (e) => events.push(e),
  });
  const ends = () => events.filter((e) => e.type !== 'start').map((e) => `${e.id}:${e.type}`);
  return { queue, started, events, ends };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('JobQueue', () => {
  it('never runs more than `concurrency` jobs and starts them in FIFO order', async () => {
    const { queue, started } = harness(2);
    const ids = queue.add(['a', 'b', 'c', 'd', 'e']);
    expect(ids).toEqual([1, 2, 3, 4, 5]);
    expect(started, 'nothing starts during add()').toHaveLength(0);
    await tick();
    expect(started.map((s) => s.item)).toEqual(['a', 'b']);
    expect(queue.runningCount).toBe(2);
    expect(queue.queuedCount).toBe(3);
    started[1]!.resolve('B');
    await tick();
    expect(started.map((s) => s.item)).toEqual(['a', 'b', 'c']);
    expect(queue.runningCount).toBe(2);
    started[0]!.resolve('A');
    started[2]!.resolve('C');
    await tick();
    expect(started.map((s) => s.item)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('reports results and errors per job, and resolves idle() when all are finished', async () => {
    const { queue, started, ends, events } = harness(1);
    queue.add(['ok', 'bad']);
    const idle = queue.idle();
    await tick();
    started[0]!.resolve('fine');
    await tick();
    started[1]!.reject(new ReelscopeError('NotAVideo', 'not a video'));
    await idle;
    expect(ends()).toEqual(['1:done', '2:error']);
    const done = events.find((e) => e.type === 'done');
    expect(done && done.type === 'done' && done.result).toBe('fine');
    const error = events.find((e) => e.type === 'error');
    expect(error && error.type === 'error' && (error.error as ReelscopeError).code).toBe('NotAVideo');
    expect(queue.status(2)).toBe('error');
  });

  it('drops a cancelled queued job without running it', async () => {
    const { queue, started, ends } = harness(1);
    queue.add(['a', 'b', 'c']);
    await tick();
    expect(queue.cancel(2)).toBe(true);
    started[0]!.resolve('A');
    await tick();
    expect(started.map((s) => s.item)).toEqual(['a', 'c']);
    expect(ends()).toEqual(['2:cancelled', '1:done']);
  });

  it('aborts a running job: reported as cancelled at once, not as an error, and its slot is freed when it settles', async () => {
    const { queue, started, ends } = harness(1);
    queue.add(['a', 'b']);
    await tick();
    queue.cancel(1);
    expect(started[0]!.signal.aborted).toBe(true);
    expect(ends()).toEqual(['1:cancelled']);
    // Still winding down: the next job waits for the slot.
    expect(started).toHaveLength(1);
    started[0]!.reject(abortError());
    await tick();
    expect(started.map((s) => s.item)).toEqual(['a', 'b']);
    expect(ends()).toEqual(['1:cancelled']);
    expect(queue.status(1)).toBe('cancelled');
  });

  it('ignores the result of a cancelled job that finishes anyway', async () => {
    const { queue, started, ends } = harness(1);
    queue.add(['a']);
    await tick();
    queue.cancel(1);
    started[0]!.resolve('late');
    await queue.idle();
    expect(ends()).toEqual(['1:cancelled']);
  });

  it('treats an AbortError from the job as cancelled even when nobody called cancel', async () => {
    const { queue, started, ends } = harness(1);
    queue.add(['a']);
    await tick();
    started[0]!.reject(abortError());
    await queue.idle();
    expect(ends()).toEqual(['1:cancelled']);
  });

  it('cancelAll cancels running and queued jobs and leaves finished ones alone', async () => {
    const { queue, started, ends } = harness(2);
    queue.add(['a', 'b', 'c', 'd']);
    await tick();
    started[0]!.resolve('A');
    await tick();
    queue.cancelAll();
    expect(started.map((s) => s.item)).toEqual(['a', 'b', 'c']);
    expect(started[1]!.signal.aborted && started[2]!.signal.aborted).toBe(true);
    expect(ends().sort()).toEqual(['1:done', '2:cancelled', '3:cancelled', '4:cancelled']);
    expect(queue.cancel(1)).toBe(false);
    started[1]!.reject(abortError());
    started[2]!.reject(abortError());
    await queue.idle();
    expect(started).toHaveLength(3);
  });

  it('turns a run that throws synchronously into that job’s error', async () => {
    const events: JobEvent<number>[] = [];
    const queue = new JobQueue<number, number>({
      concurrency: 1,
      run: (n) => {
        if (n === 0) throw new Error('boom');
        return Promise.resolve(n);
      },
      onEvent: (e) => events.push(e),
    });
    queue.add([0, 1]);
    await queue.idle();
    expect(events.filter((e) => e.type !== 'start').map((e) => e.type)).toEqual(['error', 'done']);
  });

  it('rejects a concurrency that is not a positive integer', () => {
    expect(() => new JobQueue({ concurrency: 0, run: async () => 0 })).toThrow(RangeError);
    expect(() => new JobQueue({ concurrency: 1.5, run: async () => 0 })).toThrow(RangeError);
  });

  it('raising the concurrency starts waiting jobs at once', async () => {
    const { queue, started } = harness(1);
    queue.add(['a', 'b', 'c']);
    await tick();
    expect(started).toHaveLength(1);
    queue.setConcurrency(3);
    expect(started).toHaveLength(3);
  });
});

describe('defaultConcurrency', () => {
  it('is one clip per two cores, between 1 and 2', () => {
    expect(defaultConcurrency(undefined)).toBe(1);
    expect(defaultConcurrency(1)).toBe(1);
    expect(defaultConcurrency(2)).toBe(1);
    expect(defaultConcurrency(4)).toBe(2);
    expect(defaultConcurrency(16)).toBe(2);
  });
});
