// The probe stage: which stream of a dropped file is the video and which time range of it can
// really be read. A few ffprobe runs: the report, a packet count when several video streams
// compete, and a scan of the chosen stream's tail (or of all of it) for where its frames end.
// The same runs serve ffmpeg.wasm (workers/decode) and native ffprobe (scripts/extract-features.ts),
// so the app and the training data sample the same times.
import { ReelscopeError } from '../../src/pipeline/errors';
import {
  chooseVideoStream,
  clipMetadata,
  declaredEnd,
  isPartial,
  packetCountArgs,
  packetScanArgs,
  parsePacketCounts,
  parsePacketScan,
  parseProbeReport,
  probeArgs,
  videoCandidates,
  type ClipMetadata,
  type PacketScan,
} from '../../src/pipeline/probe';
import { probeFailure } from './failures';

export interface ProbeTool {
  /** Runs ffprobe; resolves with its log (ffmpeg.wasm's exit code of ffprobe is not reliable, so none is asked for). */
  ffprobe(args: string[]): Promise<{ log: string }>;
  /** Reads and deletes a text file ffprobe wrote; null when it wrote none. */
  takeText(path: string): Promise<string | null>;
}

/** Demuxers of single images: ffmpeg opens them as a one-frame "video", the user dropped a picture. */
const STILL_IMAGE_CONTAINER = /^(image2|[a-z0-9]+_pipe)$/;

/** How far before the declared end the tail scan starts (the seek lands on the keyframe before it). */
const TAIL_SEC = 2;

/**
 * Metadata of the clip at `input`, or the ReelscopeError saying why it cannot be read as video.
 * `head` (the file's first bytes) tells a cut-off container from a file that merely has its name.
 */
export async function probeClip(tool: ProbeTool, input: string, head: Uint8Array, scratch = '/probe'): Promise<ClipMetadata> {
  const reportPath = `${scratch}.json`;
  const run = await tool.ffprobe(probeArgs(input, reportPath));
  const report = parseProbeReport((await tool.takeText(reportPath)) ?? '');
  if (!report || (report.streams.length === 0 && !report.format.format_name)) throw probeFailure(run.log, head);
  const container = (report.format.format_name ?? '').split(',')[0]!;
  if (STILL_IMAGE_CONTAINER.test(container)) {
    throw new ReelscopeError('NotAVideo', 'This is a still image, not a video.', `container ${container}`);
  }
  const candidates = videoCandidates(report);
  if (candidates.length === 0) {
    const art = report.streams.some((s) => s.codec_type === 'video' && s.disposition?.attached_pic === 1);
    throw new ReelscopeError(
      'NoVideoStream',
      art ? 'The file has no video stream, only cover art (audio?).' : 'The file has no video stream (audio only?).',
      report.streams.map((s) => `${s.index}:${s.codec_type ?? '?'}/${s.codec_name ?? '?'}`).join(' ') || 'no streams',
    );
  }
  let packets: Map<number, number> | undefined;
  if (candidates.length > 1) {
    const countsPath = `${scratch}.counts`;
    await tool.ffprobe(packetCountArgs(input, countsPath));
    packets = parsePacketCounts((await tool.takeText(countsPath)) ?? '');
  }
  const stream = chooseVideoStream(candidates, packets);

  const scan = async (fromSec?: number): Promise<PacketScan> => {
    const path = `${scratch}.packets`;
    await tool.ffprobe(packetScanArgs(input, stream.index, path, fromSec));
    return parsePacketScan((await tool.takeText(path)) ?? '');
  };
  const end = declaredEnd(report, stream);
  let metadata = end !== null ? clipMetadata(report, stream, await scan(end - TAIL_SEC), false) : null;
  // Nothing after the seek (the header overstates, or the file is cut before its index), no
  // timestamps to seek by, or less than declared (a seek that landed early): read all its packets.
  if (!metadata || !metadata.seekable || isPartial(metadata)) metadata = clipMetadata(report, stream, await scan(), true);
  if (!metadata) {
    throw new ReelscopeError('TruncatedFile', 'No video frame can be read: the file is cut short or damaged.', `${stream.codec_name ?? 'video'} stream ${stream.index} has no packets`);
  }
  return metadata;
}
