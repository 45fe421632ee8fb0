// The clip's verdict from its flagged segments and the reviewer's thresholds: block when a
// block-level category is flagged for long enough, review when anything is flagged, else allow.
// Out-of-scope segments (category NONE_OF_THESE) lead to what `outOfScope` says.
// Pure; every verdict carries its reasons in words.
import { NONE_OF_THESE } from '../../pipeline/postprocess';
import type { Segment } from './segments';

/** What a flagged segment of a category leads to. `off`: the category is not looked at. */
export type CategoryAction = 'block' | 'review' | 'off';

export interface CategoryRule {
  /** Probability at or above which a (smoothed) frame counts as this category. */
  threshold: number;
  action: CategoryAction;
}

export interface Thresholds {
  categories: Record<string, CategoryRule>;
  /** A block-level category blocks the clip once one of its segments lasts at least this long. */
  blockMinSec: number;
  /** What a segment the pack's classes do not describe leads to (packs with an out-of-scope detector, scored by windows). */
  outOfScope: OutOfScopeAction;
}

/** A model that does not know what it sees cannot clear it: such a part goes to a person, or is ignored. */
export type OutOfScopeAction = Exclude<CategoryAction, 'block'>;

/**
 * Porn and Hentai block (after 2 s), Sexy asks for a review; Drawing and Neutral are not flagged.
 * The numbers and why: docs/moderation.md ("Defaults").
 */
export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  categories: Object.freeze({
    Drawing: Object.freeze({ threshold: 0.9, action: 'off' as const }),
    Hentai: Object.freeze({ threshold: 0.6, action: 'block' as const }),
    Neutral: Object.freeze({ threshold: 0.9, action: 'off' as const }),
    Porn: Object.freeze({ threshold: 0.6, action: 'block' as const }),
    Sexy: Object.freeze({ threshold: 0.8, action: 'review' as const }),
  }),
  blockMinSec: 2,
  outOfScope: 'review' as const,
});

/** Fresh, mutable thresholds for `labels`: the defaults where known, else off at 0.9. */
export function defaultThresholds(labels: readonly string[]): Thresholds {
  const categories: Record<string, CategoryRule> = {};
  for (const label of labels) {
    const known = DEFAULT_THRESHOLDS.categories[label];
    categories[label] = known ? { ...known } : { threshold: 0.9, action: 'off' };
  }
  return { categories, blockMinSec: DEFAULT_THRESHOLDS.blockMinSec, outOfScope: DEFAULT_THRESHOLDS.outOfScope };
}

/** The per-category thresholds segment finding looks at: only categories that are not off. */
export function activeThresholds(thresholds: Thresholds): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [label, rule] of Object.entries(thresholds.categories)) if (rule.action !== 'off') out[label] = rule.threshold;
  return out;
}

export type Decision = 'allow' | 'review' | 'block';

export interface Reason {
  decision: Decision;
  category: string;
  text: string;
  segment: Segment | null;
}

export interface Verdict {
  decision: Decision;
  reasons: Reason[];
}

const RANK: Record<Decision, number> = { allow: 0, review: 1, block: 2 };

export function verdict(segments: readonly Segment[], thresholds: Thresholds): Verdict {
  const reasons: Reason[] = [];
  for (const segment of segments) {
    if (segment.category === NONE_OF_THESE) {
      if (thresholds.outOfScope === 'review') reasons.push({ decision: 'review', category: segment.category, text: describeOutOfScope(segment), segment });
      continue;
    }
    const rule = thresholds.categories[segment.category];
    if (!rule || rule.action === 'off') continue;
    const seconds = segment.endSec - segment.startSec;
    const decision: Decision = rule.action === 'block' && seconds + 1e-9 >= thresholds.blockMinSec ? 'block' : 'review';
    reasons.push({ decision, category: segment.category, text: describeSegment(segment, rule.threshold), segment });
  }
  reasons.sort((a, b) => RANK[b.decision] - RANK[a.decision] || a.segment!.startSec - b.segment!.startSec);
  const decision = reasons.reduce<Decision>((worst, r) => (RANK[r.decision] > RANK[worst] ? r.decision : worst), 'allow');
  if (reasons.length === 0) {
    reasons.push({ decision: 'allow', category: '', text: 'No category is above its threshold for long enough.', segment: null });
  }
  return { decision, reasons };
}

/** "Porn above 0.60 for 3.2 s (00:12–00:15), peak 0.93" */
export function describeSegment(segment: Segment, threshold: number): string {
  const seconds = segment.endSec - segment.startSec;
  return (
    `${segment.category} above ${threshold.toFixed(2)} for ${seconds.toFixed(1)} s ` +
    `(${clock(segment.startSec)}–${clock(segment.endSec)}), peak ${segment.peakScore.toFixed(2)}`
  );
}

/** "None of these for 3.2 s (00:12–00:15): out-of-scope score above 2.00, peak 2.61" */
export function describeOutOfScope(segment: Segment): string {
  const seconds = segment.endSec - segment.startSec;
  return (
    `None of these for ${seconds.toFixed(1)} s (${clock(segment.startSec)}–${clock(segment.endSec)}): ` +
    `out-of-scope score above ${segment.threshold.toFixed(2)}, peak ${segment.peakScore.toFixed(2)}`
  );
}

/** mm:ss (h:mm:ss past an hour), to the nearest whole second. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(sec).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
