// ClipMetadata for the WebCodecs path, from what a demuxer (mediabunny) says about a video track,
// on the same terms as the ffprobe-based probe (src/pipeline/probe.ts): the same time axis (seconds
// after the file's start), the same range [first frame, end of the last packet), the same held
// last frame. Pure; the reads that produce the facts are in workers/decode/webcodecs/openClip.ts.
import type { ClipMetadata } from './probe';

/** What the demuxer reports about the chosen video track, in its own timestamps (seconds). */
export interface DemuxedTrack {
  /** ffprobe's name for the container family: 'mov' (mp4, mov) or 'matroska' (mkv, webm). */
  container: string;
  /** ffprobe's codec name (h264, vp8, vp9, av1, hevc). */
  codec: string;
  /** Position of the track among all of the file's tracks (ffmpeg's stream index). */
  trackIndex: number;
  codedWidth: number;
  codedHeight: number;
  /** Clockwise degrees. */
  rotation: number;
  /** Presentation time of the track's first frame. */
  firstSec: number;
  /** Latest presentation time of any packet, and the end of that packet. */
  lastSec: number;
  endSec: number;
  /** Packets per second measured over the first packets; null when unknown. */
  packetRate: number | null;
  /** Where the file's own metadata says the track ends; null when it says nothing. */
  declaredEndSec: number | null;
}

export interface TrackStart {
  kind: 'video' | 'audio' | 'subtitle';
  firstSec: number;
}

/** A demuxer's names for codecs → ffprobe's. */
const FFPROBE_CODEC: Record<string, string> = { avc: 'h264', hevc: 'hevc', vp8: 'vp8', vp9: 'vp9', av1: 'av1' };

export function ffprobeCodecName(demuxerCodec: string): string {
  return FFPROBE_CODEC[demuxerCodec] ?? demuxerCodec;
}

/**
 * Where the file starts, the origin of every time in ClipMetadata: the earliest track start, as
 * ffmpeg's format start_time is. An audio track's negative start is encoder priming (AAC's 1024
 * samples), which ffmpeg hides behind skip_samples and counts from 0, so it counts as 0 here too.
 */
export function fileStartSec(tracks: readonly TrackStart[]): number {
  const starts = tracks.map((t) => (t.kind === 'audio' ? Math.max(0, t.firstSec) : t.firstSec)).filter(Number.isFinite);
  return starts.length > 0 ? Math.min(...starts) : 0;
}

export function demuxedClipMetadata(track: DemuxedTrack, fileStart: number): ClipMetadata {
  const fps = track.packetRate && track.packetRate > 0 && track.packetRate < 1000 ? track.packetRate : null;
  const frameSec = fps ? 1 / fps : 0.04;
  const declared = track.declaredEndSec === null ? null : track.declaredEndSec - track.firstSec;
  const swap = track.rotation % 180 !== 0;
  return {
    container: track.container,
    codec: track.codec,
    streamIndex: track.trackIndex,
    width: track.codedWidth,
    height: track.codedHeight,
    rotation: track.rotation,
    displayWidth: swap ? track.codedHeight : track.codedWidth,
    displayHeight: swap ? track.codedWidth : track.codedHeight,
    fps,
    offsetSec: round6(track.firstSec - fileStart),
    durationSec: round6(Math.max(track.endSec - track.firstSec, frameSec)),
    lastFrameSec: round6(Math.max(track.lastSec, track.firstSec) - fileStart),
    declaredDurationSec: declared !== null && declared > 0 ? round6(declared) : null,
    seekable: true,
  };
}

function round6(t: number): number {
  return Math.round(t * 1e6) / 1e6;
}
