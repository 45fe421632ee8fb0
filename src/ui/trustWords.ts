// What the UI says about how far to trust an answer: the result's wording ("unsure" below a
// calibrated head's level) and what an operating point of the out-of-scope detector means. Pure.
import type { Calibration, OperatingPoint } from '../pipeline/manifest';
import type { ClipDecision } from '../pipeline/postprocess';
import { formatPercent, shortLabel } from './format';

export interface ResultWords {
  /** The line above the answer. */
  eyebrow: string;
  /** The answer itself: the class, "Probably <class>" when unsure. */
  label: string;
  /** How sure, in words, around the percentage (which the card shows on its own). */
  before: string;
  after: string;
}

/**
 * The in-scope answer's wording. A calibrated head states its answer plainly at or above its
 * `unsureBelow`, and as a guess below it ("Probably Archery — unsure (54%)"); an uncalibrated
 * head's percentage is the raw softmax and is labelled so.
 */
export function resultWords(decision: Pick<ClipDecision, 'predicted' | 'unsure'>, calibration: Calibration | undefined): ResultWords {
  const name = shortLabel(decision.predicted.label);
  if (decision.unsure) {
    return { eyebrow: 'Best guess', label: `Probably ${name}`, before: '— unsure (', after: ')' };
  }
  return {
    eyebrow: 'This clip shows',
    label: name,
    before: '',
    after: calibration ? ' confident (calibrated)' : ' confident (uncalibrated)',
  };
}

/** Why the answer is worded as a guess, or null when it is not. */
export function unsureReason(decision: Pick<ClipDecision, 'unsure'>, calibration: Calibration | undefined): string | null {
  if (!decision.unsure || !calibration) return null;
  return `Below ${formatPercent(calibration.unsureBelow, 0)}, this head's calibrated confidence is too low to state an answer plainly.`;
}

/** A rate from the operating curve, rounded as the measurement allows: "~1.5%", "~12%". */
export function approxPercent(p: number): string {
  return `~${formatPercent(p, p < 0.1 ? 1 : 0)}`;
}

/** What deciding at an operating point means for a person's clips. */
export function operatingPointWords(point: OperatingPoint & { exact: boolean }): string {
  const figures =
    `wrongly says “none of these” for ${approxPercent(point.falseNone)} of clips of these classes; ` +
    `catches ${approxPercent(point.catchRate)} of unseen actions`;
  return point.exact ? `At this setting it ${figures}.` : `At this setting (between two measured points) it ${figures}.`;
}
