// Opening the camera, and why it failed, in the app's error codes. getUserMedia's DOMException
// names are mapped to CameraUnavailable with words a person can act on.
import { ReelscopeError } from '../../pipeline/errors';

/** Maps a getUserMedia failure (a DOMException, or no mediaDevices at all) to CameraUnavailable. */
export function cameraError(error: unknown): ReelscopeError {
  const name = typeof error === 'object' && error !== null ? String((error as { name?: unknown }).name ?? '') : '';
  const detail = error instanceof Error ? `${name}: ${error.message}` : String(error);
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new ReelscopeError('CameraUnavailable', 'camera permission was denied', detail);
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new ReelscopeError('CameraUnavailable', 'no camera was found', detail);
    case 'NotReadableError':
    case 'AbortError':
      return new ReelscopeError('CameraUnavailable', 'the camera is in use by another application or could not start', detail);
    default:
      return new ReelscopeError('CameraUnavailable', 'the camera could not be opened', detail);
  }
}

/** Asks for the user's camera (video only); rejects with CameraUnavailable. */
export async function openCamera(devices: MediaDevices | undefined = globalThis.navigator?.mediaDevices): Promise<MediaStream> {
  if (!devices?.getUserMedia) {
    throw new ReelscopeError('CameraUnavailable', 'this browser offers no camera access (insecure page or no mediaDevices)');
  }
  try {
    return await devices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
  } catch (error) {
    throw cameraError(error);
  }
}

/** Stops every track of a stream, so the camera light goes off. */
export function releaseStream(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
