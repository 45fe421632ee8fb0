// Pure assembly of what the UI shows from the workers' numbers: per-head probabilities over
// time, decisions ("none of these" applied, "unsure" below a calibrated head's level), the OOD
// verdict, and both re-made at another operating point. Tested in tests/app/aggregate.test.ts.
import type { PackManifest } from '../pipeline/manifest';
import { decideAtThreshold, decideClip } from '../pipeline/postprocess';
import type { HeadsResult } from '../protocol/inference';
import type { HeadRun, OodResult } from '../store/types';

/** Row t is the mean of rows 0..t: a frame-mean head's prediction after frame t (causal). */
export function runningMeanRows(rows: readonly ArrayLike<number>[]): number[][] {
  if (rows.length === 0) return [];
  const width = rows[0]!.length;
  const sum = new Float64Array(width);
  return rows.map((row, t) => {
    if (row.length !== width) throw new RangeError('rows differ in length');
    for (let c = 0; c < width; c++) sum[c]! += row[c]!;
    return Array.from(sum, (s) => s / (t + 1));
  });
}

export function oodResult(pack: PackManifest, ood: HeadsResult['ood']): OodResult | null {
  if (!pack.ood || !ood) return null;
  return { method: pack.ood.method, score: ood.score, threshold: pack.ood.threshold, outOfScope: ood.score > pack.ood.threshold };
}

/**
 * The heads' decisions and the OOD verdict re-made at `threshold` from the scores they kept
 * (moving the stricter / looser control re-decides without running anything again).
 */
export function atOodThreshold<H extends Pick<HeadRun, 'decision'>>(
  heads: readonly H[],
  ood: OodResult | null,
  threshold: number,
): { heads: H[]; ood: OodResult | null } {
  return {
    heads: heads.map((h) => ({ ...h, decision: decideAtThreshold(h.decision, threshold) })),
    ood: ood ? { ...ood, threshold, outOfScope: ood.score > threshold } : null,
  };
}

/** Every head of the pack, in manifest order, with its probabilities after each frame and its decision. */
export function buildHeadRuns(
  pack: PackManifest,
  frameProbabilities: readonly Float32Array[],
  heads: HeadsResult,
  frameMeanMs = 0,
): HeadRun[] {
  const ood = oodResult(pack, heads.ood);
  const oodInput = ood ? { score: ood.score, threshold: ood.threshold } : undefined;
  return pack.heads.map((head): HeadRun => {
    const { probabilities, ms } = head.kind === 'frame-mean' ? frameMeanOutput() : temporalOutput(head.id);
    const last = probabilities.at(-1);
    if (!last) throw new RangeError(`head ${head.id}: no prediction after any frame`);
    // The frame classifier's labels equal the pack's (the manifest schema checks it).
    return {
      headId: head.id,
      kind: head.kind,
      title: head.title,
      parameters: head.parameters,
      probabilities,
      decision: decideClip(last, pack.labels, oodInput, head.kind === 'frame-mean' ? undefined : head.calibration?.unsureBelow),
      ms,
      msPerStep: null,
    };
  });

  function frameMeanOutput(): { probabilities: number[][]; ms: number } {
    return { probabilities: runningMeanRows(frameProbabilities), ms: frameMeanMs };
  }

  function temporalOutput(headId: string): { probabilities: number[][]; ms: number } {
    const output = heads.heads.find((h) => h.headId === headId);
    if (!output) throw new RangeError(`head ${headId}: the worker returned no output`);
    const flat = new Float32Array(output.probabilities);
    const rows = flat.length / output.classes;
    const probabilities = Array.from({ length: rows }, (_, t) => Array.from(flat.subarray(t * output.classes, (t + 1) * output.classes)));
    return { probabilities, ms: output.ms };
  }
}
