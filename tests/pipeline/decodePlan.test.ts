import { describe, expect, it } from 'vitest';
import { PickMatcher, RunFeed, planRuns, reorderSlack } from '../../src/pipeline/decodePlan';

describe('planRuns: picks that share a key packet share one decoder run', () => {
  it('groups by key packet, runs in decode order, picks in time order', () => {
    const runs = planRuns([
      { index: 0, sec: 0.3, keySequence: 0 },
      { index: 1, sec: 0.9, keySequence: 0 },
      { index: 3, sec: 2.7, keySequence: 60 },
      { index: 2, sec: 1.5, keySequence: 30 },
    ]);
    expect(runs).toEqual([
      { keySequence: 0, picks: [{ index: 0, sec: 0.3 }, { index: 1, sec: 0.9 }] },
      { keySequence: 30, picks: [{ index: 2, sec: 1.5 }] },
      { keySequence: 60, picks: [{ index: 3, sec: 2.7 }] },
    ]);
  });

  it('a clip with one key frame is one run for all 16 picks', () => {
    const picks = Array.from({ length: 16 }, (_, i) => ({ index: i, sec: (i + 0.5) * 0.625, keySequence: 0 }));
    expect(planRuns(picks)).toHaveLength(1);
    expect(planRuns(picks)[0]!.picks.map((p) => p.index)).toEqual([...Array(16).keys()]);
  });
});

describe('RunFeed: when a run has fed enough packets', () => {
  it('stops at the first packet at or after the last pick when packets are in display order (VP9, AV1)', () => {
    const feed = new RunFeed(1.0, reorderSlack('vp9'));
    expect([0.0, 0.04, 0.96].map((t) => feed.fed(t))).toEqual([false, false, false]);
    expect(feed.fed(1.0)).toBe(true);
  });

  it('feeds `slack` more packets after it for H.264, whose B-frames come after the frame they precede', () => {
    const slack = reorderSlack('h264');
    expect(slack).toBeGreaterThanOrEqual(2);
    const feed = new RunFeed(0.1, slack);
    // Decode order of an x264 GOP: I0 P4 B2 b1 b3 … — 0.16 reaches 0.1 before 0.08 and 0.04 arrive.
    expect(feed.fed(0.0)).toBe(false);
    expect(feed.fed(0.16)).toBe(false);
    const after = Array.from({ length: slack }, (_, k) => feed.fed(0.08 + k * 0.01));
    expect(after.slice(0, -1).every((done) => !done)).toBe(true);
    expect(after[after.length - 1]).toBe(true);
  });

  it('counts a packet a microsecond early (timestamps pass through µs) as at the pick', () => {
    expect(new RunFeed(1.0, 0).fed(1.0 - 4e-7)).toBe(true);
    expect(new RunFeed(1.0, 0).fed(1.0 - 1e-4)).toBe(false);
  });
});

describe('PickMatcher: each pick gets the first frame at or after it', () => {
  it('matches frames in display order and skips the ones before a pick', () => {
    const m = new PickMatcher([{ index: 1, sec: 0.5 }, { index: 0, sec: 0.1 }]);
    expect(m.offer(0.0)).toEqual([]);
    expect(m.offer(0.12)).toEqual([{ index: 0, sec: 0.1 }]);
    expect(m.offer(0.48)).toEqual([]);
    expect(m.offer(0.52)).toEqual([{ index: 1, sec: 0.5 }]);
    expect(m.done).toBe(true);
  });

  it('gives one frame to every pick it answers (picks closer than a frame, a slow clip)', () => {
    const m = new PickMatcher([{ index: 0, sec: 0.1 }, { index: 1, sec: 0.2 }, { index: 2, sec: 0.9 }]);
    expect(m.offer(0.5).map((p) => p.index)).toEqual([0, 1]);
    expect(m.done).toBe(false);
  });

  it('a frame exactly at a pick answers it; picks after the last frame are handed back to be held there', () => {
    const m = new PickMatcher([{ index: 0, sec: 1.0 }, { index: 1, sec: 3.99 }]);
    expect(m.offer(1.0).map((p) => p.index)).toEqual([0]);
    expect(m.offer(3.96)).toEqual([]);
    expect(m.takePending()).toEqual([{ index: 1, sec: 3.99 }]);
    expect(m.done).toBe(true);
  });
});
