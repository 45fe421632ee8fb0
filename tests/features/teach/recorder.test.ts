import { describe, expect, it } from 'vitest';
import { browserRecorder, recordingName } from '../../../src/features/teach/recorder';

describe('recorder', () => {
  it('names a recording by time and container', () => {
    const at = new Date('2026-12-02T16:20:05.123Z');
    expect(recordingName('video/webm;codecs=vp9', at)).toBe('recording-2026-12-02T16-20-05.webm');
    expect(recordingName('video/mp4', at)).toBe('recording-2026-12-02T16-20-05.mp4');
  });

  it('says CameraUnavailable where the browser cannot record (Node has no MediaRecorder)', async () => {
    await expect(browserRecorder()(1, new AbortController().signal)).rejects.toMatchObject({ code: 'CameraUnavailable' });
  });
});
