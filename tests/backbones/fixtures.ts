// Shared fixtures for the backbone parity tests: real frames rendered with native ffmpeg from the
// ucf101-6 clips, lavfi-rendered synthetic images, the backbone.json descriptions, and a few
// small numeric helpers. Nothing here is mocked: frames come from real decodes.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { framesToBatch } from '../../src/pipeline/preprocess';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BACKBONES = join(ROOT, 'public/models/backbones');
export const SIZE = 224;

export interface VariantInfo {
  file: string;
  precision: string;
  sha256: string;
  bytes: number;
  nodeCount: number;
  ops: Record<string, number>;
  webgpuFallbackNodes: number;
}

export interface BackboneInfo {
  id: string;
  featureDim: number;
  input: { name: string; shape: (string | number)[] };
  outputNames: string[];
  normalization: { scale: number; mean: [number, number, number]; std: [number, number, number] };
  variants: Record<string, VariantInfo>;
  labels: string[];
}

export function readBackbone(id: string): BackboneInfo {
  return JSON.parse(readFileSync(join(BACKBONES, id, 'backbone.json'), 'utf8')) as BackboneInfo;
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The real clips (env REELSCOPE_DATA, default <repo>/../shared/data/ucf101-6). */
export function dataDir(): string {
  const dir = process.env.REELSCOPE_DATA ?? resolve(ROOT, '../shared/data/ucf101-6');
  if (!existsSync(dir)) {
    throw new Error(
      `real-clip fixture folder ${dir} is missing: the backbone parity tests need the ucf101-6 clips ` +
        `(one folder per class of .avi files). Set REELSCOPE_DATA to their folder.`,
    );
  }
  return dir;
}

export interface Frame {
  name: string;
  rgb: Uint8Array; // SIZE×SIZE RGB24, HWC
}

/** `count` clips, deterministically: the first clip of each class, then the second, … */
export function pickClips(count: number): string[] {
  const dir = dataDir();
  const classes = readdirSync(dir)
    .filter((c) => statSync(join(dir, c)).isDirectory())
    .sort();
  const perClass = classes.map((c) =>
    readdirSync(join(dir, c))
      .filter((f) => /\.(avi|mp4|mkv|webm)$/i.test(f))
      .sort()
      .map((f) => join(dir, c, f)),
  );
  if (perClass.every((files) => files.length === 0)) throw new Error(`no video clips under ${dir}`);
  const picked: string[] = [];
  for (let round = 0; picked.length < count; round++) {
    const before = picked.length;
    for (const files of perClass) if (files[round] && picked.length < count) picked.push(files[round]!);
    if (picked.length === before) break;
  }
  return picked;
}

function ffmpegRgb(args: string[]): Uint8Array {
  const out = execFileSync('ffmpeg', ['-v', 'error', ...args, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
  if (out.length !== SIZE * SIZE * 3) throw new Error(`ffmpeg returned ${out.length} bytes for a ${SIZE}×${SIZE} frame`);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/** The centre frame of a clip, scaled to SIZE×SIZE. */
export function centreFrame(clip: string): Frame {
  const duration = Number(
    execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', clip], { encoding: 'utf8' }),
  );
  if (!Number.isFinite(duration) || duration <= 0) throw new Error(`ffprobe gave no duration for ${clip}`);
  const rgb = ffmpegRgb(['-ss', (duration / 2).toFixed(3), '-i', clip, '-vf', `scale=${SIZE}:${SIZE}`]);
  return { name: clip.split('/').slice(-2).join('/'), rgb };
}

/** A synthetic image from an ffmpeg lavfi source, e.g. `testsrc2` or `mandelbrot`. */
export function lavfiFrame(source: string): Frame {
  const rgb = ffmpegRgb(['-f', 'lavfi', '-i', `${source}=size=${SIZE}x${SIZE}:rate=1`]);
  return { name: `lavfi:${source}`, rgb };
}

/** The app's own preprocessing (src/pipeline/preprocess) with the backbone's declared normalisation. */
export function toInput(frames: readonly Frame[], info: BackboneInfo): ort.Tensor {
  const data = framesToBatch(
    frames.map((f) => f.rgb),
    { size: SIZE, normalization: info.normalization },
  );
  return new ort.Tensor('float32', data, [frames.length, 3, SIZE, SIZE]);
}

export async function session(path: string): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(path, { intraOpNumThreads: 1, interOpNumThreads: 1, logSeverityLevel: 3 });
}

/** Row `i` of a [N, D] tensor's data. */
export function row(data: ArrayLike<number>, dim: number, i: number): Float32Array {
  return Float32Array.from({ length: dim }, (_, k) => data[i * dim + k]!);
}

export function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
}

export function topK(v: ArrayLike<number>, k: number): number[] {
  return Array.from({ length: v.length }, (_, i) => i)
    .sort((a, b) => v[b]! - v[a]!)
    .slice(0, k);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** ‖a − b‖ / ‖b‖ */
export function relativeL2(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i]! - b[i]!) ** 2;
    n += b[i]! ** 2;
  }
  return Math.sqrt(d / n);
}
