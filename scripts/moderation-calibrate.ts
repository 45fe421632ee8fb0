// Calibration data for the moderation preview (docs/moderation.md): what the nsfwjs backbone
// actually outputs, per sampled frame, on real UCF101 clips and on lavfi-rendered synthetic
// sources. Frames are taken exactly as the app takes them (src/pipeline/sampling: segment
// centres, frameExtractArgs) with native ffmpeg, and run through the shipped ONNX model with
// onnxruntime-node. Usage: npx tsx scripts/moderation-calibrate.ts [--clips-per-class N] [--json out.json]
// (--help lists every option).
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { parsePackManifest } from '../src/pipeline/manifest';
import { framesToBatch } from '../src/pipeline/preprocess';
import { frameBytes, frameExtractArgs, segmentTimes } from '../src/pipeline/sampling';
import { findSegments, type ScoredFrame, type SmoothingOptions } from '../src/features/moderation/segments';
import { activeThresholds, defaultThresholds } from '../src/features/moderation/verdict';
import { parseCli } from './lib/cli';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MANIFEST = join(ROOT, 'public/models/moderation/manifest.json');

const USAGE =
  'npx tsx scripts/moderation-calibrate.ts [--clips-per-class 3] [--frames 8] [--fps 4] [--dense-per-class 2] [--json out.json]\n' +
  '       npx tsx scripts/moderation-calibrate.ts --clip FILE [--frames 32] [--drawing 0.5]';
const cli = parseCli('moderation-calibrate', USAGE, {
  clip: { kind: 'string' },
  frames: { kind: 'positive-int' },
  drawing: { kind: 'number', default: 0.5 },
  'clips-per-class': { kind: 'positive-int', default: 3 },
  fps: { kind: 'number', default: 4 },
  'dense-per-class': { kind: 'positive-int', default: 2 },
  json: { kind: 'string' },
});

function duration(clip: string): number {
  return Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', clip], { encoding: 'utf8' }));
}

async function main(): Promise<void> {
  const manifest = parsePackManifest(JSON.parse(readFileSync(MANIFEST, 'utf8')));
  const variant = manifest.backbone.variants[0]!;
  const session = await ort.InferenceSession.create(resolve(dirname(MANIFEST), variant.file), {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    logSeverityLevel: 3,
  });
  const labels = manifest.backbone.frameOutput!.labels;
  const outName = manifest.backbone.frameOutput!.name;
  const geometry = manifest.input;

  const scoreFrames = async (frames: Uint8Array[]): Promise<number[][]> => {
    const data = framesToBatch(frames, geometry);
    const input = new ort.Tensor('float32', data, [frames.length, 3, geometry.size, geometry.size]);
    const out = await session.run({ [manifest.backbone.inputName]: input });
    const p = out[outName]!.data as Float32Array;
    return frames.map((_, i) => Array.from(p.subarray(i * labels.length, (i + 1) * labels.length)));
  };
  const grab = (input: string[], time: number): Uint8Array => {
    const args = frameExtractArgs({ path: 'INPUT', stream: 0, seekable: true }, time, geometry, '-');
    const at = args.indexOf('INPUT');
    const full = [...args.slice(0, at - 1), ...input, ...args.slice(at + 1)];
    const out = execFileSync('ffmpeg', full, { maxBuffer: 1 << 24 });
    if (out.length !== frameBytes(geometry)) throw new Error(`got ${out.length} bytes from ${input.join(' ')}`);
    return new Uint8Array(out);
  };

  // --clip FILE: one clip's per-frame scores at `--frames` segment centres, and its segments.
  const single = cli.clip;
  if (single) {
    const d = duration(single);
    const times = segmentTimes(d, cli.frames ?? 32);
    const probs = await scoreFrames(times.map((t) => grab(['-i', single], t)));
    probs.forEach((p, i) => console.log(`${String(i).padStart(3)} ${times[i]!.toFixed(3)}s  ${labels.map((l, c) => `${l} ${p[c]!.toFixed(3)}`).join('  ')}`));
    const frames: ScoredFrame[] = probs.map((scores, index) => ({ index, timeSec: times[index]!, scores }));
    const drawing = cli.drawing;
    console.log(`duration ${d}; segments (Drawing ≥ ${drawing} + defaults):`, findSegments(frames, labels, { ...activeThresholds(defaultThresholds(labels)), Drawing: drawing }, d));
    return;
  }

  const perFrame = cli.frames ?? 8;
  const report: Record<string, { frames: number; perLabel: Record<string, { min: number; median: number; max: number }>; maxStep: Record<string, number> }> = {};
  const summarise = (name: string, probs: number[][]): void => {
    const perLabel: Record<string, { min: number; median: number; max: number }> = {};
    const maxStep: Record<string, number> = {};
    labels.forEach((label, c) => {
      const v = probs.map((p) => p[c]!).sort((a, b) => a - b);
      perLabel[label] = { min: v[0]!, median: v[Math.floor(v.length / 2)]!, max: v[v.length - 1]! };
      let step = 0;
      for (let i = 1; i < probs.length; i++) step = Math.max(step, Math.abs(probs[i]![c]! - probs[i - 1]![c]!));
      maxStep[label] = step;
    });
    report[name] = { frames: probs.length, perLabel, maxStep };
  };

  // Real clips: `--clips-per-class` per class of ucf101-6 and ucf101-other, `--frames` frames each.
  const perClass = cli['clips-per-class'];
  const realDrawing: number[] = [];
  const realAll: number[][] = [];
  for (const set of ['ucf101-6', 'ucf101-other']) {
    const dir = resolve(ROOT, '..', 'shared', 'data', set);
    for (const cls of readdirSync(dir).filter((c) => statSync(join(dir, c)).isDirectory()).sort()) {
      const clips = readdirSync(join(dir, cls)).filter((f) => f.endsWith('.avi')).sort();
      const step = Math.max(1, Math.floor(clips.length / perClass));
      const probs: number[][] = [];
      for (let k = 0; k < perClass && k * step < clips.length; k++) {
        const clip = join(dir, cls, clips[k * step]!);
        const times = segmentTimes(duration(clip), perFrame);
        probs.push(...(await scoreFrames(times.map((t) => grab(['-i', clip], t)))));
      }
      summarise(`real:${set}/${cls}`, probs);
      realAll.push(...probs);
      realDrawing.push(...probs.map((p) => p[labels.indexOf('Drawing')]!));
    }
  }
  summarise('real:all', realAll);

  // Synthetic lavfi sources, rendered 320×240 like the e2e clips, at `--frames` times over 4 s.
  const sources = ['testsrc2', 'testsrc', 'smptebars', 'smptehdbars', 'pal100bars', 'rgbtestsrc', 'mandelbrot', 'life', 'cellauto', 'gradients', 'yuvtestsrc'];
  for (const source of sources) {
    const spec = source === 'cellauto' || source === 'life' ? `${source}=size=320x240:rate=25` : `${source}=size=320x240:rate=25`;
    const times = segmentTimes(4, perFrame);
    try {
      const probs = await scoreFrames(times.map((t) => grab(['-f', 'lavfi', '-t', '4', '-i', spec], t)));
      summarise(`lavfi:${source}`, probs);
    } catch (error) {
      console.error(`skip ${source}: ${String(error).split('\n')[0]}`);
    }
  }

  // Dense sampling (`--fps`, default 4 per second) of real clips: how many benign clips each
  // smoothing choice flags at the default thresholds (every clip here is benign: a flag is a false alarm).
  const fps = cli.fps;
  const denseClips = cli['dense-per-class'];
  const candidates: Array<[string, SmoothingOptions]> = [
    ['none', { window: 1, mergeGapSec: 0, minDurationSec: 0 }],
    ['min 0.5 s', { window: 1, mergeGapSec: 0, minDurationSec: 0.5 }],
    ['median 3', { window: 3, mergeGapSec: 0, minDurationSec: 0 }],
    ['median 3 + min 0.5 s + gap 0.5 s', { window: 3, mergeGapSec: 0.5, minDurationSec: 0.5 }],
    ['median 5 + min 1 s', { window: 5, mergeGapSec: 0.5, minDurationSec: 1 }],
  ];
  const thresholds = activeThresholds(defaultThresholds(labels));
  const flagged = new Map<string, string[]>(candidates.map(([name]) => [name, []]));
  let denseFrames = 0;
  let denseCount = 0;
  for (const set of ['ucf101-6', 'ucf101-other']) {
    const dir = resolve(ROOT, '..', 'shared', 'data', set);
    for (const cls of readdirSync(dir).filter((c) => statSync(join(dir, c)).isDirectory()).sort()) {
      const clips = readdirSync(join(dir, cls)).filter((f) => f.endsWith('.avi')).sort();
      for (let k = 0; k < denseClips && k < clips.length; k++) {
        const clip = join(dir, cls, clips[clips.length - 1 - k]!);
        const d = duration(clip);
        const times = segmentTimes(d, Math.max(1, Math.round(d * fps)));
        const probs = await scoreFrames(times.map((t) => grab(['-i', clip], t)));
        const frames: ScoredFrame[] = probs.map((scores, index) => ({ index, timeSec: times[index]!, scores }));
        denseFrames += frames.length;
        denseCount++;
        for (const [name, options] of candidates) {
          const segs = findSegments(frames, labels, thresholds, d, options);
          if (segs.length > 0) flagged.get(name)!.push(`${cls}/${clips[clips.length - 1 - k]}: ${segs.map((s) => `${s.category} ${s.startSec.toFixed(2)}–${s.endSec.toFixed(2)} peak ${s.peakScore.toFixed(2)}`).join('; ')}`);
        }
      }
    }
  }
  console.log(`\ndense: ${denseCount} benign clips, ${denseFrames} frames at ${fps}/s, default thresholds ${JSON.stringify(thresholds)}`);
  for (const [name, hits] of flagged) console.log(`  ${name.padEnd(34)} flags ${hits.length}/${denseCount}${hits.length ? '\n    ' + hits.join('\n    ') : ''}`);

  realDrawing.sort((a, b) => a - b);
  const q = (p: number): number => realDrawing[Math.min(realDrawing.length - 1, Math.floor(p * realDrawing.length))]!;
  const lines = Object.entries(report).map(([name, r]) => {
    const cols = labels.map((l) => `${l} ${r.perLabel[l]!.median.toFixed(3)} [${r.perLabel[l]!.min.toFixed(3)}–${r.perLabel[l]!.max.toFixed(3)}]`);
    return `${name.padEnd(34)} n=${String(r.frames).padStart(3)}  ${cols.join('  ')}  maxΔDrawing ${r.maxStep.Drawing!.toFixed(3)}`;
  });
  console.log(lines.join('\n'));
  console.log(`real frames: ${realDrawing.length}; Drawing p50 ${q(0.5).toFixed(3)} p90 ${q(0.9).toFixed(3)} p99 ${q(0.99).toFixed(3)} max ${realDrawing.at(-1)!.toFixed(3)}`);
  const json = cli.json;
  if (json) writeFileSync(json, JSON.stringify({ labels, perFrame, report, realDrawing }, null, 1));
}

void main();
