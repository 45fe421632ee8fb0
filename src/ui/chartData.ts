// Pure derivations from a ClipRun to what the charts draw. No React, no DOM: tested in Node.
import type { Reliability } from '../pipeline/metrics';
import { argmax } from '../pipeline/postprocess';
import type { FrameRecord, HeadRun, StageTimings } from '../store/types';
import { HEAD_KIND_WORDS } from './words';

export interface FrameTop {
  label: string;
  classIndex: number;
  probability: number;
}

/**
 * Each frame's top class: the selected head's prediction after that frame when it has one
 * (causal heads), else the backbone's own per-frame top class (frame-mean packs, or while the
 * heads have not run yet).
 */
export function perFrameTop(
  frames: readonly FrameRecord[],
  head: HeadRun | null,
  labels: readonly string[],
): (FrameTop | null)[] {
  return frames.map((frame, t) => {
    const row = head && head.kind !== 'frame-mean' ? head.probabilities[frame.index] ?? head.probabilities[t] : undefined;
    if (row && row.length > 0) {
      const c = argmax(row);
      return { label: labels[c] ?? `class ${c}`, classIndex: c, probability: row[c]! };
    }
    const top = frame.frameTop?.[0];
    return top ? { label: top.label, classIndex: top.index, probability: top.probability } : null;
  });
}

/**
 * The classes worth a line in the probability chart: all of them when there are few, else the
 * top `max` by final probability plus any class that led after some frame (capped at max + 3).
 */
export function shownClasses(probabilities: readonly (readonly number[])[], max = 5, allUpTo = 8): number[] {
  const last = probabilities[probabilities.length - 1];
  if (!last) return [];
  const byFinal = last.map((_, c) => c).sort((a, b) => last[b]! - last[a]! || a - b);
  if (last.length <= allUpTo) return byFinal;
  const chosen = byFinal.slice(0, max);
  for (const row of probabilities) {
    const leader = argmax(row);
    if (!chosen.includes(leader) && chosen.length < max + 3) chosen.push(leader);
  }
  return chosen;
}

export type SeriesRow = { frame: number; time: number } & Record<`c${number}`, number>;

/** One row per frame: { frame, time, c<index>: probability } for the chosen classes. */
export function probabilitySeries(
  probabilities: readonly (readonly number[])[],
  frames: readonly FrameRecord[],
  classes: readonly number[],
): SeriesRow[] {
  return probabilities.map((row, t) => {
    const out = { frame: t, time: frames[t]?.timeSec ?? t } as SeriesRow;
    for (const c of classes) out[`c${c}`] = row[c] ?? 0;
    return out;
  });
}

/** The head's confidence in its final class after each frame: how fast it made up its mind. */
export function finalClassCurve(head: HeadRun): number[] {
  const c = head.decision.predicted.index;
  return head.probabilities.map((row) => row[c] ?? 0);
}

/** The frame whose sample time is nearest `timeSec` (-1 when there are no frames). */
export function nearestFrame(frames: readonly FrameRecord[], timeSec: number): number {
  let best = -1;
  let bestGap = Infinity;
  frames.forEach((f, i) => {
    const gap = Math.abs(f.timeSec - timeSec);
    if (gap < bestGap) {
      best = i;
      bestGap = gap;
    }
  });
  return best;
}

export interface TimingRow {
  key: string;
  stage: string;
  ms: number;
  kind: 'io' | 'model' | 'head' | 'ood';
}

/** Stage timings as bars in pipeline order; heads by title; stages that did not run are left out. */
export function timingRows(timings: StageTimings, heads: readonly HeadRun[]): TimingRow[] {
  const rows: TimingRow[] = [
    { key: 'load-model', stage: 'Load model', ms: timings.loadModelMs, kind: 'io' },
    { key: 'decode', stage: 'Decode', ms: timings.decodeMs, kind: 'io' },
    { key: 'preprocess', stage: 'Preprocess', ms: timings.preprocessMs, kind: 'io' },
    { key: 'cnn', stage: 'CNN', ms: timings.cnnMs, kind: 'model' },
  ];
  for (const [headId, ms] of Object.entries(timings.headMs)) {
    const head = heads.find((h) => h.headId === headId);
    const stage = head ? `${HEAD_KIND_WORDS[head.kind]}${head.kind === 'frame-mean' ? '' : ' head'}` : headId;
    rows.push({ key: `head:${headId}`, stage, ms, kind: 'head' });
  }
  rows.push({ key: 'ood', stage: 'OOD', ms: timings.oodMs, kind: 'ood' });
  return rows.filter((r) => Number.isFinite(r.ms) && r.ms > 0);
}

export interface ReliabilityRow {
  /** "0.60–0.67": the bin's confidence range. */
  range: string;
  /** The bin's centre: where a perfectly calibrated head's accuracy would sit. */
  ideal: number;
  /** Share of the bin's predictions that were right, and their mean confidence; null for an empty bin. */
  accuracy: number | null;
  confidence: number | null;
  count: number;
}

/** A reliability diagram's bars: one per confidence bin, empty bins drawn as gaps. */
export function reliabilityRows(reliability: Reliability): ReliabilityRow[] {
  return reliability.bins.map((bin) => ({
    range: `${bin.lo.toFixed(2)}–${bin.hi.toFixed(2)}`,
    ideal: (bin.lo + bin.hi) / 2,
    accuracy: bin.count ? bin.accuracy : null,
    confidence: bin.count ? bin.confidence : null,
    count: bin.count,
  }));
}
