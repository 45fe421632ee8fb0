// Media the tests need: real clips from ../shared/data (read in place, never copied into the
// repo) and clips the tests render themselves with native ffmpeg's lavfi sources.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function dataDir(name: 'ucf101-6' | 'ucf101-other'): string {
  const base = process.env.REELSCOPE_SHARED ?? resolve(repoRoot, '..', 'shared');
  const dir = name === 'ucf101-6' && process.env.REELSCOPE_DATA ? process.env.REELSCOPE_DATA : join(base, 'data', name);
  if (!existsSync(dir)) {
    throw new Error(`Real clips are missing: ${dir} does not exist. Put ../shared beside the checkout or set REELSCOPE_SHARED.`);
  }
  return dir;
}

/** A real clip of a class, by index in sorted order (stable across runs). */
export function realClip(className: string, index = 0, set: 'ucf101-6' | 'ucf101-other' = 'ucf101-6'): string {
  const dir = join(dataDir(set), className);
  if (!existsSync(dir)) throw new Error(`No folder ${dir}`);
  const clips = readdirSync(dir).filter((f) => /\.(avi|mp4|webm|mkv|mov)$/i.test(f)).sort();
  const clip = clips[index];
  if (!clip) throw new Error(`${dir} has no clip #${index}`);
  return join(dir, clip);
}

/**
 * A labelled folder in a temp dir (one subfolder per class) for the evaluation screen's folder picker,
 * whose files are links to the clips. Hard links, not symlinks: Chromium's folder picker skips symbolic
 * links when it lists a folder (checked with Playwright's setInputFiles on a webkitdirectory input).
 * Across file systems, where a hard link is impossible, the clip is copied into the temp dir (never
 * into the repository).
 */
export function labelledFolder(prefix: string, clips: readonly { className: string; path: string }[]): string {
  const root = join(mkdtempSync(join(tmpdir(), prefix)), 'labelled');
  for (const { className, path } of clips) {
    mkdirSync(join(root, className), { recursive: true });
    const target = join(root, className, basename(path));
    try {
      linkSync(path, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      copyFileSync(path, target);
    }
  }
  return root;
}

let scratch: string | null = null;
function scratchDir(): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'reelscope-e2e-'));
  return scratch;
}

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: 'pipe' });
}

/** A short synthetic clip rendered from a lavfi source, in the container/codec asked for. */
export function renderClip(
  name: string,
  options: { source?: string; seconds?: number; codecArgs?: string[] } = {},
): string {
  const out = join(scratchDir(), name);
  const source = options.source ?? 'testsrc2=size=320x240:rate=25';
  ffmpeg([
    '-f', 'lavfi', '-i', source,
    '-t', String(options.seconds ?? 3),
    ...(options.codecArgs ?? ['-c:v', 'libx264', '-pix_fmt', 'yuv420p']),
    out,
  ]);
  return out;
}

/**
 * A clip whose container says "rotate by `degrees` for display", as phones write it. ffmpeg 5.1
 * only writes the display matrix when remuxing (with -c copy), not while encoding.
 */
export function rotatedClip(degrees: number): string {
  const plain = renderClip(`unrotated-${degrees}.mp4`);
  const out = join(scratchDir(), `rotated-${degrees}.mp4`);
  ffmpeg(['-i', plain, '-c', 'copy', '-metadata:s:v:0', `rotate=${degrees}`, out]);
  return out;
}

/** An mp4 cut off in the middle: the index (moov) is at the end, so it is missing. */
export function truncatedMp4(): string {
  const whole = renderClip('whole.mp4', { seconds: 4 });
  const bytes = readFileSync(whole);
  const out = join(scratchDir(), 'truncated.mp4');
  writeFileSync(out, bytes.subarray(0, Math.floor(bytes.length / 2)));
  return out;
}

export function textFile(): string {
  const out = join(scratchDir(), 'notes.mp4');
  writeFileSync(out, 'This is a text file, not a video.\n'.repeat(200));
  return out;
}

/** A file of 0 bytes. */
export function emptyFile(name: string): string {
  const out = join(scratchDir(), name);
  writeFileSync(out, '');
  return out;
}

/** A y4m rendered from a real clip, for Chromium's fake webcam (--use-file-for-fake-video-capture). */
export function y4mFromClip(clip: string, seconds = 4, fps = 15): string {
  const out = join(scratchDir(), `camera-${fps}fps.y4m`);
  ffmpeg(['-i', clip, '-t', String(seconds), '-vf', `scale=320:240,fps=${fps}`, '-pix_fmt', 'yuv420p', out]);
  return out;
}
