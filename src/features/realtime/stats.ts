// Live numbers the realtime screen shows: frames per second over a recent window, per-stage
// latency as a mean of the last frames, and the rolling history behind the probability chart. Pure.

/** Frames per second from the completion times (ms) of recent frames: (n − 1) intervals over the span. */
export function framesPerSecond(completionsMs: readonly number[]): number {
  if (completionsMs.length < 2) return 0;
  const span = completionsMs[completionsMs.length - 1]! - completionsMs[0]!;
  return span > 0 ? ((completionsMs.length - 1) * 1000) / span : 0;
}

/** Keeps the items newer than `windowMs` before the last one (and at most `max` of them). */
export function recentWindow<T>(items: readonly T[], timeOf: (item: T) => number, windowMs: number, max = 1000): T[] {
  if (items.length === 0) return [];
  const newest = timeOf(items[items.length - 1]!);
  let start = Math.max(0, items.length - max);
  while (start < items.length - 1 && timeOf(items[start]!) < newest - windowMs) start++;
  return items.slice(start);
}

export interface StageLatency {
  /** Grabbing the frame: drawImage of the crop + reading the pixels back as RGB24. */
  captureMs: number;
  /** RGB24 → normalised tensor, in the worker. */
  preprocessMs: number;
  /** The backbone. */
  cnnMs: number;
  /** The temporal head's step graph (0 for a frame-mean pack). */
  headMs: number;
  /** Capture to label, including the trips to the worker. */
  totalMs: number;
}

export const STAGES = ['captureMs', 'preprocessMs', 'cnnMs', 'headMs', 'totalMs'] as const satisfies readonly (keyof StageLatency)[];

/** The mean of each stage over the given frames (zeros when there are none). */
export function meanLatency(frames: readonly StageLatency[]): StageLatency {
  const out: StageLatency = { captureMs: 0, preprocessMs: 0, cnnMs: 0, headMs: 0, totalMs: 0 };
  if (frames.length === 0) return out;
  for (const f of frames) for (const k of STAGES) out[k] += f[k];
  for (const k of STAGES) out[k] /= frames.length;
  return out;
}

export interface HistoryPoint {
  /** Seconds since the stream started. */
  t: number;
  /** Smoothed probability by class index, for the classes worth drawing (the top few). */
  p: Record<number, number>;
}

/** The top `k` classes of a probability vector as a sparse record. */
export function topRecord(probabilities: ArrayLike<number>, k: number): Record<number, number> {
  const order = Array.from({ length: probabilities.length }, (_, i) => i).sort(
    (a, b) => probabilities[b]! - probabilities[a]! || a - b,
  );
  const out: Record<number, number> = {};
  for (const c of order.slice(0, k)) out[c] = probabilities[c]!;
  return out;
}

/** Chart rows for recharts: { t, c<index>: probability } for the classes asked for (missing values stay missing). */
export function historyRows(history: readonly HistoryPoint[], classes: readonly number[]): Array<Record<string, number>> {
  return history.map((point) => {
    const row: Record<string, number> = { t: point.t };
    for (const c of classes) {
      const v = point.p[c];
      if (v !== undefined) row[`c${c}`] = v;
    }
    return row;
  });
}

/** The classes the chart draws: those of the newest point, most likely first (at most k). */
export function leadingClasses(history: readonly HistoryPoint[], k: number): number[] {
  const newest = history[history.length - 1];
  if (!newest) return [];
  return Object.entries(newest.p)
    .sort(([a, pa], [b, pb]) => pb - pa || Number(a) - Number(b))
    .slice(0, k)
    .map(([c]) => Number(c));
}
