// From the pipeline's full result for one clip (frames, features, per-step probabilities) to
// the few numbers the batch and evaluation keep. Pure; copies only scalars and short strings,
// so nothing of the clip's frames or tensors stays reachable.
import { ReelscopeError, serializeError } from '../../pipeline/errors';
import { openSetVerdict } from '../../pipeline/postprocess';
import { isPartial, readFraction, type ClipMetadata } from '../../pipeline/probe';
import type { HeadRun, OodResult, StageTimings } from '../../store/types';
import type { ClipFailure, ClipSummary, HeadOutcome } from './types';

export function headOutcome(head: HeadRun): HeadOutcome {
  return {
    headId: head.headId,
    kind: head.kind,
    title: head.title,
    parameters: head.parameters,
    label: head.decision.label,
    predicted: head.decision.predicted.label,
    confidence: head.decision.predicted.probability,
    outOfScope: head.decision.outOfScope,
    unsure: head.decision.unsure,
    ms: head.ms,
  };
}

export function summarizeClip(
  packId: string,
  defaultHeadId: string,
  outcome: { heads: readonly HeadRun[]; ood: OodResult | null; timings: StageTimings; frames: readonly unknown[]; metadata: ClipMetadata },
): ClipSummary {
  return {
    packId,
    defaultHeadId,
    heads: outcome.heads.map(headOutcome),
    oodScore: outcome.ood?.score ?? null,
    oodThreshold: outcome.ood?.threshold ?? null,
    frames: outcome.frames.length,
    totalMs: outcome.timings.totalMs,
    readFraction: isPartial(outcome.metadata) ? readFraction(outcome.metadata) : null,
  };
}

/**
 * The summary's decisions re-made at another out-of-scope threshold from the score it kept (the
 * stricter / looser control moved; nothing runs again). The same summary without a detector or
 * when it is already decided there.
 */
export function summaryAtThreshold(summary: ClipSummary, threshold: number): ClipSummary {
  const score = summary.oodScore;
  if (score === null || summary.oodThreshold === threshold) return summary;
  return {
    ...summary,
    oodThreshold: threshold,
    heads: summary.heads.map((h) => ({ ...h, ...openSetVerdict(h.predicted, { score, threshold }) })),
  };
}

/** What a row keeps of a failed clip: its error code and message (unknown errors become InferenceFailed). */
export function failureOf(error: unknown): ClipFailure {
  const e = error instanceof ReelscopeError ? error : serializeError(error);
  return { code: e.code, message: e.message };
}

/** `list` with the item of id `id` replaced by `change(item)`; the same array when there is none. */
export function replaceById<T extends { id: number }>(list: T[], id: number, change: (item: T) => T): T[] {
  const at = list.findIndex((x) => x.id === id);
  if (at < 0) return list;
  const next = list.slice();
  next[at] = change(list[at]!);
  return next;
}

/** `list` with every item through `change`; the same array when `change` returns every item itself. */
export function mapChanged<T>(list: T[], change: (item: T) => T): T[] {
  const next = list.map(change);
  return next.every((item, i) => item === list[i]) ? list : next;
}
