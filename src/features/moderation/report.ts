// The JSON report a reviewer exports: the clip, the thresholds and smoothing used, every sampled
// frame's scores (and out-of-scope score), the segments, the verdict with its reasons, and where the model came from
// (from the pack manifest). Pure; plain data in, plain data out (no thumbnails, no object URLs).
import type { PackManifest } from '../../pipeline/manifest';
import type { ClipMetadata } from '../../pipeline/probe';
import type { Segment, SmoothingOptions } from './segments';
import type { Decision, Thresholds, Verdict } from './verdict';
import type { TimelineScoring } from './windows';

export const REPORT_SCHEMA = 'reelscope.moderation-report/1';

export interface ModelProvenance {
  packId: string;
  title: string;
  backbone: { id: string; title: string; precision: string | null };
  /** What a frame's scores are: the backbone's classifier, or a temporal head on a window of frames. */
  scoring: TimelineScoring;
  backend: string | null;
  files: Array<{ path: string; sha256: string; bytes: number; origin: string; license: string }>;
  provenance: PackManifest['provenance'];
}

export interface ReportInput {
  clip: { fileName: string; fileBytes: number; metadata: ClipMetadata | null };
  labels: readonly string[];
  frames: ReadonlyArray<{ index: number; timeSec: number; scores: readonly number[]; oodScore: number | null }>;
  thresholds: Thresholds;
  smoothing: SmoothingOptions;
  oodThreshold: number | null;
  segments: readonly Segment[];
  verdict: Verdict;
  model: ModelProvenance;
}

export interface ModerationReport {
  schema: typeof REPORT_SCHEMA;
  generatedAt: string;
  clip: ReportInput['clip'];
  sampling: { frames: number; times: number[] };
  model: ModelProvenance;
  thresholds: Thresholds;
  smoothing: SmoothingOptions;
  /** The out-of-scope threshold the segments used (null: no detector, or frame-by-frame scoring). */
  oodThreshold: number | null;
  labels: string[];
  /** scores[label] for each sampled frame, in time order, and its window's out-of-scope score. */
  frames: Array<{ index: number; timeSec: number; scores: Record<string, number>; oodScore: number | null }>;
  segments: Segment[];
  verdict: { decision: Decision; reasons: Array<{ decision: Decision; category: string; text: string }> };
}

export function modelProvenance(manifest: PackManifest, scoring: TimelineScoring, precision: string | null, backend: string | null): ModelProvenance {
  return {
    packId: manifest.id,
    title: manifest.title,
    backbone: { id: manifest.backbone.id, title: manifest.backbone.title, precision },
    scoring,
    backend,
    files: manifest.files.map((f) => ({ path: f.path, sha256: f.sha256, bytes: f.bytes, origin: f.origin, license: f.license })),
    provenance: manifest.provenance,
  };
}

export function buildReport(input: ReportInput, now: Date = new Date()): ModerationReport {
  const frames = [...input.frames].sort((a, b) => a.timeSec - b.timeSec);
  return {
    schema: REPORT_SCHEMA,
    generatedAt: now.toISOString(),
    clip: structuredCloneable(input.clip),
    sampling: { frames: frames.length, times: frames.map((f) => f.timeSec) },
    model: input.model,
    thresholds: { ...input.thresholds, categories: { ...input.thresholds.categories } },
    smoothing: { ...input.smoothing },
    oodThreshold: input.oodThreshold,
    labels: [...input.labels],
    frames: frames.map((f) => ({
      index: f.index,
      timeSec: f.timeSec,
      scores: Object.fromEntries(input.labels.map((label, c) => [label, round6(f.scores[c] ?? 0)])),
      oodScore: f.oodScore === null ? null : round6(f.oodScore),
    })),
    segments: input.segments.map((s) => ({ ...s })),
    verdict: {
      decision: input.verdict.decision,
      reasons: input.verdict.reasons.map((r) => ({ decision: r.decision, category: r.category, text: r.text })),
    },
  };
}

export function reportJson(report: ModerationReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** "reelscope-moderation-clip-name-2026-11-27T16-20-05.json" */
export function reportFileName(fileName: string, now: Date = new Date()): string {
  const stem = fileName.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'clip';
  return `reelscope-moderation-${stem}-${now.toISOString().slice(0, 19).replaceAll(':', '-')}.json`;
}

function structuredCloneable<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
