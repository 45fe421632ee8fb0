// The whole teaching recipe, from cached features to a pack's bytes: for each head, group k-fold
// cross-validation by source (the honest score and the calibration), then the same recipe on every
// clip; the out-of-scope detector; the ONNX export. Pure (tfjs on whatever backend is set): the teach
// worker runs it, and tests and the benchmark run it in Node.
import * as tf from '@tensorflow/tfjs';
import { evaluate } from '../pipeline/metrics';
import { TeachError, type TeachDataset } from './dataset';
import { disposeHead, sizeForData, type HeadConfig } from './headModel';
import { fitOod } from './ood';
import { exportPack, type PackTemplate, type TaughtHead } from './pack';
import { crossValidate, DEFAULT_TRAINING, trainHead, type TrainOptions } from './train';
import type { HeadScore, TaughtHeadKind, TeachOutcome, TeachProgress, TeachSpec } from '../protocol/teach';

const HEAD_TITLES: Record<TaughtHeadKind, string> = { ssm: 'Taught SSM', linear: 'Taught linear probe' };

/** The training options of one head kind, sized for the data (headModel.sizeForData). */
export function recipeFor(kind: TaughtHeadKind, data: TeachDataset, seed: number, epochs?: number): TrainOptions {
  const views = Math.max(1, Math.round(data.clips.reduce((s, c) => s + c.views.length, 0) / Math.max(1, data.clips.length)));
  const sizing = sizeForData(data.clips.length, data.labels.length, data.featureDim, views);
  const config: HeadConfig = kind === 'ssm' ? sizing.ssm : sizing.linear;
  return { ...DEFAULT_TRAINING, config, epochs: epochs ?? sizing.epochs, batchSize: sizing.batchSize, seed };
}

/**
 * A backbone section a pack added to the browser may carry: shipped packs share backbones through
 * "../backbones/…", which an added pack may not (docs/packs.md), so the files are listed under
 * "backbone/" with the same sha256 and left out; adding the pack resolves them to the shipped ones.
 */
export function portableTemplate(template: PackTemplate): PackTemplate {
  const moved = new Map(template.backboneFiles.map((f) => [f.path, `backbone/${f.path.split('/').pop()}`]));
  return {
    input: template.input,
    backbone: { ...template.backbone, variants: template.backbone.variants.map((v) => ({ ...v, file: moved.get(v.file) ?? v.file })) },
    backboneFiles: template.backboneFiles.map((f) => ({ ...f, path: moved.get(f.path)! })),
  };
}

export async function teachPack(
  spec: TeachSpec,
  data: TeachDataset,
  onProgress: (progress: TeachProgress) => void = () => {},
  signal?: AbortSignal,
): Promise<TeachOutcome> {
  if (spec.heads.length === 0) throw new TeachError('TooFewClips', 'no head was asked for');
  const t0 = performance.now();
  const validations = [];
  for (const kind of spec.heads) {
    const options = recipeFor(kind, data, spec.seed, spec.epochs);
    const cv = await crossValidate(
      data,
      options,
      (fold, folds, p) => onProgress({ phase: 'validate', head: kind, fold, folds, epoch: p.epoch, epochs: p.epochs, loss: p.loss, trainAccuracy: p.trainAccuracy }),
      signal,
    );
    validations.push({ kind, options, cv });
  }
  const t1 = performance.now();
  const heads: TaughtHead[] = [];
  try {
    for (const { kind, options, cv } of validations) {
      const trained = await trainHead(data, options, (p) => onProgress({ phase: 'train', head: kind, ...p }), signal);
      heads.push({ id: kind, title: HEAD_TITLES[kind], trained, validation: cv });
    }
    const t2 = performance.now();
    onProgress({ phase: 'export' });
    // The detector's threshold comes from clips scored by detectors fitted without their source; with
    // every class from one source there are none, so the pack goes without "none of these".
    const fitted = fitOod(data);
    const ood = Number.isFinite(fitted.threshold) ? fitted : null;
    const when = new Date().toISOString().slice(0, 10);
    const pack = await exportPack({
      id: spec.packId,
      title: spec.title,
      description: `${spec.labels.join(', ')}: taught in this browser from ${data.clips.length} clips.`,
      labels: spec.labels,
      template: portableTemplate(spec.template),
      heads,
      defaultHead: spec.heads[0]!,
      ood,
      notes: `taught ${when} from ${data.clips.length} clips (${new Set(data.clips.map((c) => c.source)).size} sources), ${data.clips[0]?.views.length ?? 0} views each`,
    });
    const truths = data.clips.map((c) => spec.labels[c.label]!);
    const scores: HeadScore[] = validations.map(({ kind, cv }, k) => ({
      headId: kind,
      title: HEAD_TITLES[kind],
      parameters: heads[k]!.trained.parameters,
      folds: cv.folds,
      foldAccuracies: cv.foldAccuracies,
      metrics: evaluate(truths, cv.predictions.map((p) => spec.labels[p]!), spec.labels),
      protocol: cv.protocol,
    }));
    const warnings = [...new Set(validations.flatMap(({ cv }) => cv.warnings))];
    if (!ood) warnings.push('every class comes from one source, so the out-of-scope detector could not be calibrated on unseen sources: this pack cannot say "none of these"');
    const files = [...pack.files].map(([path, bytes]) => ({ path, bytes: bytes.slice().buffer as ArrayBuffer }));
    return {
      manifest: pack.manifest,
      files,
      scores,
      warnings,
      oodThreshold: ood?.threshold ?? null,
      timings: { validateMs: t1 - t0, trainMs: t2 - t1, exportMs: performance.now() - t2 },
      backend: tf.getBackend(),
    };
  } finally {
    for (const head of heads) disposeHead(head.trained.model);
  }
}
