// The moderation e2e clip, rendered with native ffmpeg: 4 s of a real UCF101 scene, then 4 s of
// lavfi `testsrc` (which the nsfwjs model scores as Drawing, 0.90–0.98), with ONE video frame of
// testsrc flashed into the real part exactly where sampled frame `flashSample` is taken.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { segmentTimes } from '../../src/pipeline/sampling';

export interface SwitchingClip {
  path: string;
  durationSec: number;
  fps: number;
  /** Sampled frames the app will take (segment centres). */
  frames: number;
  /** Where the cartoon part starts. */
  switchSec: number;
  /** The sampled frame that lands on the flash, and the video frame number flashed. */
  flashSample: number;
  flashVideoFrame: number;
}

export function renderSwitchingClip(realClip: string, options: { frames?: number; flashSample?: number } = {}): SwitchingClip {
  const fps = 25;
  const half = 4;
  const durationSec = 2 * half;
  const frames = options.frames ?? 32;
  const flashSample = options.flashSample ?? 8;
  // Seeking before -i outputs the first frame at or after the time asked for.
  const flashTime = segmentTimes(durationSec, frames)[flashSample]!;
  const flashVideoFrame = Math.ceil(flashTime * fps - 1e-6);
  const out = join(mkdtempSync(join(tmpdir(), 'reelscope-moderation-')), 'switching.mp4');
  const norm = `fps=${fps},scale=320:240,setsar=1,format=yuv420p`;
  execFileSync(
    'ffmpeg',
    [
      '-nostdin', '-hide_banner', '-loglevel', 'error', '-y',
      '-i', realClip,
      '-f', 'lavfi', '-i', `testsrc=size=320x240:rate=${fps}`,
      '-filter_complex',
      `[0:v]${norm},trim=duration=${half},setpts=PTS-STARTPTS[real];` +
        `[1:v]${norm},trim=duration=${durationSec},setpts=PTS-STARTPTS,split[t1][t2];` +
        `[real][t1]overlay=enable='eq(n\\,${flashVideoFrame})':shortest=1[flashed];` +
        `[t2]trim=start=${half}:duration=${half},setpts=PTS-STARTPTS[cartoon];` +
        `[flashed][cartoon]concat=n=2:v=1:a=0[v]`,
      '-map', '[v]',
      '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-g', '25', '-r', String(fps),
      out,
    ],
    { stdio: 'pipe' },
  );
  return { path: out, durationSec, fps, frames, switchSec: half, flashSample, flashVideoFrame };
}
