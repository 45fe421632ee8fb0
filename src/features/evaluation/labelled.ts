// Evaluation of a labelled folder (one subfolder per class), every head side by side. Pure.
// It uses the same functions as `npm run eval` (truthForFolder, outcomeLabels, evaluate,
// confidenceQuality), so
// both give the same numbers on the same folder.
import { confidenceQuality, evaluate, outcomeLabels, quantile, truthForFolder, type ConfidenceQuality, type EvaluationMetrics } from '../../pipeline/metrics';
import { NONE_OF_THESE } from '../../pipeline/postprocess';
import type { ClipSummary, HeadOutcome } from '../../engine/clipSummary';
import type { JobStatus } from '../../engine/jobQueue';
import type { UiError } from '../../pipeline/errors';

/** The class of a clip in a labelled folder: its parent folder ("data/Archery/a.avi" → "Archery"). */
export function classOfPath(path: string): string | null {
  const parts = path.split('/').filter((p) => p !== '');
  return parts.length >= 2 ? parts[parts.length - 2]! : null;
}

export interface EvalClip {
  id: number;
  path: string;
  /** The folder the clip sits in. */
  className: string;
  /** Its true outcome for the pack (the class, or "none of these"); null when the pack cannot say. */
  truth: string | null;
  status: JobStatus;
  summary: ClipSummary | null;
  error: UiError | null;
}

export interface PackView {
  id: string;
  labels: readonly string[];
  /** Whether the pack can say "none of these" (it has an out-of-scope detector). */
  canAbstain: boolean;
}

export function truthOf(className: string, pack: PackView): string | null {
  return truthForFolder(className, pack.labels, pack.canAbstain, NONE_OF_THESE);
}

export function outcomesOf(pack: PackView): string[] {
  return outcomeLabels(pack.labels, pack.canAbstain, NONE_OF_THESE);
}

export interface Misclassified {
  clipId: number;
  path: string;
  truth: string;
  label: string;
  confidence: number;
}

export interface HeadEvaluation {
  headId: string;
  kind: HeadOutcome['kind'];
  title: string;
  parameters: number;
  metrics: EvaluationMetrics;
  /** Reliability diagram, ECE and AUROC of confidence for correctness, over the in-scope clips. */
  confidence: ConfidenceQuality;
  /** Per-clip wall ms of this head alone (not decode or CNN). */
  headMs: { mean: number; p50: number };
  misclassified: Misclassified[];
}

export interface EvaluationReport {
  labels: string[];
  heads: HeadEvaluation[];
  /** Per-clip wall ms of the whole pipeline, shared by all heads. */
  clipMs: { p50: number; p95: number };
  /** Clips that count: finished, with a truth. */
  evaluated: number;
  /** Clips in a class folder the pack neither knows nor can abstain on. */
  unlabelled: string[];
  failed: { path: string; error: UiError }[];
  /** The out-of-scope thresholds the scored clips were decided at (one, unless the setting moved during the run). */
  oodThresholds: number[];
}

/** Metrics of every head over the finished clips. Heads are listed in the order the pipeline gave them. */
export function evaluateClips(clips: readonly EvalClip[], pack: PackView): EvaluationReport {
  const labels = outcomesOf(pack);
  const scored = clips.filter((c): c is EvalClip & { truth: string; summary: ClipSummary } => c.truth !== null && c.summary !== null);
  const headIds: string[] = [];
  for (const c of scored) for (const h of c.summary.heads) if (!headIds.includes(h.headId)) headIds.push(h.headId);

  const heads = headIds.map((headId): HeadEvaluation => {
    const truths: string[] = [];
    const predictions: string[] = [];
    const predicted: string[] = [];
    const confidences: number[] = [];
    const ms: number[] = [];
    const misclassified: Misclassified[] = [];
    let info: HeadOutcome | undefined;
    for (const clip of scored) {
      const head = clip.summary.heads.find((h) => h.headId === headId);
      if (!head) throw new RangeError(`clip ${clip.path} has no result for head "${headId}"`);
      info ??= head;
      truths.push(clip.truth);
      predictions.push(head.label);
      predicted.push(head.predicted);
      confidences.push(head.confidence);
      ms.push(head.ms);
      if (head.label !== clip.truth) {
        misclassified.push({ clipId: clip.id, path: clip.path, truth: clip.truth, label: head.label, confidence: head.confidence });
      }
    }
    return {
      headId,
      kind: info!.kind,
      title: info!.title,
      parameters: info!.parameters,
      metrics: evaluate(truths, predictions, labels),
      confidence: confidenceQuality(truths, predicted, confidences, pack.labels),
      headMs: { mean: ms.reduce((a, b) => a + b, 0) / ms.length, p50: quantile(ms, 0.5) },
      misclassified,
    };
  });

  const clipMs = scored.map((c) => c.summary.totalMs);
  return {
    labels,
    heads,
    clipMs: { p50: quantile(clipMs, 0.5), p95: quantile(clipMs, 0.95) },
    evaluated: scored.length,
    unlabelled: clips.filter((c) => c.truth === null).map((c) => c.path),
    failed: clips.flatMap((c) => (c.status === 'error' && c.error ? [{ path: c.path, error: c.error }] : [])),
    oodThresholds: [...new Set(scored.flatMap((c) => (c.summary.oodThreshold === null ? [] : [c.summary.oodThreshold])))].sort((a, b) => a - b),
  };
}
