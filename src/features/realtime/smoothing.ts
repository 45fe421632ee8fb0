// What the live label shows: an exponentially decaying average of the per-frame probabilities.
// A frame `age` seconds old weighs 2^(−age / halfLife); the average is divided by the sum of the
// weights, so the first frames are not pulled toward zero and a pause between frames (a slow
// model, a dropped frame) ages the past by wall time, not by frame count. Pure.

export interface DecayOptions {
  /** Seconds after which a frame's weight has halved. */
  halfLifeSec: number;
}

/** The default: with 1 s, a frame is worth 1/8 of a new one after 3 s; a new class takes over in about a second. */
export const DEFAULT_DECAY: DecayOptions = Object.freeze({ halfLifeSec: 1 });

export interface DecayState {
  /** Σ weight · probabilities, per class. */
  readonly sum: Float32Array;
  /** Σ weight. */
  readonly weight: number;
  /** Time of the last frame (seconds, any monotonic clock), or null before the first. */
  readonly lastTimeSec: number | null;
  readonly frames: number;
}

export function emptyDecay(classes: number): DecayState {
  return { sum: new Float32Array(classes), weight: 0, lastTimeSec: null, frames: 0 };
}

/** Folds one frame's probabilities, taken at `timeSec`, into the average. Returns a new state. */
export function decayUpdate(
  state: DecayState,
  probabilities: ArrayLike<number>,
  timeSec: number,
  options: DecayOptions = DEFAULT_DECAY,
): DecayState {
  if (probabilities.length !== state.sum.length) {
    throw new RangeError(`${probabilities.length} probabilities for ${state.sum.length} classes`);
  }
  if (!(options.halfLifeSec > 0)) throw new RangeError('halfLifeSec must be positive');
  const dt = state.lastTimeSec === null ? 0 : Math.max(0, timeSec - state.lastTimeSec);
  const keep = 2 ** (-dt / options.halfLifeSec);
  const sum = new Float32Array(state.sum.length);
  for (let c = 0; c < sum.length; c++) sum[c] = state.sum[c]! * keep + probabilities[c]!;
  return { sum, weight: state.weight * keep + 1, lastTimeSec: timeSec, frames: state.frames + 1 };
}

/** The smoothed probabilities (they sum to 1 when the inputs do); all zeros before the first frame. */
export function decayMean(state: DecayState): Float32Array {
  const out = new Float32Array(state.sum.length);
  if (state.weight === 0) return out;
  for (let c = 0; c < out.length; c++) out[c] = state.sum[c]! / state.weight;
  return out;
}
