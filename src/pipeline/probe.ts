// What a clip is, read from ffprobe: which stream is the video, and the time range it really covers.
// Phones, editors and screen recorders write files whose video starts late, lasts less than the
// container, sits behind a cover-art stream, or whose header overstates the length; frames are
// sampled over the video stream's own, readable range. Pure parsing here; the runs that produce
// the text are in workers/decode/probeClip.ts, shared by ffmpeg.wasm and native ffmpeg.

export interface ClipMetadata {
  container: string;
  codec: string;
  /** Index of the chosen video stream in the file (for `-map 0:<index>`). */
  streamIndex: number;
  width: number;
  height: number;
  /** Clockwise degrees the display must rotate the coded frame (ffmpeg applies it when decoding). */
  rotation: number;
  /** Width and height as displayed, after rotation. */
  displayWidth: number;
  displayHeight: number;
  fps: number | null;
  /** Where the video's first frame is, in seconds after the file's start (the origin of `-ss`). */
  offsetSec: number;
  /** How long the video runs, as far as it can be read: frames are sampled over [offsetSec, offsetSec + durationSec). */
  durationSec: number;
  /** The last frame's time (same origin as offsetSec): later picks are held there. */
  lastFrameSec: number;
  /** How long the file says its video runs; more than durationSec when it is cut short or its header overstates. */
  declaredDurationSec: number | null;
  /** False when packets carry no timestamps (raw H.264, …): frames are then found by decoding from the start. */
  seekable: boolean;
}

/** The subset of `ffprobe -show_format -show_streams -of json` that Reelscope reads. */
export interface ProbeReport {
  format: { format_name?: string; start_time?: string; duration?: string };
  streams: ProbeStream[];
}

export interface ProbeStream {
  index: number;
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  start_time?: string;
  duration?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  nb_frames?: string;
  disposition?: { attached_pic?: number; default?: number };
  tags?: Record<string, string>;
  side_data_list?: { side_data_type?: string; rotation?: number }[];
}

/** What a scan of a stream's packets found (times in the file's own timestamps, seconds). */
export interface PacketScan {
  packets: number;
  /** Earliest and latest presentation time, and the end of the last packet; null when packets carry no timestamps. */
  firstSec: number | null;
  lastSec: number | null;
  endSec: number | null;
  /** Duration of one packet as the demuxer reports it (raw streams give a nominal one). */
  packetSec: number | null;
}

const PROBE_COMMON = ['-hide_banner', '-v', 'error'];

/** ffprobe arguments that write the container and stream report as JSON to `output`. */
export function probeArgs(input: string, output: string): string[] {
  return [...PROBE_COMMON, '-show_format', '-show_streams', '-of', 'json', '-o', output, input];
}

/**
 * ffprobe arguments that list one stream's packet times (CSV: pts,dts,duration) to `output`.
 * With `fromSec` (the file's own timestamps) it seeks there first: the tail of a long clip costs
 * what the tail of a short one does.
 */
export function packetScanArgs(input: string, streamIndex: number, output: string, fromSec?: number): string[] {
  const interval = fromSec === undefined ? [] : ['-read_intervals', `${Math.max(0, fromSec).toFixed(6)}%`];
  return [...PROBE_COMMON, '-select_streams', String(streamIndex), ...interval,
    '-show_entries', 'packet=pts_time,dts_time,duration_time', '-of', 'csv=p=0', '-o', output, input];
}

/** ffprobe arguments that count every stream's packets (to tell a real video from a one-frame thumbnail). */
export function packetCountArgs(input: string, output: string): string[] {
  return [...PROBE_COMMON, '-count_packets', '-show_entries', 'stream=index,nb_read_packets', '-of', 'csv=p=0', '-o', output, input];
}

export function parseProbeReport(json: string): ProbeReport | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { format, streams } = value as Partial<ProbeReport>;
  if (!format || !Array.isArray(streams)) return null;
  return { format, streams };
}

export function parsePacketScan(csv: string): PacketScan {
  let packets = 0;
  let firstSec: number | null = null;
  let lastSec: number | null = null;
  let endSec: number | null = null;
  let packetSec: number | null = null;
  for (const line of csv.split('\n')) {
    const cells = line.trim().split(',');
    if (cells.length < 3) continue;
    packets++;
    const time = seconds(cells[0]) ?? seconds(cells[1]);
    const duration = seconds(cells[2]);
    if (duration !== null && duration > 0) packetSec = duration;
    if (time === null) continue;
    firstSec = firstSec === null ? time : Math.min(firstSec, time);
    lastSec = lastSec === null ? time : Math.max(lastSec, time);
    const end = time + (duration ?? 0);
    endSec = endSec === null ? end : Math.max(endSec, end);
  }
  return { packets, firstSec, lastSec, endSec, packetSec };
}

/** `index,count` lines of packetCountArgs → packets per stream index. */
export function parsePacketCounts(csv: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const line of csv.split('\n')) {
    const [index, count] = line.trim().split(',').map(Number);
    if (Number.isInteger(index) && Number.isFinite(count)) counts.set(index!, count!);
  }
  return counts;
}

/** Video streams that can be the clip: cover art and other attached pictures are not. */
export function videoCandidates(report: ProbeReport): ProbeStream[] {
  return report.streams.filter(
    (s) => s.codec_type === 'video' && (s.width ?? 0) > 0 && (s.height ?? 0) > 0 && s.disposition?.attached_pic !== 1,
  );
}

/** The stream with the most packets (a thumbnail has one), then the largest frame, then the first. */
export function chooseVideoStream(candidates: readonly ProbeStream[], packets?: ReadonlyMap<number, number>): ProbeStream {
  if (candidates.length === 0) throw new RangeError('no video stream to choose from');
  const score = (s: ProbeStream): [number, number] => [packets?.get(s.index) ?? 0, (s.width ?? 0) * (s.height ?? 0)];
  return candidates.reduce((best, s) => {
    const [bp, ba] = score(best);
    const [sp, sa] = score(s);
    return sp > bp || (sp === bp && sa > ba) ? s : best;
  });
}

/**
 * The lengths the file declares for the video stream: its own duration, a Matroska DURATION tag,
 * its frame count over its rate; the container's duration only when the stream declares none
 * (a container's length includes audio that may run longer than the video).
 */
function declaredLengths(report: ProbeReport, stream: ProbeStream, fps: number | null): number[] {
  const own = [
    seconds(stream.duration),
    hms(stream.tags?.DURATION ?? stream.tags?.duration),
    fps && stream.nb_frames && Number(stream.nb_frames) > 0 ? Number(stream.nb_frames) / fps : null,
  ].filter((d): d is number => d !== null && d > 0);
  if (own.length > 0) return own;
  const container = seconds(report.format.duration);
  return container !== null && container > 0 ? [container] : [];
}

/** Where, at the latest, the file says the video ends (in its own timestamps): where to look for its last packets. */
export function declaredEnd(report: ProbeReport, stream: ProbeStream): number | null {
  const lengths = declaredLengths(report, stream, ratio(stream.avg_frame_rate) ?? ratio(stream.r_frame_rate));
  return lengths.length > 0 ? streamStart(report, stream) + Math.max(...lengths) : null;
}

/**
 * The clip's metadata from the probe report, the chosen stream and a scan of its packets (of the
 * whole stream, or of its tail: `scannedFromStart` says which). Returns null when the scan found
 * no packet at all (nothing of the video can be read).
 */
export function clipMetadata(report: ProbeReport, stream: ProbeStream, scan: PacketScan, scannedFromStart: boolean): ClipMetadata | null {
  if (scan.packets === 0) return null;
  const formatStart = seconds(report.format.start_time) ?? 0;
  const fps = frameRate(stream, scan);
  const frameSec = fps ? 1 / fps : (scan.packetSec ?? 0.04);
  let start: number;
  let end: number;
  let last: number;
  const seekable = scan.firstSec !== null && scan.endSec !== null && scan.lastSec !== null;
  if (seekable) {
    start = seconds(stream.start_time) ?? (scannedFromStart ? scan.firstSec! : formatStart);
    end = scan.endSec!;
    last = scan.lastSec!;
  } else {
    // No timestamps (a raw elementary stream): the decoder numbers frames from zero.
    start = formatStart;
    end = formatStart + scan.packets * frameSec;
    last = end - frameSec;
  }
  // Containers disagree on whether a duration counts from zero or from the start time (mkv with
  // an offset writes the end time): each declared length is read the way nearer what the packets show.
  const readable = end - start;
  const readings = declaredLengths(report, stream, fps).map((d) => (Math.abs(d - start - readable) < Math.abs(d - readable) ? d - start : d));
  const declared = readings.length > 0 ? Math.max(...readings) : null;
  const rotation = rotationOf(stream);
  const swap = rotation % 180 !== 0;
  const width = stream.width ?? 0;
  const height = stream.height ?? 0;
  return {
    container: (report.format.format_name ?? '').split(',')[0]!,
    codec: stream.codec_name ?? 'unknown',
    streamIndex: stream.index,
    width,
    height,
    rotation,
    displayWidth: swap ? height : width,
    displayHeight: swap ? width : height,
    fps,
    offsetSec: round6(start - formatStart),
    durationSec: round6(Math.max(end - start, frameSec)),
    lastFrameSec: round6(Math.max(last, start) - formatStart),
    declaredDurationSec: declared === null ? null : round6(declared),
    seekable,
  };
}

/** How much of the declared video could be read, when the file says (1 when it says nothing). */
export function readFraction(metadata: Pick<ClipMetadata, 'durationSec' | 'declaredDurationSec'>): number {
  const declared = metadata.declaredDurationSec;
  return declared && declared > metadata.durationSec ? metadata.durationSec / declared : 1;
}

/** Whether less of the video could be read than the file declares, beyond a frame or two of rounding. */
export function isPartial(metadata: Pick<ClipMetadata, 'durationSec' | 'declaredDurationSec' | 'fps'>): boolean {
  const declared = metadata.declaredDurationSec;
  if (!declared) return false;
  const slack = Math.max(0.25, 2 / (metadata.fps ?? 25));
  return declared - metadata.durationSec > slack && readFraction(metadata) < 0.95;
}

function streamStart(report: ProbeReport, stream: ProbeStream): number {
  return seconds(stream.start_time) ?? seconds(report.format.start_time) ?? 0;
}

/** Frames per second: the stream's average rate, else its packet count over its time range, else the container's base rate. */
function frameRate(stream: ProbeStream, scan: PacketScan): number | null {
  const average = ratio(stream.avg_frame_rate);
  if (average) return average;
  if (scan.packets > 1 && scan.firstSec !== null && scan.endSec !== null && scan.endSec > scan.firstSec) {
    return scan.packets / (scan.endSec - scan.firstSec);
  }
  return ratio(stream.r_frame_rate);
}

function rotationOf(stream: ProbeStream): number {
  const matrix = stream.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation;
  // A display matrix's rotation is counter-clockwise; the legacy `rotate` tag is clockwise.
  const raw = matrix !== undefined ? -matrix : Number(stream.tags?.rotate ?? 0);
  return ((Math.round(Number.isFinite(raw) ? raw : 0) % 360) + 360) % 360;
}

function seconds(text: string | undefined): number | null {
  if (text === undefined || text === '' || text === 'N/A') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function hms(text: string | undefined): number | null {
  const m = text ? /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text.trim()) : null;
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null;
}

function ratio(text: string | undefined): number | null {
  const m = text ? /^(\d+)\/(\d+)$/.exec(text) : null;
  if (!m) return null;
  const value = Number(m[1]) / Number(m[2]);
  return Number.isFinite(value) && value > 0 && value < 1000 ? value : null;
}

function round6(t: number): number {
  return Math.round(t * 1e6) / 1e6;
}
