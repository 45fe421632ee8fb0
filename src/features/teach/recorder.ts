// Recording a few seconds from the webcam as a clip to teach on: the camera (features/realtime/camera)
// through a MediaRecorder into a WebM (or MP4) file, which then goes through the same decode path as a
// dropped file. The camera is released when the recording ends, fails or is cancelled.
import { abortError, ReelscopeError } from '../../pipeline/errors';
import { openCamera, releaseStream } from '../realtime/camera';

export type RecordClip = (seconds: number, signal: AbortSignal) => Promise<File>;

const TYPES = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm', 'video/mp4'];

/** A file name for a recording: "recording-2026-12-02T16-20-05.webm". */
export function recordingName(mimeType: string, now = new Date()): string {
  return `recording-${now.toISOString().slice(0, 19).replaceAll(':', '-')}.${mimeType.includes('mp4') ? 'mp4' : 'webm'}`;
}

export function browserRecorder(devices?: MediaDevices): RecordClip {
  return async (seconds, signal) => {
    if (typeof MediaRecorder === 'undefined') throw new ReelscopeError('CameraUnavailable', 'this browser cannot record video (no MediaRecorder)');
    const stream = await openCamera(devices);
    try {
      const type = TYPES.find((t) => MediaRecorder.isTypeSupported(t));
      const recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
      const chunks: Blob[] = [];
      recorder.addEventListener('dataavailable', (e) => {
        if (e.data.size > 0) chunks.push(e.data);
      });
      const stopped = new Promise<void>((resolve, reject) => {
        recorder.addEventListener('stop', () => resolve(), { once: true });
        recorder.addEventListener('error', (e) => reject(new ReelscopeError('CameraUnavailable', 'the recording failed', String((e as ErrorEvent).message ?? e))), { once: true });
      });
      recorder.start();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, seconds * 1000);
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
      recorder.stop();
      await stopped;
      if (signal.aborted) throw abortError();
      const mimeType = recorder.mimeType || type || 'video/webm';
      return new File(chunks, recordingName(mimeType), { type: mimeType });
    } finally {
      releaseStream(stream);
    }
  };
}
