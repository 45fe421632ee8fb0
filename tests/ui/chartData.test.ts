import { describe, expect, it } from 'vitest';
import { decideClip } from '../../src/pipeline/postprocess';
import type { FrameRecord, HeadRun } from '../../src/store/types';
import { reliability } from '../../src/pipeline/metrics';
import { finalClassCurve, nearestFrame, perFrameTop, probabilitySeries, reliabilityRows, shownClasses, timingRows } from '../../src/ui/chartData';

const labels = ['a', 'b', 'c'];

function frame(index: number, timeSec: number, frameTop: FrameRecord['frameTop'] = null): FrameRecord {
  return { index, timeSec, thumbnailUrl: '', features: [index, 0], frameTop, cnnMs: 1 };
}

function head(kind: HeadRun['kind'], probabilities: number[][]): HeadRun {
  return {
    headId: kind,
    kind,
    title: kind,
    parameters: 10,
    probabilities,
    decision: decideClip(probabilities[probabilities.length - 1]!, labels),
    ms: 1,
    msPerStep: null,
  };
}

describe('perFrameTop', () => {
  const frames = [
    frame(0, 0.5, [{ index: 2, label: 'c', probability: 0.9 }]),
    frame(1, 1.5, [{ index: 2, label: 'c', probability: 0.8 }]),
  ];
  it("uses a causal head's prediction after each frame", () => {
    const tops = perFrameTop(frames, head('ssm', [[0.6, 0.3, 0.1], [0.2, 0.7, 0.1]]), labels);
    expect(tops.map((t) => t?.label)).toEqual(['a', 'b']);
    expect(tops[1]?.probability).toBeCloseTo(0.7);
  });
  it("uses the backbone's per-frame top class for frame-mean heads and before heads run", () => {
    expect(perFrameTop(frames, head('frame-mean', [[1, 0, 0], [1, 0, 0]]), labels).map((t) => t?.label)).toEqual(['c', 'c']);
    expect(perFrameTop(frames, null, labels).map((t) => t?.classIndex)).toEqual([2, 2]);
    expect(perFrameTop([frame(0, 0)], null, labels)).toEqual([null]);
  });
});

describe('shownClasses', () => {
  it('shows every class of a small label set, most likely first', () => {
    expect(shownClasses([[0.2, 0.3, 0.5], [0.1, 0.6, 0.3]])).toEqual([1, 2, 0]);
  });
  it('keeps the top few of a large label set plus classes that led earlier', () => {
    const c = 20;
    const early = Array.from({ length: c }, (_, i) => (i === 19 ? 0.9 : 0.1 / 19));
    const late = Array.from({ length: c }, (_, i) => (i < 5 ? 0.18 - i * 0.01 : 0.2 / 15));
    const shown = shownClasses([early, late], 5);
    expect(shown.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(shown).toContain(19);
    expect(shown.length).toBeLessThanOrEqual(8);
  });
  it('is empty without probabilities', () => {
    expect(shownClasses([])).toEqual([]);
  });
});

describe('probabilitySeries and finalClassCurve', () => {
  it('writes one row per frame with the chosen classes', () => {
    const rows = probabilitySeries([[0.1, 0.2, 0.7]], [frame(0, 0.25)], [2, 0]);
    expect(rows).toEqual([{ frame: 0, time: 0.25, c2: 0.7, c0: 0.1 }]);
  });
  it("follows the head's final class over time", () => {
    expect(finalClassCurve(head('lstm', [[0.5, 0.4, 0.1], [0.2, 0.7, 0.1]]))).toEqual([0.4, 0.7]);
  });
});

describe('nearestFrame', () => {
  it('finds the frame sampled nearest a playback time', () => {
    const frames = [frame(0, 0.5), frame(1, 1.5), frame(2, 2.5)];
    expect(nearestFrame(frames, 0)).toBe(0);
    expect(nearestFrame(frames, 1.9)).toBe(1);
    expect(nearestFrame(frames, 99)).toBe(2);
    expect(nearestFrame([], 1)).toBe(-1);
  });
});

describe('timingRows', () => {
  it('lists stages in pipeline order, names heads by kind, drops stages that did not run', () => {
    const rows = timingRows(
      { loadModelMs: 0, decodeMs: 300, preprocessMs: 40, cnnMs: 500, headMs: { ssm: 2, lstm: 3 }, oodMs: 0.5, totalMs: 846 },
      [head('ssm', [[1, 0, 0]]), head('lstm', [[1, 0, 0]])],
    );
    expect(rows.map((r) => r.stage)).toEqual(['Decode', 'Preprocess', 'CNN', 'SSM head', 'LSTM head', 'OOD']);
    expect(rows.find((r) => r.key === 'head:lstm')?.ms).toBe(3);
  });
});

describe('reliabilityRows', () => {
  it('is one bar per bin, at its measured accuracy and confidence, with gaps for empty bins', () => {
    const rows = reliabilityRows(reliability([0.05, 0.55, 0.58], [true, false, true], 10));
    expect(rows).toHaveLength(10);
    expect(rows[0]).toEqual({ range: '0.00–0.10', ideal: 0.05, accuracy: 1, confidence: 0.05, count: 1 });
    expect(rows[5]!.accuracy).toBe(0.5);
    expect(rows[5]!.confidence).toBeCloseTo(0.565, 12);
    expect(rows[5]!.ideal).toBeCloseTo(0.55, 12);
    expect(rows[3]).toMatchObject({ accuracy: null, confidence: null, count: 0 });
  });
});
