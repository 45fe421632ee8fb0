// Reads what ffmpeg prints about an input (`ffmpeg -hide_banner -i FILE`) into clip metadata.
// ffmpeg.wasm and native ffmpeg print the same banner, so both paths share this parser.

export interface ClipMetadata {
  container: string;
  durationSec: number;
  fps: number | null;
  codec: string;
  width: number;
  height: number;
  /** Clockwise degrees the display must rotate the coded frame (ffmpeg applies it when decoding). */
  rotation: number;
  /** Width and height as displayed, after rotation. */
  displayWidth: number;
  displayHeight: number;
}

export type ProbeFailure =
  | { kind: 'not-media'; detail: string }
  | { kind: 'no-video'; detail: string }
  | { kind: 'no-duration'; detail: string };

export type ProbeResult = { ok: true; metadata: ClipMetadata } | { ok: false; failure: ProbeFailure };

const INVALID_DATA = /Invalid data found when processing input|could not find codec parameters|moov atom not found|Invalid argument|End of file/i;

export function parseProbeLog(log: string): ProbeResult {
  const input = /^Input #0, ([^,]+(?:,[^,\s]+)*), from /m.exec(log);
  if (!input) {
    const reason = INVALID_DATA.exec(log)?.[0] ?? lastLine(log) ?? 'ffmpeg could not open the file';
    return { ok: false, failure: { kind: 'not-media', detail: reason } };
  }
  const video = /Stream #0:\d+(?:\[[^\]]*\])?(?:\([^)]*\))?: Video: ([^\s,]+)[^\n]*/.exec(log);
  if (!video || !video[1]) return { ok: false, failure: { kind: 'no-video', detail: 'the file has no video stream' } };
  const videoLine = video[0];
  const size = /, (\d{1,5})x(\d{1,5})[\s,[]/.exec(videoLine);
  const width = size ? Number(size[1]) : 0;
  const height = size ? Number(size[2]) : 0;
  if (!width || !height) return { ok: false, failure: { kind: 'no-video', detail: 'the video stream has no frame size' } };

  const fpsMatch = /, ([\d.]+)(k?) fps/.exec(videoLine) ?? /, ([\d.]+)(k?) tbr/.exec(videoLine);
  const fps = fpsMatch ? Number(fpsMatch[1]) * (fpsMatch[2] === 'k' ? 1000 : 1) : null;

  const durationSec = parseDuration(log, fps);
  if (durationSec === null) {
    return { ok: false, failure: { kind: 'no-duration', detail: 'ffmpeg reports no duration for this file' } };
  }
  const rotation = parseRotation(log);
  const swap = rotation % 180 !== 0;
  return {
    ok: true,
    metadata: {
      container: (input[1] ?? '').split(',')[0]!.trim(),
      durationSec,
      fps,
      codec: video[1],
      width,
      height,
      rotation,
      displayWidth: swap ? height : width,
      displayHeight: swap ? width : height,
    },
  };
}

function parseDuration(log: string, fps: number | null): number | null {
  const d = /Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(log);
  if (d) {
    const seconds = Number(d[1]) * 3600 + Number(d[2]) * 60 + Number(d[3]);
    if (seconds > 0) return seconds;
  }
  // A single-image stream (or a gif with one frame) has no duration; treat it as one frame long.
  if (/Duration: N\/A/.test(log) && fps) return 1 / fps;
  return null;
}

function parseRotation(log: string): number {
  const displayMatrix = /displaymatrix: rotation of (-?[\d.]+) degrees/.exec(log);
  const rotateTag = /^\s*rotate\s*:\s*(-?\d+)/m.exec(log);
  const raw = displayMatrix ? -Number(displayMatrix[1]) : rotateTag ? Number(rotateTag[1]) : 0;
  return ((Math.round(raw) % 360) + 360) % 360;
}

function lastLine(log: string): string | undefined {
  return log.trim().split('\n').filter(Boolean).pop();
}
