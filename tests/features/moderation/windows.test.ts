import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { timelineScoring, WindowSchedule, windowAround } from '../../../src/features/moderation/windows';
import { parsePackManifest } from '../../../src/pipeline/manifest';

const manifestOf = (id: string) =>
  parsePackManifest(JSON.parse(readFileSync(join(__dirname, `../../../public/models/${id}/manifest.json`), 'utf8')));

describe('windowAround', () => {
  it('centres a window of `size` frames on the frame, clamped to the clip', () => {
    expect(windowAround(10, 32, 16)).toEqual({ start: 3, end: 19 });
    expect(windowAround(0, 32, 16)).toEqual({ start: 0, end: 16 });
    expect(windowAround(31, 32, 16)).toEqual({ start: 16, end: 32 });
    expect(windowAround(2, 5, 3)).toEqual({ start: 1, end: 4 });
  });

  it('always holds the frame and `size` frames, or the whole clip when it is shorter', () => {
    for (const [count, size] of [[16, 16], [32, 16], [7, 16], [48, 5], [1, 16]] as const) {
      for (let i = 0; i < count; i++) {
        const { start, end } = windowAround(i, count, size);
        expect(end - start).toBe(Math.min(size, count));
        expect(start).toBeLessThanOrEqual(i);
        expect(end).toBeGreaterThan(i);
        expect(start).toBeGreaterThanOrEqual(0);
        expect(end).toBeLessThanOrEqual(count);
      }
    }
  });
});

describe('WindowSchedule', () => {
  it('hands out each frame once, in order, as soon as its window has arrived', () => {
    const schedule = new WindowSchedule(6, 3);
    expect(schedule.arrive(0)).toEqual([]);
    expect(schedule.arrive(1)).toEqual([]); // frame 0's window is 0..2, clamped to the clip
    expect(schedule.arrive(3)).toEqual([]);
    expect(schedule.arrive(2)).toEqual([0, 1, 2]); // frame 3's is 2..4
    expect(schedule.arrive(5)).toEqual([]);
    expect(schedule.arrive(4)).toEqual([3, 4, 5]);
  });

  it('frames in reverse order release everything at the last one', () => {
    const schedule = new WindowSchedule(5, 16);
    for (const i of [4, 3, 2, 1]) expect(schedule.arrive(i)).toEqual([]);
    expect(schedule.arrive(0)).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses a frame outside the clip', () => {
    expect(() => new WindowSchedule(4, 2).arrive(4)).toThrow(RangeError);
  });
});

describe('timelineScoring', () => {
  it('the moderation pack scores frames with its backbone classifier; an action pack with its default head over T frames', () => {
    expect(timelineScoring(manifestOf('moderation'))).toEqual({ kind: 'frame' });
    const ucf = manifestOf('ucf101-6');
    expect(timelineScoring(ucf)).toMatchObject({ kind: 'window', headId: ucf.defaultHead, window: ucf.input.frames });
  });
});
