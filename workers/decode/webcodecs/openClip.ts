// Opens a dropped file for the WebCodecs path with mediabunny: finds its video track, asks the
// browser whether VideoDecoder can decode it, and reads the facts ClipMetadata is made of. A file
// the fast path should not take (AVI, GIF, raw streams, HEVC where the browser lacks it, several
// video tracks, a file cut short) comes back as `unsuitable` with the reason: ffmpeg.wasm takes it.
import { BlobSource, EncodedPacketSink, Input, MATROSKA, MP4, MatroskaInputFormat, QTFF, WEBM, type InputVideoTrack } from 'mediabunny';
import { isPartial, type ClipMetadata } from '../../../src/pipeline/probe';
import { demuxedClipMetadata, ffprobeCodecName, fileStartSec } from '../../../src/pipeline/trackMetadata';

export interface OpenClip {
  input: Input;
  track: InputVideoTrack;
  packets: EncodedPacketSink;
  metadata: ClipMetadata;
  /** The origin of ClipMetadata's times on the demuxer's axis: a pick at t is the frame at or after fileStartSec + t. */
  fileStartSec: number;
  config: VideoDecoderConfig;
}

export type OpenResult = { kind: 'ready'; clip: OpenClip } | { kind: 'unsuitable'; reason: string };

/** The containers the fast path reads; the rest (AVI, GIF, MPEG-TS, raw streams…) go to ffmpeg.wasm. */
const FORMATS = [MP4, QTFF, MATROSKA, WEBM];

/** The file opened for the fast path, once the browser's VideoDecoder says it can decode the track. */
export async function openClip(file: Blob): Promise<OpenResult> {
  const demuxed = await demuxClip(file);
  if (demuxed.kind === 'unsuitable') return demuxed;
  const { config, metadata } = demuxed.clip;
  const support = await VideoDecoder.isConfigSupported(config).catch(() => ({ supported: false }));
  if (support.supported) return demuxed;
  demuxed.clip.input.dispose();
  return { kind: 'unsuitable', reason: `this browser's VideoDecoder cannot decode ${metadata.codec} (${config.codec})` };
}

/** Everything openClip reads with the demuxer alone (runs in Node too: tests compare it with ffprobe's view). */
export async function demuxClip(file: Blob): Promise<OpenResult> {
  const input = new Input({ source: new BlobSource(file), formats: FORMATS });
  const unsuitable = (reason: string): OpenResult => {
    input.dispose();
    return { kind: 'unsuitable', reason };
  };
  let format;
  try {
    format = await input.getFormat();
  } catch {
    return unsuitable('not an mp4, mov, mkv or webm file');
  }
  const tracks = await input.getTracks();
  const videos: InputVideoTrack[] = [];
  for (const t of tracks) if (t.isVideoTrack() && (await t.getCodec()) !== null) videos.push(t);
  // A video track of a codec the demuxer does not know (a PNG thumbnail in an mkv) is skipped, as
  // ffprobe's packet count skips it; two real video tracks are ffprobe's choice to make.
  if (videos.length !== 1) return unsuitable(videos.length === 0 ? 'no video track the demuxer knows' : `${videos.length} video tracks`);
  const track = videos[0]!;
  const codec = ffprobeCodecName((await track.getCodec())!);
  const config = await track.getDecoderConfig();
  if (!config) return unsuitable(`no decoder configuration for ${codec}`);

  const packets = new EncodedPacketSink(track);
  // Reading the last packet's bytes tells a file cut after its index (a faststart mp4) from a whole one.
  const last = await packets.getPacket(Infinity).catch(() => null);
  if (!last || last.data.byteLength === 0) return unsuitable('the last packet cannot be read (cut short?)');
  const starts = await Promise.all(tracks.map(async (t) => ({ kind: t.type, firstSec: await t.getFirstTimestamp().catch(() => Infinity) })));
  const fileStart = fileStartSec(starts);
  const stats = await track.computePacketStats(100);
  const metadata = demuxedClipMetadata(
    {
      container: format instanceof MatroskaInputFormat ? 'matroska' : 'mov',
      codec,
      trackIndex: tracks.indexOf(track),
      codedWidth: await track.getCodedWidth(),
      codedHeight: await track.getCodedHeight(),
      rotation: await track.getRotation(),
      firstSec: await track.getFirstTimestamp(),
      lastSec: last.timestamp,
      endSec: last.timestamp + last.duration,
      packetRate: stats.averagePacketRate,
      declaredEndSec: await track.getDurationFromMetadata(),
    },
    fileStart,
  );
  // Less than declared is readable (or the header overstates): the ffprobe-based probe decides what
  // such a file's range is, and the ffmpeg path reads it.
  if (isPartial(metadata)) return unsuitable(`${metadata.durationSec} s readable of ${metadata.declaredDurationSec} s declared`);
  return { kind: 'ready', clip: { input, track, packets, metadata, fileStartSec: fileStart, config } };
}
