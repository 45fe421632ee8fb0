// The model-pack manifest: the single source of labels, frame count, input size and
// normalisation. Python writes it (training/packs/*), TypeScript validates it here, and
// tests/pipeline/manifest-parity.test.ts keeps the two honest.
import { z } from 'zod';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits');
const rgbTriple = z.tuple([z.number(), z.number(), z.number()]);

export const NormalizationSchema = z.object({
  /** Raw 8-bit values are divided by this first (255 gives [0, 1]). */
  scale: z.number().positive(),
  mean: rgbTriple,
  std: rgbTriple.refine((s) => s.every((v) => v > 0), 'std must be positive'),
});

export const InputSpecSchema = z.object({
  /** T: how many frames are sampled from a clip. */
  frames: z.number().int().min(1).max(256),
  /** Frame i of T is taken at the centre of the i-th of T equal segments of the clip. */
  sampling: z.literal('segment-centers'),
  /** The frame is scaled so its short side equals this, then centre-cropped to size × size. */
  resizeShortSide: z.number().int().min(8).max(2048),
  size: z.number().int().min(8).max(2048),
  /**
   * A smaller side real time may run the backbone at on a CPU backend (faster, with the head's class
   * measured to agree); the backbone graph must then take any H × W. Clips always run at `size`.
   */
  liveSize: z.number().int().min(8).max(2048).optional(),
  interpolation: z.enum(['bilinear', 'bicubic', 'area']),
  color: z.literal('RGB'),
  layout: z.literal('NCHW'),
  normalization: NormalizationSchema,
});

export const FileRefSchema = z.object({
  /** Relative to the manifest's folder; may point into a shared folder such as ../backbones/. */
  path: z.string().min(1),
  sha256,
  bytes: z.number().int().positive(),
  origin: z.string().min(1),
  license: z.string().min(1),
});

export const BackendSchema = z.enum(['wasm', 'webgpu']);

export const BackboneVariantSchema = z.object({
  precision: z.enum(['int8', 'fp16', 'fp32']),
  file: z.string().min(1),
  /** Backends this variant runs well on, in order of preference of the backend. */
  backends: z.array(BackendSchema).min(1),
});

export const BackboneSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  featureDim: z.number().int().positive(),
  inputName: z.string().min(1),
  featuresOutput: z.string().min(1),
  /** A per-frame classifier that ships inside the backbone graph (ImageNet logits, moderation). */
  frameOutput: z
    .object({
      name: z.string().min(1),
      kind: z.enum(['logits', 'probabilities']),
      labels: z.array(z.string().min(1)).min(2),
    })
    .optional(),
  variants: z.array(BackboneVariantSchema).min(1),
});

/**
 * Temperature scaling fitted on out-of-fold logits (group CV): probabilities are softmax(logits / temperature).
 * Below `unsureBelow` the calibrated top probability is too low to state the answer plainly.
 */
export const CalibrationSchema = z.object({
  temperature: z.number().positive(),
  unsureBelow: z.number().min(0).max(1),
  /** Expected calibration error of the calibrated out-of-fold predictions (15 equal-width bins). */
  ece: z.number().min(0).max(1),
  protocol: z.string().min(1),
});

export const HeadMetricsSchema = z
  .object({
    accuracy: z.number().min(0).max(1),
    macroF1: z.number().min(0).max(1),
    /** How and on what these numbers were measured, in words. */
    protocol: z.string().min(1),
  })
  .passthrough();

const StateTensorSchema = z.object({
  input: z.string().min(1),
  output: z.string().min(1),
  shape: z.array(z.number().int().positive()).min(1),
});

export const TemporalHeadSchema = z.object({
  id: z.string().min(1),
  /** 'linear': a probe on the running mean of the features (a taught pack's smallest head). */
  kind: z.enum(['ssm', 'lstm', 'linear']),
  title: z.string().min(1),
  hidden: z.number().int().positive(),
  layers: z.number().int().positive(),
  parameters: z.number().int().positive(),
  /** [1, T, D] features → [1, T, C] logits: a prediction after every frame. */
  sequence: z.object({ file: z.string().min(1), input: z.string().min(1), output: z.string().min(1) }),
  /** One frame's features [1, D] and the state in → logits [1, C] and the state out. */
  step: z.object({
    file: z.string().min(1),
    input: z.string().min(1),
    output: z.string().min(1),
    state: z.array(StateTensorSchema).min(1),
  }),
  metrics: HeadMetricsSchema.optional(),
  calibration: CalibrationSchema.optional(),
});

/** No trained temporal model: the backbone's own per-frame classifier averaged over the clip. */
export const FrameMeanHeadSchema = z.object({
  id: z.string().min(1),
  kind: z.literal('frame-mean'),
  title: z.string().min(1),
  parameters: z.number().int().nonnegative(),
  metrics: HeadMetricsSchema.optional(),
});

export const HeadSchema = z.discriminatedUnion('kind', [TemporalHeadSchema, FrameMeanHeadSchema]);

/** Every head kind this version can run. */
export const HEAD_KINDS: readonly string[] = [...TemporalHeadSchema.shape.kind.options, FrameMeanHeadSchema.shape.kind.value];

/** One threshold of the out-of-scope detector and what it costs, measured by leaving whole groups out. */
export const OperatingPointSchema = z.object({
  /** Scores above this are called "none of these". */
  threshold: z.number(),
  /** Share of in-scope clips wrongly called "none of these" at this threshold. */
  falseNone: z.number().min(0).max(1),
  /** Share of out-of-scope clips called "none of these" at this threshold. */
  catchRate: z.number().min(0).max(1),
});

export const OodSchema = z.object({
  /** How the score is computed, e.g. "mahalanobis", "relative-mahalanobis", "knn", or a combination. */
  method: z.string().min(1),
  /**
   * What the graph takes: "clip-mean" is the [1, D] mean of the clip's backbone features,
   * "frames" the [1, T, D] backbone features of every frame. Output: [1] score, larger = less like the classes.
   */
  inputKind: z.enum(['clip-mean', 'frames']).default('clip-mean'),
  file: z.string().min(1),
  input: z.string().min(1),
  output: z.string().min(1),
  /** The default operating point. */
  threshold: z.number(),
  /** Thresholds the user may move between (stricter ↔ looser), sorted by threshold, ascending. */
  operatingCurve: z
    .array(OperatingPointSchema)
    .min(2)
    .refine((curve) => curve.every((p, i) => i === 0 || p.threshold > curve[i - 1]!.threshold), 'operatingCurve must be sorted by threshold, ascending')
    .optional(),
  protocol: z.string().min(1),
});

export const PackManifestSchema = z
  .object({
    schemaVersion: z.literal(1),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    title: z.string().min(1),
    task: z.enum(['action', 'objects', 'moderation']),
    description: z.string().min(1),
    labels: z.array(z.string().min(1)).min(2),
    input: InputSpecSchema,
    backbone: BackboneSchema,
    heads: z.array(HeadSchema).min(1),
    defaultHead: z.string().min(1),
    ood: OodSchema.optional(),
    files: z.array(FileRefSchema).min(1),
    provenance: z.object({
      command: z.string().min(1),
      citations: z.array(z.string()).default([]),
      notes: z.string().optional(),
    }),
  })
  .superRefine((pack, ctx) => {
    const filePaths = new Set(pack.files.map((f) => f.path));
    const requireFile = (path: string, where: string): void => {
      if (!filePaths.has(path)) {
        ctx.addIssue({ code: 'custom', message: `${where} names "${path}", which is not listed in files` });
      }
    };
    pack.backbone.variants.forEach((v, i) => requireFile(v.file, `backbone.variants[${i}]`));
    const headIds = new Set<string>();
    for (const head of pack.heads) {
      if (headIds.has(head.id)) ctx.addIssue({ code: 'custom', message: `duplicate head id "${head.id}"` });
      headIds.add(head.id);
      if (head.kind === 'frame-mean') {
        const frameLabels = pack.backbone.frameOutput?.labels;
        if (!frameLabels) {
          ctx.addIssue({ code: 'custom', message: `head "${head.id}" averages frameOutput, but the backbone has none` });
        } else if (frameLabels.join('\n') !== pack.labels.join('\n')) {
          ctx.addIssue({ code: 'custom', message: `head "${head.id}": backbone.frameOutput.labels differ from labels` });
        }
      } else {
        requireFile(head.sequence.file, `head "${head.id}".sequence`);
        requireFile(head.step.file, `head "${head.id}".step`);
      }
    }
    if (!headIds.has(pack.defaultHead)) {
      ctx.addIssue({ code: 'custom', message: `defaultHead "${pack.defaultHead}" is not one of the heads` });
    }
    if (pack.ood) requireFile(pack.ood.file, 'ood');
    if (pack.input.liveSize !== undefined && pack.input.liveSize >= pack.input.size) {
      ctx.addIssue({ code: 'custom', message: 'input.liveSize must be smaller than input.size' });
    }
    if (pack.input.size > pack.input.resizeShortSide) {
      ctx.addIssue({ code: 'custom', message: 'input.size must not exceed input.resizeShortSide (centre crop)' });
    }
  });

export const PackIndexSchema = z.object({
  packs: z.array(z.object({ id: z.string().min(1), manifest: z.string().min(1) })).min(1),
  defaultPack: z.string().min(1),
});

export type Normalization = z.infer<typeof NormalizationSchema>;
export type InputSpec = z.infer<typeof InputSpecSchema>;
export type FileRef = z.infer<typeof FileRefSchema>;
export type Backend = z.infer<typeof BackendSchema>;
export type BackboneVariant = z.infer<typeof BackboneVariantSchema>;
export type Backbone = z.infer<typeof BackboneSchema>;
export type TemporalHead = z.infer<typeof TemporalHeadSchema>;
export type FrameMeanHead = z.infer<typeof FrameMeanHeadSchema>;
export type Head = z.infer<typeof HeadSchema>;
export type OodSpec = z.infer<typeof OodSchema>;
export type OperatingPoint = z.infer<typeof OperatingPointSchema>;
export type Calibration = z.infer<typeof CalibrationSchema>;
export type PackManifest = z.infer<typeof PackManifestSchema>;
export type PackIndex = z.infer<typeof PackIndexSchema>;

export class ManifestError extends Error {
  readonly code = 'InvalidManifest' as const;
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Model pack manifest ${source} is invalid: ${problems.join('; ')}`);
    this.name = 'ManifestError';
  }
}

function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/** Validates parsed JSON as a pack manifest; throws ManifestError listing every problem. */
export function parsePackManifest(json: unknown, source = 'manifest.json'): PackManifest {
  const result = PackManifestSchema.safeParse(json);
  if (!result.success) throw new ManifestError(source, problemsOf(result.error));
  return result.data;
}

export function parsePackIndex(json: unknown, source = 'index.json'): PackIndex {
  const result = PackIndexSchema.safeParse(json);
  if (!result.success) throw new ManifestError(source, problemsOf(result.error));
  if (!result.data.packs.some((p) => p.id === result.data.defaultPack)) {
    throw new ManifestError(source, [`defaultPack "${result.data.defaultPack}" is not listed`]);
  }
  return result.data;
}

/** Resolves a path from the manifest against the manifest's own URL (or file path). */
export function resolvePackPath(manifestUrl: string, relative: string): string {
  const slash = manifestUrl.lastIndexOf('/');
  const base = slash >= 0 ? manifestUrl.slice(0, slash + 1) : '';
  const parts = (base + relative).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..' && out[out.length - 1] !== '') out.pop();
    else if (part !== '.') out.push(part);
  }
  return out.join('/');
}

/**
 * The URL a pack file is fetched from: its sha256 rides along as a query parameter, so the
 * service worker's cache (and any HTTP cache) keys the bytes by their content — a new version
 * of a file is a new entry, never a stale one under the old name. The server ignores it.
 */
export function contentKeyedUrl(url: string, sha256: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}sha256=${sha256}`;
}

export function fileRef(pack: PackManifest, path: string): FileRef {
  const ref = pack.files.find((f) => f.path === path);
  if (!ref) throw new ManifestError(pack.id, [`file "${path}" is not listed`]);
  return ref;
}

/** The heads that run an ONNX sequence / step graph (not the backbone's own frame classifier). */
export function temporalHeads(pack: PackManifest): TemporalHead[] {
  return pack.heads.filter((h): h is TemporalHead => h.kind !== 'frame-mean');
}
