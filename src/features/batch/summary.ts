// From the pipeline's full result for one clip (frames, features, per-step probabilities) to
// the few numbers the batch and evaluation keep. Pure; copies only scalars and short strings,
// so nothing of the clip's frames or tensors stays reachable.
import { ReelscopeError, serializeError } from '../../pipeline/errors';
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
  outcome: { heads: readonly HeadRun[]; ood: OodResult | null; timings: StageTimings; frames: readonly unknown[] },
): ClipSummary {
  return {
    packId,
    defaultHeadId,
    heads: outcome.heads.map(headOutcome),
    oodScore: outcome.ood?.score ?? null,
    oodThreshold: outcome.ood?.threshold ?? null,
    frames: outcome.frames.length,
    totalMs: outcome.timings.totalMs,
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
