// A taught pack: the trained heads' ONNX graphs, the out-of-scope detector, and the manifest that
// describes them — an ordinary model pack that the inference worker opens unchanged.
import { sha256Hex } from '../pipeline/sha256';
import { parsePackManifest, type FileRef, type PackManifest, type TemporalHead } from '../pipeline/manifest';
import { exportHeadGraphs, FEATURES, LOGITS } from './onnxExport';
import { oodSpec, type FittedOod } from './ood';
import type { PackTemplate } from './template';
import type { CrossValidation, TrainedHead } from './train';

export { templateFrom, type PackTemplate } from './template';

export interface TaughtHead {
  id: string;
  title: string;
  trained: TrainedHead;
  /** The cross-validation of the same recipe: its calibration and metrics go into the manifest. */
  validation: CrossValidation;
}

export interface TaughtPackInput {
  id: string;
  title: string;
  description: string;
  labels: string[];
  template: PackTemplate;
  heads: TaughtHead[];
  defaultHead: string;
  ood: FittedOod | null;
  /** When and how it was taught, in words (goes into provenance.notes). */
  notes?: string;
}

export interface TaughtPack {
  manifest: PackManifest;
  /** Path (relative to the manifest) → bytes, for every file the pack adds (not the shared backbone). */
  files: Map<string, Uint8Array>;
}

const ORIGIN = 'taught in the browser by Reelscope Teach (src/teach)';
const LICENSE = "the user's own (trained on the user's clips)";

function headEntry(head: TaughtHead, state: TemporalHead['step']['state']): TemporalHead {
  const { model, parameters } = head.trained;
  const cv = head.validation;
  const cfg = model.config;
  return {
    id: head.id,
    kind: cfg.kind,
    title: head.title,
    hidden: cfg.kind === 'ssm' ? cfg.width : cfg.featureDim,
    layers: cfg.kind === 'ssm' ? cfg.layers : 1,
    parameters,
    sequence: { file: `${head.id}.seq.onnx`, input: FEATURES, output: LOGITS },
    step: { file: `${head.id}.step.onnx`, input: FEATURES, output: LOGITS, state },
    metrics: { accuracy: cv.accuracy, macroF1: cv.macroF1, protocol: cv.protocol },
    calibration: {
      temperature: cv.calibration.temperature,
      unsureBelow: cv.calibration.unsureBelow,
      ece: cv.calibration.ece,
      protocol: `temperature fitted on the out-of-fold logits of the ${cv.protocol}; unsureBelow = the median calibrated confidence of the wrong out-of-fold answers`,
    },
  };
}

/** The whole pack: graphs encoded, hashed and listed; the manifest checked against the app's schema. */
export async function exportPack(input: TaughtPackInput): Promise<TaughtPack> {
  const files = new Map<string, Uint8Array>();
  const heads = input.heads.map((head) => {
    const graphs = exportHeadGraphs(head.trained.model);
    const entry = headEntry(head, graphs.state);
    files.set(entry.sequence.file, graphs.sequence);
    files.set(entry.step.file, graphs.step);
    return entry;
  });
  const OOD_FILE = 'ood.onnx';
  if (input.ood) files.set(OOD_FILE, input.ood.graph);
  const refs: FileRef[] = [...input.template.backboneFiles];
  for (const [path, bytes] of files) refs.push({ path, sha256: await sha256Hex(bytes as Uint8Array<ArrayBuffer>), bytes: bytes.byteLength, origin: ORIGIN, license: LICENSE });
  const manifest = teachPackManifest({ ...input, heads, files: refs, ood: input.ood ? oodSpec(input.ood, OOD_FILE) : undefined });
  return { manifest, files };
}

export interface TeachPackManifestInput {
  id: string;
  title: string;
  description: string;
  labels: string[];
  template: PackTemplate;
  heads: TemporalHead[];
  defaultHead: string;
  ood?: PackManifest['ood'];
  files: FileRef[];
  notes?: string;
}

/** Assembles and validates (parsePackManifest) the manifest of a taught pack; throws ManifestError. */
export function teachPackManifest(m: TeachPackManifestInput): PackManifest {
  return parsePackManifest(
    {
      schemaVersion: 1,
      id: m.id,
      title: m.title,
      task: 'action',
      description: m.description,
      labels: m.labels,
      input: m.template.input,
      backbone: m.template.backbone,
      heads: m.heads,
      defaultHead: m.defaultHead,
      ...(m.ood ? { ood: m.ood } : {}),
      files: m.files,
      provenance: { command: 'Teach (in the browser)', citations: [], ...(m.notes ? { notes: m.notes } : {}) },
    },
    `${m.id}/manifest.json`,
  );
}
