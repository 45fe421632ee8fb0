// From the pipeline's full result for one clip (frames, features, per-step probabilities) to
// the few numbers batch and evaluation keep: what the engine's job queue returns. Pure; copies
// only scalars and short strings, so memory stays flat over hundreds of clips.
import { openSetVerdict } from '../pipeline/postprocess';
import { isPartial, readFraction, type ClipMetadata } from '../pipeline/probe';
import type { HeadRun, OodResult, Progress, StageTimings } from '../store/types';

/** One temporal head's verdict on a clip. */
export interface HeadOutcome {
  headId: string;
  kind: 'ssm' | 'lstm' | 'linear' | 'frame-mean';
  title: string;
  parameters: number;
  /** What the user is told: the predicted class, or "none of these". */
  label: string;
  /** The class the head chose before the out-of-scope check. */
  predicted: string;
  /** Probability of `predicted`. */
  confidence: number;
  outOfScope: boolean;
  /** The head is calibrated and `confidence` is below its calibrated level: the answer is a guess. */
  unsure: boolean;
  /** Wall ms of this head over the clip. */
  ms: number;
}

/** Everything kept about one classified clip. */
export interface ClipSummary {
  packId: string;
  /** The pack's default head: the one a batch row shows. */
  defaultHeadId: string;
  heads: HeadOutcome[];
  oodScore: number | null;
  /** The threshold "none of these" was decided at (the user's operating point when the clip ran). */
  oodThreshold: number | null;
  frames: number;
  /** Wall ms of the whole clip: decode, CNN, heads, OOD. */
  totalMs: number;
  /** Share of the declared video that could be read, when less than all of it (a cut-short file); null when all was read. */
  readFraction: number | null;
}

/**
 * Classifies one file, start to end, independent of any store. Rejects with a ReelscopeError
 * (an AbortError when `signal` aborts). It must free what it allocated (frames, object URLs,
 * ffmpeg FS entries, tensors) before it settles.
 */
export type ClipClassifier = (file: File, options: ClipOptions) => Promise<ClipSummary>;

export interface ClipOptions {
  signal: AbortSignal;
  /** The pack to use; the selected one when absent. */
  packId?: string;
  onProgress?: (progress: Progress) => void;
}

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
