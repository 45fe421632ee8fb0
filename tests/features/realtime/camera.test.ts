import { describe, expect, it } from 'vitest';
import { cameraError, openCamera } from '../../../src/features/realtime/camera';

const domError = (name: string, message = 'x'): Error => Object.assign(new Error(message), { name });

describe('cameraError', () => {
  it('maps getUserMedia failures to CameraUnavailable with a reason', () => {
    expect(cameraError(domError('NotAllowedError')).message).toMatch(/permission/);
    expect(cameraError(domError('NotFoundError')).message).toMatch(/no camera/);
    expect(cameraError(domError('NotReadableError')).message).toMatch(/in use/);
    expect(cameraError('weird').message).toMatch(/could not be opened/);
    for (const e of [domError('NotAllowedError'), domError('NotFoundError'), 'weird']) expect(cameraError(e).code).toBe('CameraUnavailable');
  });

  it('keeps the browser message as detail', () => {
    expect(cameraError(domError('NotAllowedError', 'Permission denied')).detail).toBe('NotAllowedError: Permission denied');
  });
});

describe('openCamera', () => {
  it('rejects with CameraUnavailable where there is no mediaDevices (Node, insecure pages)', async () => {
    await expect(openCamera(undefined)).rejects.toMatchObject({ code: 'CameraUnavailable' });
  });
});
