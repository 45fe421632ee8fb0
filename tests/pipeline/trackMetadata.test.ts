import { describe, expect, it } from 'vitest';
import { isPartial } from '../../src/pipeline/probe';
import { demuxedClipMetadata, ffprobeCodecName, fileStartSec, type DemuxedTrack } from '../../src/pipeline/trackMetadata';

// What mediabunny reports for e2e/support/corpus.ts's phone-late-video.mp4 (ffprobe: offset 1.55,
// duration 5.466666, last frame 6.983333, declared 5.466667).
const phone: DemuxedTrack = {
  container: 'mov', codec: 'h264', trackIndex: 0, codedWidth: 320, codedHeight: 240, rotation: 0,
  firstSec: 1.55, lastSec: 6.983333333333333, endSec: 7.016666666666667, packetRate: 30, declaredEndSec: 7.016666666666667,
};

describe('fileStartSec', () => {
  it('is the earliest track start, with AAC priming (a negative audio start) counted from 0 as ffmpeg does', () => {
    expect(fileStartSec([{ kind: 'video', firstSec: 1.55 }, { kind: 'audio', firstSec: -0.021333 }])).toBe(0);
    expect(fileStartSec([{ kind: 'video', firstSec: 1000 }, { kind: 'audio', firstSec: 1000.5 }])).toBe(1000);
    expect(fileStartSec([{ kind: 'video', firstSec: -0.08 }])).toBe(-0.08);
  });
});

describe('demuxedClipMetadata', () => {
  it('gives the probe\'s range: [first frame, end of the last packet), times after the file start', () => {
    const m = demuxedClipMetadata(phone, 0);
    expect(m).toMatchObject({ container: 'mov', codec: 'h264', streamIndex: 0, fps: 30, offsetSec: 1.55, durationSec: 5.466667, lastFrameSec: 6.983333, declaredDurationSec: 5.466667, seekable: true });
    expect(isPartial(m)).toBe(false);
  });

  it('swaps the displayed size of a rotated track', () => {
    const m = demuxedClipMetadata({ ...phone, codedWidth: 1920, codedHeight: 1080, rotation: 90 }, 0);
    expect([m.displayWidth, m.displayHeight]).toEqual([1080, 1920]);
  });

  it('says partial when the file declares more than its packets cover (the fast path then hands it to ffmpeg)', () => {
    expect(isPartial(demuxedClipMetadata({ ...phone, declaredEndSec: 1.55 + 54.6 }, 0))).toBe(true);
  });

  it('names codecs as ffprobe does', () => {
    expect(['avc', 'hevc', 'vp8', 'vp9', 'av1'].map(ffprobeCodecName)).toEqual(['h264', 'hevc', 'vp8', 'vp9', 'av1']);
  });
});
