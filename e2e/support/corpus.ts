// Odd but real inputs, rendered at test time with native ffmpeg: the layouts phones, editors and
// screen recorders write (late video, audio first, edit lists, HEVC, 5 MP frames), streams to
// skip (thumbnails, cover art), files without timestamps or with lying headers, and cut-short or
// fake files. Each says what the app must make of it. Used by the Node decode tests
// (tests/workers/decode/decodeClip.test.ts) and the browser e2e corpus (e2e/corpus.spec.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErrorCode } from '../../src/pipeline/errors';

export type Expectation =
  /** Classified; `partial` says whether less than the declared video could be read; `stream` is the video stream chosen. */
  | { outcome: 'classified'; partial: boolean; stream?: number; minDistinctFrames?: number }
  | { outcome: 'error'; code: ErrorCode };

export interface OddInput {
  name: string;
  /** What the case is about, in words (test titles). */
  what: string;
  render: (dir: string) => string;
  expect: Expectation;
  /** Cases that cost seconds to render or decode (5 MP HEVC): run only where named. */
  heavy?: boolean;
}

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: 'pipe' });
}

/** A moving test pattern, so frames at different times differ. */
function pattern(dir: string, name: string, options: { seconds: number; size?: string; rate?: number; codec?: string[] }): string {
  const out = join(dir, name);
  ffmpeg([
    '-f', 'lavfi', '-i', `testsrc2=size=${options.size ?? '320x240'}:rate=${options.rate ?? 25}`,
    '-t', String(options.seconds), ...(options.codec ?? ['-c:v', 'libx264', '-pix_fmt', 'yuv420p']), out,
  ]);
  return out;
}

function tone(dir: string, name: string, seconds: number, codec = ['-c:a', 'aac']): string {
  const out = join(dir, name);
  ffmpeg(['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`, ...codec, out]);
  return out;
}

/** The first `fraction` of a file's bytes. */
function cut(dir: string, whole: string, name: string, fraction: number): string {
  const bytes = readFileSync(whole);
  const out = join(dir, name);
  writeFileSync(out, bytes.subarray(0, Math.floor(bytes.length * fraction)));
  return out;
}

/** Overwrites bytes [from, to) (fractions of the file) with zeros: the index survives, the pictures there do not. */
function damage(dir: string, whole: string, name: string, from: number, to: number): string {
  const bytes = readFileSync(whole);
  bytes.fill(0, Math.floor(bytes.length * from), Math.floor(bytes.length * to));
  const out = join(dir, name);
  writeFileSync(out, bytes);
  return out;
}

/** A phone's layout: audio from 0 for `containerSec`, video starting `videoStartSec` later (an edit list in mp4). */
function lateVideo(dir: string, name: string, video: string, videoStartSec: number, containerSec: number): string {
  const audio = tone(dir, `${name}.audio.m4a`, containerSec);
  const out = join(dir, name);
  ffmpeg(['-itsoffset', String(videoStartSec), '-i', video, '-i', audio, '-map', '0:v', '-map', '1:a', '-c', 'copy', out]);
  return out;
}

/** Multiplies the 32-bit duration of every mvhd / tkhd / mdhd box (version 0) of an mp4: a header that claims `factor`× the length. */
function overstateMp4Duration(path: string, factor: number): void {
  const bytes = readFileSync(path);
  const fields: Record<string, number> = { mvhd: 16, tkhd: 20, mdhd: 16 }; // offset of duration after the box type
  for (const [box, offset] of Object.entries(fields)) {
    for (let at = bytes.indexOf(box); at >= 0; at = bytes.indexOf(box, at + 4)) {
      if (bytes[at + 4] !== 0) continue; // version 1 boxes have 64-bit fields
      const field = at + 4 + offset;
      bytes.writeUInt32BE(bytes.readUInt32BE(field) * factor, field);
    }
  }
  writeFileSync(path, bytes);
}

export const ODD_INPUTS: OddInput[] = [
  {
    name: 'offset-1000s.mp4', what: 'timestamps that start 1000 s late (mp4)',
    render: (d) => { const v = pattern(d, 'offset-src.mp4', { seconds: 4 }); const o = join(d, 'offset-1000s.mp4'); ffmpeg(['-i', v, '-c', 'copy', '-output_ts_offset', '1000', o]); return o; },
    expect: { outcome: 'classified', partial: false, minDistinctFrames: 12 },
  },
  {
    name: 'offset-1000s.mkv', what: 'timestamps that start 1000 s late (mkv)',
    render: (d) => { const v = pattern(d, 'offset-src2.mp4', { seconds: 4 }); const o = join(d, 'offset-1000s.mkv'); ffmpeg(['-i', v, '-c', 'copy', '-output_ts_offset', '1000', o]); return o; },
    expect: { outcome: 'classified', partial: false, minDistinctFrames: 12 },
  },
  {
    name: 'phone-late-video.mp4', what: 'audio first, video 1.55 s later and shorter than the container (edit list)',
    render: (d) => lateVideo(d, 'phone-late-video.mp4', pattern(d, 'phone-v.mp4', { seconds: 5.47, rate: 30 }), 1.55, 7.02),
    expect: { outcome: 'classified', partial: false, minDistinctFrames: 14 },
  },
  {
    name: 'phone-late-video.mov', what: 'the same phone layout with a 3.99 s late start, in a .mov',
    render: (d) => lateVideo(d, 'phone-late-video.mov', pattern(d, 'phone-v2.mp4', { seconds: 4, rate: 30 }), 3.99, 8.2),
    expect: { outcome: 'classified', partial: false, minDistinctFrames: 14 },
  },
  {
    name: 'hevc-10bit.mp4', what: 'HEVC Main 10 (10-bit), starting 0.96 s late',
    render: (d) => lateVideo(d, 'hevc-10bit.mp4', pattern(d, 'hevc10-v.mp4', { seconds: 3, codec: ['-c:v', 'libx265', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p10le', '-tag:v', 'hvc1', '-x265-params', 'log-level=error'] }), 0.96, 4.5),
    expect: { outcome: 'classified', partial: false, minDistinctFrames: 12 },
  },
  {
    name: 'phone-hevc-5mp.mp4', what: 'a 2592×1944 HEVC phone clip whose video starts 1.55 s late',
    render: (d) => lateVideo(d, 'phone-hevc-5mp.mp4', pattern(d, 'hevc5mp-v.mp4', { seconds: 1.2, size: '2592x1944', rate: 30, codec: ['-c:v', 'libx265', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-tag:v', 'hvc1', '-x265-params', 'log-level=error:keyint=15'] }), 1.55, 3),
    expect: { outcome: 'classified', partial: false, minDistinctFrames: 12 },
    heavy: true,
  },
  {
    name: 'thumbnail-first.mkv', what: 'an MKV whose stream 0 is a one-frame thumbnail',
    render: (d) => {
      const thumb = join(d, 'thumb.png');
      ffmpeg(['-f', 'lavfi', '-i', 'color=c=red:size=64x48', '-frames:v', '1', thumb]);
      const v = pattern(d, 'thumb-v.mp4', { seconds: 3 });
      const o = join(d, 'thumbnail-first.mkv');
      ffmpeg(['-i', thumb, '-i', v, '-map', '0', '-map', '1', '-c:v:0', 'png', '-c:v:1', 'copy', o]);
      return o;
    },
    expect: { outcome: 'classified', partial: false, stream: 1, minDistinctFrames: 12 },
  },
  {
    name: 'cover-art.mp3', what: 'an MP3 with cover art (attached picture) and no video',
    render: (d) => {
      const audio = tone(d, 'cover-audio.mp3', 3, ['-c:a', 'libmp3lame']);
      const art = join(d, 'cover.png');
      ffmpeg(['-f', 'lavfi', '-i', 'color=c=blue:size=64x64', '-frames:v', '1', art]);
      const o = join(d, 'cover-art.mp3');
      ffmpeg(['-i', audio, '-i', art, '-map', '0', '-map', '1', '-c:a', 'copy', '-c:v', 'mjpeg', '-disposition:v:0', 'attached_pic', o]);
      return o;
    },
    expect: { outcome: 'error', code: 'NoVideoStream' },
  },
  {
    name: 'slow-frames.gif', what: 'a GIF of two frames, 0.5 s each',
    render: (d) => { const o = join(d, 'slow-frames.gif'); ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=2', '-t', '1', o]); return o; },
    expect: { outcome: 'classified', partial: false, minDistinctFrames: 2 },
  },
  {
    name: 'header-overstates.mp4', what: 'a movie header that declares 10× the real length (the track is read to its real end)',
    render: (d) => { const o = pattern(d, 'header-overstates.mp4', { seconds: 4 }); overstateMp4Duration(o, 10); return o; },
    expect: { outcome: 'classified', partial: false, minDistinctFrames: 12 },
  },
  {
    name: 'annexb.h264', what: 'a raw H.264 Annex B stream (no container, no timestamps)',
    render: (d) => { const v = pattern(d, 'annexb-src.mp4', { seconds: 3 }); const o = join(d, 'annexb.h264'); ffmpeg(['-i', v, '-c', 'copy', '-f', 'h264', o]); return o; },
    expect: { outcome: 'classified', partial: false, minDistinctFrames: 12 },
  },
  {
    name: 'random-bytes.webm', what: 'random bytes named .webm',
    render: (d) => { const o = join(d, 'random-bytes.webm'); let x = 12345; writeFileSync(o, Uint8Array.from({ length: 200_000 }, () => (x = (x * 1103515245 + 12345) >>> 0) >>> 24)); return o; },
    expect: { outcome: 'error', code: 'NotAVideo' },
  },
  {
    name: 'half.avi', what: 'half of an AVI (MPEG-4): what survives is classified, and said to be partial',
    render: (d) => cut(d, pattern(d, 'whole.avi', { seconds: 4, codec: ['-c:v', 'mpeg4', '-q:v', '4'] }), 'half.avi', 0.5),
    expect: { outcome: 'classified', partial: true, minDistinctFrames: 12 },
  },
  {
    name: 'half.mkv', what: 'half of an MKV (H.264): the same policy',
    render: (d) => cut(d, pattern(d, 'whole.mkv', { seconds: 4 }), 'half.mkv', 0.5),
    expect: { outcome: 'classified', partial: true, minDistinctFrames: 12 },
  },
  {
    name: 'faststart-cut-30.mp4', what: 'a faststart mp4 cut at 30 %: the index survives, so what survives is classified',
    render: (d) => {
      const v = pattern(d, 'fs-src.mp4', { seconds: 4 });
      const fs = join(d, 'faststart.mp4');
      ffmpeg(['-i', v, '-c', 'copy', '-movflags', '+faststart', fs]);
      return cut(d, fs, 'faststart-cut-30.mp4', 0.3);
    },
    expect: { outcome: 'classified', partial: true },
  },
  {
    name: 'damaged-second-half.mp4', what: 'an mp4 whose index is intact but whose later pictures are zeroed: it fails after frames have decoded',
    render: (d) => {
      const v = pattern(d, 'damaged-src.mp4', { seconds: 4, codec: ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-g', '100', '-movflags', '+faststart'] });
      return damage(d, v, 'damaged-second-half.mp4', 0.5, 1);
    },
    expect: { outcome: 'error', code: 'TruncatedFile' },
  },
  {
    name: 'index-at-end-cut.mp4', what: 'half of an mp4 whose index (moov) is at the end: nothing can be read',
    render: (d) => cut(d, pattern(d, 'moov-end.mp4', { seconds: 4 }), 'index-at-end-cut.mp4', 0.5),
    expect: { outcome: 'error', code: 'TruncatedFile' },
  },
];

export function corpusDir(): string {
  return mkdtempSync(join(tmpdir(), 'reelscope-corpus-'));
}
