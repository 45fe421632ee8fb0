// Caches frozen-backbone features of every training clip, for training the temporal heads.
//
//   npx tsx scripts/extract-features.ts [--data DIR] [--extra DIR ...] [--frames 16] [--views 5]
//                                       [--backbone FILE] [--out DIR] [--concurrency 2]
//                                       [--tap TENSOR] [--size N] [--no-other] [--seed N] [--limit N] [--match TEXT]
//                                       [--fit crop|pad|full]
//
// Uses the app's own stages, unchanged: probe (probeClip, on native ffprobe) → sample (augmentedSample: view 0 is
// the canonical one the app uses, views 1.. jitter times, crop and flip) → decode (one native ffmpeg
// run per clip-view with framesExtractArgs) → preprocess (framesToBatch) → backbone (onnxruntime-node).
// --fit pad|full is a study of features that see the whole frame (see Fit below; OUT gets a -pad/-full suffix).
// Writes to OUT (default training/out/features/<backbone>-<precision>-T<frames>/):
//   clips/<key>.f32   float32 little-endian [views, T, featureDim] per clip
//   clips/<key>.tap.f32  with --tap: float32 [views, T, ...] of that backbone tensor (an inner activation,
//                     for fine-tuning the backbone's last blocks; the backbone file must expose it as an output)
//   index.json        one entry per clip: path, class, group, clip, duration, times per view, view geometry
// Re-running re-probes every clip but skips decoding and inference where clips/<key>.f32 already
// exists with the right size (resumable; delete OUT to start afresh).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import type { InputSpec } from '../src/pipeline/manifest';
import type { ClipMetadata } from '../src/pipeline/probe';
import { framesToBatch, rgb24RectToChw } from '../src/pipeline/preprocess';
import { augmentedSample, frameFilterGraph, framesExtractArgs, geometryAtSize, scaledCrop, type FrameGeometry, type FrameView } from '../src/pipeline/sampling';
import { probeClip } from '../workers/decode/probeClip';
import { parseCli } from './lib/cli';
import { fileHead, NativeFfmpeg, runTool } from './lib/nativeFfmpeg';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const VIDEO_EXT = /\.(avi|mp4|mkv|mov|webm|m4v)$/i;

interface PackConfig {
  input: Omit<InputSpec, 'normalization'>;
  featureDim: number;
  extraction: { views: number; seed: number; backbone: string; backboneId: string; precision: string };
}

interface Options {
  data: string;
  extra: string[];
  frames: number;
  views: number;
  seed: number;
  backbone: string;
  backboneJson: string;
  out: string;
  concurrency: number;
  limit: number;
  match: string;
  tap: string | undefined;
  /** The model's input side; the short side is resized in the same proportion as the pack's (256 for 224). */
  size: number;
  fit: Fit;
}

/**
 * How a frame becomes the backbone's input. `crop` is what the app does (short side to 256, centre
 * 224 crop). The others are a study (issue 9: features that see more of the frame), one view only:
 * `pad` scales the long side to 224 and pads the square with the ImageNet mean colour; `full`
 * scales the short side to 224 and keeps the whole frame (a rectangular input, which the fp32 graph
 * accepts). Augmented views keep their time jitter and flip; the crop position has no meaning there.
 */
type Fit = 'crop' | 'pad' | 'full';

interface FittedFrame {
  graph: string;
  width: number;
  height: number;
}

function fitFrame(fit: Fit, geometry: FrameGeometry, view: FrameView, clip: ClipMetadata): FittedFrame {
  const { size, interpolation } = geometry;
  const flip = view.flip ? ',hflip' : '';
  const scaleShortTo = (s: number) => `scale=w='if(gte(iw,ih),-2,${s})':h='if(gte(iw,ih),${s},-2)':flags=${interpolation}+accurate_rnd+bitexact`;
  if (fit === 'crop') return { graph: frameFilterGraph(geometry, view), width: size, height: size };
  if (fit === 'pad') {
    const scaleLong = `scale=w='if(gte(iw,ih),${size},-2)':h='if(gte(iw,ih),-2,${size})':flags=${interpolation}+accurate_rnd+bitexact`;
    return { graph: `${scaleLong},pad=${size}:${size}:(ow-iw)/2:(oh-ih)/2:color=0x7C7468${flip},format=rgb24`, width: size, height: size };
  }
  const full = scaledCrop(clip.displayWidth, clip.displayHeight, { ...geometry, resizeShortSide: size });
  return { graph: `${scaleShortTo(size)}${flip},format=rgb24`, width: full.scaledWidth, height: full.scaledHeight };
}

interface Clip {
  key: string;
  path: string;
  source: string;
  className: string;
  group: string;
  clip: string;
}

interface ClipEntry extends Clip {
  durationSec: number;
  views: { times: number[]; view: FrameView }[];
}

function parseArgs(config: PackConfig): Options {
  const usage =
    'npx tsx scripts/extract-features.ts [--data DIR] [--extra DIR ...] [--no-other] [--frames 16] [--views 5] [--seed N]\n' +
    '       [--backbone FILE] [--out DIR] [--concurrency 2] [--limit N] [--match TEXT] [--tap TENSOR] [--size N] [--fit crop|pad|full]';
  const cli = parseCli('extract-features', usage, {
    data: { kind: 'string', default: process.env.REELSCOPE_DATA ?? resolve(ROOT, '../shared/data/ucf101-6') },
    extra: { kind: 'list' },
    'no-other': { kind: 'flag' },
    frames: { kind: 'positive-int', default: config.input.frames },
    views: { kind: 'positive-int', default: config.extraction.views },
    seed: { kind: 'number', default: config.extraction.seed },
    backbone: { kind: 'string', default: config.extraction.backbone },
    out: { kind: 'string' },
    concurrency: { kind: 'positive-int', default: 2 },
    limit: { kind: 'positive-int' },
    match: { kind: 'string', default: '' },
    tap: { kind: 'string' },
    size: { kind: 'positive-int', default: config.input.size },
    fit: { kind: 'string', default: 'crop', choices: ['crop', 'pad', 'full'] as const },
  });
  const extra = cli.extra.map((dir) => resolve(dir));
  if (!cli['no-other']) extra.unshift(resolve(ROOT, '../shared/data/ucf101-other'));
  const backbone = resolve(ROOT, cli.backbone);
  const fit = cli.fit;
  const precision = basename(backbone, '.onnx');
  return {
    data: resolve(cli.data),
    extra,
    frames: cli.frames,
    views: cli.views,
    seed: cli.seed,
    backbone,
    backboneJson: join(dirname(backbone), 'backbone.json'),
    out: resolve(cli.out ?? join(ROOT, 'training/out/features', `${config.extraction.backboneId}-${precision}-T${cli.frames}${fit === 'crop' ? '' : `-${fit}`}`)),
    concurrency: cli.concurrency,
    limit: cli.limit ?? Infinity,
    match: cli.match,
    tap: cli.tap,
    size: cli.size,
    fit,
  };
}

/** Every video under `dir`, labelled from MANIFEST.tsv when present, else from the folder and UCF101 name. */
function listClips(dir: string, source: string): Clip[] {
  if (!existsSync(dir)) throw new Error(`data folder ${dir} is missing (set --data or REELSCOPE_DATA)`);
  const manifest = join(dir, 'MANIFEST.tsv');
  const rows = new Map<string, { className: string; group: string; clip: string }>();
  if (existsSync(manifest)) {
    const [header, ...lines] = readFileSync(manifest, 'utf8').trim().split('\n');
    const cols = header!.split('\t');
    for (const line of lines) {
      const cells = line.split('\t');
      const at = (name: string): string => cells[cols.indexOf(name)] ?? '';
      rows.set(at('file'), { className: at('class'), group: at('group'), clip: at('clip') });
    }
  }
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(d, e.name)) : VIDEO_EXT.test(e.name) ? [join(d, e.name)] : [],
    );
  return walk(dir)
    .sort()
    .map((path) => {
      const rel = relative(dir, path);
      const ucf = /v_([A-Za-z]+)_(g\d+)_(c\d+)/.exec(basename(path));
      const row = rows.get(rel);
      return {
        key: `${source}__${rel.replace(/[^A-Za-z0-9_.-]+/g, '_')}`,
        path,
        source,
        className: row?.className ?? ucf?.[1] ?? basename(dirname(path)),
        group: row?.group ?? ucf?.[2] ?? 'g00',
        clip: row?.clip ?? ucf?.[3] ?? basename(path).replace(VIDEO_EXT, ''),
      };
    });
}

/** The app's probe (workers/decode/probeClip.ts) on native ffprobe: the same stream and time range as in the browser. */
async function probeNative(path: string): Promise<ClipMetadata> {
  const ffmpeg = new NativeFfmpeg();
  try {
    const name = `clip${extname(path).toLowerCase()}`;
    await ffmpeg.mountPath(path, name, '/input');
    return await probeClip(ffmpeg, `/input/${name}`, await fileHead(path));
  } catch (error) {
    throw new Error(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    ffmpeg.dispose();
  }
}

function toBatch(frames: Uint8Array[], fitted: FittedFrame, spec: InputSpec): Float32Array {
  if (fitted.width === spec.size && fitted.height === spec.size) return framesToBatch(frames, spec);
  const pixels = fitted.width * fitted.height;
  const out = new Float32Array(frames.length * 3 * pixels);
  frames.forEach((frame, i) => rgb24RectToChw(frame, fitted.width, fitted.height, spec.normalization, out, i * 3 * pixels));
  return out;
}

/** A stable per-clip seed, so a view is the same on every run and machine. */
function clipSeed(base: number, key: string): number {
  return (base ^ createHash('sha256').update(key).digest().readUInt32LE(0)) >>> 0;
}

async function extractClip(
  clip: Clip,
  opts: Options,
  spec: InputSpec,
  session: ort.InferenceSession,
  names: { input: string; features: string },
  featureDim: number,
  tapSize: number,
): Promise<ClipEntry> {
  const metadata = await probeNative(clip.path);
  const durationSec = metadata.durationSec;
  const T = opts.frames;
  const out = new Float32Array(opts.views * T * featureDim);
  const views: ClipEntry['views'] = [];
  const tapOut = new Float32Array(opts.tap ? opts.views * T * tapSize : 0);
  const file = join(opts.out, 'clips', `${clip.key}.f32`);
  const tapFile = join(opts.out, 'clips', `${clip.key}.tap.f32`);
  const hasFile = (path: string, bytes: number): boolean => existsSync(path) && statSync(path).size === bytes;
  const cached = hasFile(file, out.byteLength) && (!opts.tap || hasFile(tapFile, tapOut.byteLength));
  const tmp = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'reelscope-'));
  try {
    for (let v = 0; v < opts.views; v++) {
      const sample = augmentedSample(metadata, T, v, clipSeed(opts.seed, clip.key));
      views.push(sample);
      if (cached) continue; // resumed run: the features of this clip are already on disk
      const outputs = sample.times.map((_, k) => join(tmp, `${v}-${k}.rgb`));
      const fitted = fitFrame(opts.fit, spec, sample.view, metadata);
      const source = { path: clip.path, stream: metadata.streamIndex, seekable: metadata.seekable };
      const result = await runTool('ffmpeg', framesExtractArgs(source, sample.times, spec, outputs, sample.view, fitted.graph));
      if (result.exitCode !== 0) throw new Error(`${clip.path} view ${v}: ffmpeg failed: ${result.log.trim()}`);
      const frames = await Promise.all(outputs.map(async (o) => new Uint8Array(await readFile(o))));
      const empty = sample.times.filter((_, k) => frames[k]!.length === 0);
      if (empty.length > 0) {
        throw new Error(`${clip.path} view ${v}: ffmpeg gave no frame at ${empty.join(', ')} s (duration ${durationSec} s)`);
      }
      const input = new ort.Tensor('float32', toBatch(frames, fitted, spec), [T, 3, fitted.height, fitted.width]);
      const res = await session.run({ [names.input]: input });
      const feats = res[names.features]!.data as Float32Array;
      if (feats.length !== T * featureDim) throw new Error(`unexpected feature size ${feats.length}`);
      out.set(feats, v * T * featureDim);
      if (opts.tap) {
        const tapped = res[opts.tap]!.data as Float32Array;
        if (tapped.length !== T * tapSize) throw new Error(`unexpected ${opts.tap} size ${tapped.length}`);
        tapOut.set(tapped, v * T * tapSize);
      }
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  if (!cached) {
    await writeFile(file, Buffer.from(out.buffer));
    if (opts.tap) await writeFile(tapFile, Buffer.from(tapOut.buffer));
  }
  return { ...clip, durationSec, views };
}

/** Per-frame shape of an inner tensor the backbone exposes as an output, read by running one blank frame. */
async function tapDims(session: ort.InferenceSession, tensor: string, spec: InputSpec): Promise<number[]> {
  if (!session.outputNames.includes(tensor)) {
    throw new Error(`--tap ${tensor}: the backbone has no such output (outputs: ${session.outputNames.join(', ')})`);
  }
  const blank = new ort.Tensor('float32', new Float32Array(3 * spec.size * spec.size), [1, 3, spec.size, spec.size]);
  const res = await session.run({ [session.inputNames[0]!]: blank });
  return res[tensor]!.dims.slice(1) as number[];
}

async function main(): Promise<void> {
  const config = JSON.parse(readFileSync(join(ROOT, 'training/packs/pack-config.json'), 'utf8')) as PackConfig;
  const opts = parseArgs(config);
  const backboneInfo = JSON.parse(readFileSync(opts.backboneJson, 'utf8')) as {
    id: string;
    featureDim: number;
    input: { name: string };
    normalization: { scale: number; mean: [number, number, number]; std: [number, number, number] };
  };
  const spec: InputSpec = {
    ...geometryAtSize(config.input, opts.size),
    frames: opts.frames,
    normalization: {
      scale: backboneInfo.normalization.scale,
      mean: backboneInfo.normalization.mean,
      std: backboneInfo.normalization.std,
    },
  };
  const names = { input: backboneInfo.input.name, features: 'features' };
  const featureDim = backboneInfo.featureDim;
  const clips = [
    ...listClips(opts.data, 'train'),
    ...opts.extra.flatMap((dir) => listClips(dir, basename(dir))),
  ]
    .filter((c) => c.path.includes(opts.match))
    .slice(0, opts.limit);
  mkdirSync(join(opts.out, 'clips'), { recursive: true });
  console.log(`${clips.length} clips × ${opts.views} views × T=${opts.frames} → ${opts.out}`);

  const sessions = await Promise.all(
    Array.from({ length: opts.concurrency }, () =>
      ort.InferenceSession.create(opts.backbone, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' }),
    ),
  );
  const tapShape = opts.tap ? await tapDims(sessions[0]!, opts.tap, spec) : [];
  const tapSize = tapShape.reduce((a, b) => a * b, 1);
  const entries: (ClipEntry | undefined)[] = new Array(clips.length);
  const indexPath = join(opts.out, 'index.json');
  const started = performance.now();
  let next = 0;
  let done = 0;
  const worker = async (slot: number): Promise<void> => {
    while (next < clips.length) {
      const i = next++;
      entries[i] = await extractClip(clips[i]!, opts, spec, sessions[slot]!, names, featureDim, tapSize);
      done++;
      if (done % 10 === 0 || done === clips.length) {
        const s = (performance.now() - started) / 1000;
        console.log(`${done}/${clips.length} clips, ${s.toFixed(0)} s, ~${((s / done) * (clips.length - done)).toFixed(0)} s left`);
      }
    }
  };
  await Promise.all(sessions.map((_, slot) => worker(slot)));
  const seconds = (performance.now() - started) / 1000;
  writeFileSync(
    indexPath,
    JSON.stringify(
      {
        backbone: { id: backboneInfo.id, file: relative(ROOT, opts.backbone), featureDim },
        input: spec,
        fit: opts.fit,
        views: opts.views,
        seed: opts.seed,
        layout: '[views, T, featureDim] float32 little-endian per clip, in clips/<key>.f32',
        ...(opts.tap ? { tap: { tensor: opts.tap, shape: tapShape, layout: '[views, T, ...shape] float32 in clips/<key>.tap.f32' } } : {}),
        seconds,
        clips: entries,
      },
      null,
      1,
    ),
  );
  console.log(`done: ${clips.length} clips in ${seconds.toFixed(1)} s → ${indexPath}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
