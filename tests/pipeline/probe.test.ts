// The pure half of the probe: ffprobe's report and packet lists → which stream, which time range.
// Reports are trimmed from real ffprobe 5.1 output (the version ffmpeg.wasm 0.12 is built from);
// tests/workers/decode/decodeClip.test.ts runs the whole probe on rendered files.
import { describe, expect, it } from 'vitest';
import {
  chooseVideoStream,
  clipMetadata,
  isPartial,
  parsePacketCounts,
  parsePacketScan,
  parseProbeReport,
  readFraction,
  videoCandidates,
  type ProbeReport,
  type ProbeStream,
} from '../../src/pipeline/probe';

const h264 = (extra: Partial<ProbeStream> = {}): ProbeStream => ({
  index: 0, codec_type: 'video', codec_name: 'h264', width: 320, height: 240, avg_frame_rate: '25/1', r_frame_rate: '25/1', ...extra,
});

describe('parseProbeReport', () => {
  it('reads ffprobe JSON and refuses anything else', () => {
    expect(parseProbeReport('{"streams":[],"format":{"format_name":"avi"}}')).toEqual({ streams: [], format: { format_name: 'avi' } });
    expect(parseProbeReport('')).toBeNull();
    expect(parseProbeReport('{"streams":[]}')).toBeNull();
  });
});

describe('choosing the video stream', () => {
  it('skips cover art (attached pictures)', () => {
    const report: ProbeReport = {
      format: { format_name: 'mp3' },
      streams: [{ index: 0, codec_type: 'audio', codec_name: 'mp3' }, h264({ index: 1, codec_name: 'mjpeg', disposition: { attached_pic: 1 } })],
    };
    expect(videoCandidates(report)).toEqual([]);
  });
  it('takes the stream with the most packets over a one-frame thumbnail before it', () => {
    const thumb = h264({ index: 0, codec_name: 'png', width: 64, height: 48 });
    const video = h264({ index: 1 });
    expect(chooseVideoStream([thumb, video], parsePacketCounts('0,1\n1,75\n'))).toBe(video);
    expect(chooseVideoStream([thumb, video])).toBe(video); // without counts: the larger frame
  });
});

describe('parsePacketScan', () => {
  it('finds the end of the last packet in presentation order (B-frames reorder pts)', () => {
    const scan = parsePacketScan('1003.880000,1003.800000,0.040000\n1003.960000,1003.840000,0.040000\n1003.920000,1003.880000,0.040000\n');
    expect(scan).toMatchObject({ packets: 3, firstSec: 1003.88, lastSec: 1003.96, packetSec: 0.04 });
    expect(scan.endSec).toBeCloseTo(1004, 6);
  });
  it('counts packets without timestamps (raw H.264)', () => {
    expect(parsePacketScan('N/A,N/A,0.040000\nN/A,N/A,0.040000\n')).toEqual({ packets: 2, firstSec: null, lastSec: null, endSec: null, packetSec: 0.04 });
  });
});

describe('clipMetadata', () => {
  it('mkv with timestamps 1000 s late: its DURATION counts from zero, the range is the 4 s of video', () => {
    const report: ProbeReport = {
      format: { format_name: 'matroska,webm', start_time: '1000.000000', duration: '1004.000000' },
      streams: [h264({ start_time: '1000.000000', tags: { DURATION: '00:16:44.000000000' } })],
    };
    const m = clipMetadata(report, report.streams[0]!, parsePacketScan('1003.960000,1003.840000,0.040000\n'), false)!;
    expect(m).toMatchObject({ offsetSec: 0, durationSec: 4, lastFrameSec: 3.96, declaredDurationSec: 4, seekable: true });
    expect(isPartial(m)).toBe(false);
  });
  it('a phone layout: video 1.55 s after the audio, shorter than the container', () => {
    const report: ProbeReport = {
      format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', start_time: '0.000000', duration: '7.020000' },
      streams: [h264({ start_time: '1.550000', duration: '5.466667', nb_frames: '164', avg_frame_rate: '30/1' }), { index: 1, codec_type: 'audio', start_time: '0.000000', duration: '7.020000' }],
    };
    const m = clipMetadata(report, report.streams[0]!, parsePacketScan('6.983333,6.950000,0.033333\n'), false)!;
    expect(m.offsetSec).toBe(1.55);
    expect(m.durationSec).toBeCloseTo(5.466667, 5);
    expect(isPartial(m)).toBe(false);
  });
  it('half an AVI: the header counts 100 frames, 2 s of them can be read', () => {
    const report: ProbeReport = {
      format: { format_name: 'avi', start_time: '0.000000', duration: '2.000000' },
      streams: [h264({ codec_name: 'mpeg4', start_time: '0.000000', duration: '2.000000', nb_frames: '100' })],
    };
    const m = clipMetadata(report, report.streams[0]!, parsePacketScan('1.960000,1.960000,0.040000\n'), true)!;
    expect(m).toMatchObject({ durationSec: 2, declaredDurationSec: 4 });
    expect(isPartial(m)).toBe(true);
    expect(readFraction(m)).toBe(0.5);
  });
  it('a raw stream: frames are counted, the decoder numbers them from zero', () => {
    const report: ProbeReport = { format: { format_name: 'h264' }, streams: [h264()] };
    const m = clipMetadata(report, report.streams[0]!, parsePacketScan('N/A,N/A,0.040000\n'.repeat(75)), true)!;
    expect(m).toMatchObject({ offsetSec: 0, durationSec: 3, lastFrameSec: 2.96, seekable: false, declaredDurationSec: null });
  });
  it('reads a display matrix as a clockwise rotation with the display size swapped', () => {
    const report: ProbeReport = { format: { format_name: 'mov' }, streams: [h264({ duration: '3', side_data_list: [{ side_data_type: 'Display Matrix', rotation: 90 }] })] };
    const m = clipMetadata(report, report.streams[0]!, parsePacketScan('2.960000,2.960000,0.040000\n'), false)!;
    expect(m).toMatchObject({ rotation: 270, displayWidth: 240, displayHeight: 320 });
  });
  it('is null when no packet can be read', () => {
    const report: ProbeReport = { format: { format_name: 'mov' }, streams: [h264()] };
    expect(clipMetadata(report, report.streams[0]!, parsePacketScan(''), true)).toBeNull();
  });
});
