// npx tsx scripts/decode-agreement.ts [--data ../shared/data/ucf101-6] [--per-class 3] [--out docs/decode-agreement.json]
//
// How far the WebCodecs fast path is from the ffmpeg path, on real clips. Takes `--per-class` UCF101
// clips per class, each from a different group, re-encodes each to H.264 (mp4), VP9 (webm) and AV1
// (mkv) with native ffmpeg, and runs the BUILT app (build it first: npm run build) in headless
// Chromium on both decode paths:
//   - pixels: each fast-path frame against the ffmpeg path's frame of the same pick (mean and max
//     absolute difference, 0–255). The ffmpeg frames come from native ffmpeg with the app's own
//     arguments (workers/decode/decodeClip.ts), byte-identical to ffmpeg.wasm's and the only ones
//     there are for AV1, which ffmpeg.wasm cannot decode;
//   - features: cosine of each frame's CNN features, the app on `?decode=webcodecs` against
//     `?decode=ffmpeg` (for AV1, against the ffmpeg path on the AVI original);
//   - predictions: the default head's top-1 class on both paths, and whether each is the true class.
// Prints a table per codec and writes every number as JSON.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { preview } from 'vite';
import { AppDriver } from '../e2e/support/app';
import { chromiumLaunchOptions } from '../e2e/support/browser';
import { decodeInPage, isLabDecode } from '../e2e/support/decodeLab';
import { cosine } from '../src/pipeline/metrics';
import { decodeClip } from '../workers/decode/decodeClip';
import { parseCli } from './lib/cli';
import { NativeFfmpeg } from './lib/nativeFfmpeg';

const root = resolve(import.meta.dirname, '..');
const cli = parseCli('decode-agreement', 'npx tsx scripts/decode-agreement.ts [--data ../shared/data/ucf101-6] [--per-class 3] [--out docs/decode-agreement.json]', {
  data: { kind: 'string', default: join(root, '..', 'shared', 'data', 'ucf101-6') },
  'per-class': { kind: 'positive-int', default: 3 },
  out: { kind: 'string', default: join(root, 'docs', 'decode-agreement.json') },
});
const DATA = resolve(cli.data);
const PER_CLASS = cli['per-class'];
const OUT = resolve(cli.out);
const PACK = 'ucf101-6';
const FRAMES = 16;
const GEOMETRY = { resizeShortSide: 256, size: 224, interpolation: 'bilinear' as const };

const CODECS = {
  h264: { ext: 'mp4', args: ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-crf', '20'] },
  vp9: { ext: 'webm', args: ['-c:v', 'libvpx-vp9', '-b:v', '0', '-crf', '30', '-deadline', 'realtime', '-cpu-used', '8'] },
  av1: { ext: 'mkv', args: ['-c:v', 'libaom-av1', '-crf', '30', '-b:v', '0', '-cpu-used', '8'] },
} as const;
type Codec = keyof typeof CODECS;

interface ClipRow {
  clip: string;
  trueClass: string;
  codec: Codec;
  path: string;
  pixelMeanAbs: number[];
  pixelMaxAbs: number[];
  featureCosine: number[];
  predictedFast: string | null;
  predictedFfmpeg: string | null;
  /** What the ffmpeg-path reference was classified from: the same file, or (AV1) the AVI original. */
  ffmpegReference: 'same file' | 'avi original';
}

/** `perClass` clips of each class, from groups spread over the class's range (one clip per group). */
function chooseClips(perClass: number): { path: string; trueClass: string }[] {
  const rows = readFileSync(join(DATA, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  const classes = [...new Set(rows.map((r) => r[1]!))].sort();
  return classes.flatMap((cls) => {
    const groups = [...new Set(rows.filter((r) => r[1] === cls).map((r) => r[2]!))].sort();
    const picked = Array.from({ length: Math.min(perClass, groups.length) }, (_, k) => groups[Math.floor(((k + 0.5) * groups.length) / perClass)]!);
    return picked.map((g) => {
      const file = rows.filter((r) => r[1] === cls && r[2] === g).map((r) => r[0]!).sort()[0]!;
      return { path: join(DATA, file), trueClass: cls };
    });
  });
}

async function nativeFrames(path: string): Promise<Buffer[]> {
  const host = new NativeFfmpeg();
  const frames: Buffer[] = [];
  try {
    await decodeClip(host, { file: new File([readFileSync(path)], basename(path)), frames: FRAMES, geometry: GEOMETRY, mode: { kind: 'batched', batch: 4 } },
      { metadata: () => undefined, frame: (f) => (frames[f.index] = Buffer.from(f.rgb)), progress: () => undefined }, new AbortController().signal);
    return frames;
  } finally {
    host.dispose();
  }
}

async function classified(app: AppDriver, path: string): Promise<{ predicted: string | null; features: number[][] }> {
  const outcome = await app.classify(path, 300_000);
  if (outcome.status !== 'done') throw new Error(`${path}: ${outcome.error?.code} ${outcome.error?.message}`);
  const state = await app.state();
  const features = [...state.clip!.frames].sort((a, b) => a.index - b.index).map((f) => f.features);
  return { predicted: outcome.predicted, features };
}


async function openApp(page: Page, url: string, path: 'ffmpeg' | 'webcodecs'): Promise<AppDriver> {
  const app = new AppDriver(page);
  await app.open(`${url}?decode=${path}`);
  await app.selectPack(PACK);
  return app;
}

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'reelscope-agreement-'));
  const clips = chooseClips(PER_CLASS);
  console.error(`decode-agreement: ${clips.length} clips × ${Object.keys(CODECS).length} codecs, encoding into ${scratch}`);
  const server = await preview({ root, logLevel: 'silent', preview: { port: 0, host: '127.0.0.1', open: false } });
  const url = server.resolvedUrls?.local[0]?.replace(/\/$/, '');
  if (!url) throw new Error('vite preview did not report a URL');
  const browser = await chromium.launch(chromiumLaunchOptions());
  const rows: ClipRow[] = [];
  try {
    const fastApp = await openApp(await browser.newPage(), url, 'webcodecs');
    const ffmpegApp = await openApp(await browser.newPage(), url, 'ffmpeg');
    const lab = await browser.newPage();
    await lab.goto(url);
    const originals = new Map<string, { predicted: string | null; features: number[][] }>();
    for (const clip of clips) {
      for (const codec of Object.keys(CODECS) as Codec[]) {
        const { ext, args } = CODECS[codec];
        const encoded = join(scratch, `${basename(clip.path, '.avi')}.${codec}.${ext}`);
        execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', clip.path, '-an', ...args, encoded]);
        const fast = await decodeInPage(lab, encoded, { frames: FRAMES, geometry: GEOMETRY, path: 'webcodecs' });
        if (!isLabDecode(fast)) throw new Error(`${encoded}: ${fast.error.code} ${fast.error.message}`);
        const reference = await nativeFrames(encoded);
        const pixelMeanAbs: number[] = [];
        const pixelMaxAbs: number[] = [];
        for (const f of fast.frames) {
          const r = reference[f.index]!;
          let sum = 0, max = 0;
          for (let k = 0; k < r.length; k++) {
            const d = Math.abs(f.rgb[k]! - r[k]!);
            sum += d;
            if (d > max) max = d;
          }
          pixelMeanAbs.push(+(sum / r.length).toFixed(3));
          pixelMaxAbs.push(max);
        }
        const onFast = await classified(fastApp, encoded);
        let onFfmpeg;
        let ffmpegReference: ClipRow['ffmpegReference'] = 'same file';
        if (codec === 'av1') {
          ffmpegReference = 'avi original';
          if (!originals.has(clip.path)) originals.set(clip.path, await classified(ffmpegApp, clip.path));
          onFfmpeg = originals.get(clip.path)!;
        } else {
          onFfmpeg = await classified(ffmpegApp, encoded);
        }
        const row: ClipRow = {
          clip: basename(clip.path), trueClass: clip.trueClass, codec, path: fast.summary.path,
          pixelMeanAbs, pixelMaxAbs,
          featureCosine: onFast.features.map((f, i) => +cosine(f, onFfmpeg.features[i]!).toFixed(5)),
          predictedFast: onFast.predicted, predictedFfmpeg: onFfmpeg.predicted, ffmpegReference,
        };
        rows.push(row);
        console.error(`${row.clip} ${codec}: path ${row.path}, pixels mean ${mean(pixelMeanAbs).toFixed(2)} max ${Math.max(...pixelMaxAbs)}, cosine min ${Math.min(...row.featureCosine).toFixed(4)}, top-1 ${row.predictedFast} / ${row.predictedFfmpeg} (true ${row.trueClass})`);
        rmSync(encoded, { force: true });
      }
    }
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
    rmSync(scratch, { recursive: true, force: true });
  }

  const summary = (Object.keys(CODECS) as Codec[]).map((codec) => {
    const rs = rows.filter((r) => r.codec === codec);
    const frameMeans = rs.flatMap((r) => r.pixelMeanAbs);
    const cosines = rs.flatMap((r) => r.featureCosine);
    return {
      codec, clips: rs.length, frames: frameMeans.length,
      onWebCodecs: rs.filter((r) => r.path === 'webcodecs').length,
      pixelMeanAbs: +mean(frameMeans).toFixed(3), pixelMeanAbsWorstFrame: Math.max(...frameMeans), pixelMaxAbs: Math.max(...rs.flatMap((r) => r.pixelMaxAbs)),
      cosineMean: +mean(cosines).toFixed(5), cosineMin: Math.min(...cosines),
      top1Agree: rs.filter((r) => r.predictedFast === r.predictedFfmpeg).length,
      top1CorrectFast: rs.filter((r) => r.predictedFast === r.trueClass).length,
      top1CorrectFfmpeg: rs.filter((r) => r.predictedFfmpeg === r.trueClass).length,
      ffmpegReference: rs[0]?.ffmpegReference,
    };
  });
  console.log('| codec | clips (frames) | on WebCodecs | pixel mean abs (worst frame, max) | feature cosine mean (min) | top-1 agree | correct fast / ffmpeg | ffmpeg reference |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const s of summary) {
    console.log(`| ${s.codec} | ${s.clips} (${s.frames}) | ${s.onWebCodecs} | ${s.pixelMeanAbs} (${s.pixelMeanAbsWorstFrame}, ${s.pixelMaxAbs}) | ${s.cosineMean} (${s.cosineMin}) | ${s.top1Agree}/${s.clips} | ${s.top1CorrectFast} / ${s.top1CorrectFfmpeg} | ${s.ffmpegReference} |`);
  }
  const agreeAll = rows.filter((r) => r.predictedFast === r.predictedFfmpeg).length;
  console.log(`top-1 agreement over all ${rows.length} encodes: ${agreeAll}/${rows.length} (${((100 * agreeAll) / rows.length).toFixed(1)} %)`);
  writeFileSync(OUT, JSON.stringify({ pack: PACK, frames: FRAMES, geometry: GEOMETRY, codecs: CODECS, summary, rows }, null, 1));
  console.error(`decode-agreement: wrote ${OUT}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
