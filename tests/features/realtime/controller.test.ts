// The real-time controller's stream logic (start, per-frame backbone + step head, reset, stop,
// failures) on the real inference client over a scripted worker, with the browser's video,
// camera and canvas replaced by plain objects (RealtimeMedia).
import { afterEach, describe, expect, it } from 'vitest';
import { InferenceClient } from '../../../src/clients/inferenceClient';
import { RealtimeController, type RealtimeMedia } from '../../../src/features/realtime/controller';
import { createRealtimeStore, type RealtimeState } from '../../../src/features/realtime/store';
import { ReelscopeError } from '../../../src/pipeline/errors';
import { ScriptedInferenceWorker, ucfManifest } from '../../engine/scriptedWorkers';

const pack = { id: ucfManifest.id, source: { kind: 'served' as const, manifestUrl: 'http://app/models/ucf101-6/manifest.json' }, added: null, manifest: ucfManifest };
const ssm = ucfManifest.heads.find((h) => h.kind === 'ssm')!;

function fakeMedia(options: { cameraFails?: boolean } = {}) {
  const track = { readyState: 'live', stop() { this.readyState = 'ended'; } };
  const video = {
    muted: false, playsInline: false, className: '', controls: false, loop: false, paused: false, ended: false,
    srcObject: null as unknown, src: '',
    get currentTime() { return performance.now() / 1000; },
    setAttribute() {}, removeAttribute() {}, load() {},
    play: async () => undefined,
    pause() { this.paused = true; },
  };
  const media: RealtimeMedia = {
    createVideo: () => video as unknown as HTMLVideoElement,
    openCamera: async () => {
      if (options.cameraFails) throw new ReelscopeError('CameraUnavailable', 'no camera here');
      video.paused = false;
      return { getTracks: () => [track] } as unknown as MediaStream;
    },
    grabber: (geometry) => ({ grab: () => new Uint8Array(geometry.size * geometry.size * 3) }),
  };
  return { media, track, video };
}

function setup(options: { cameraFails?: boolean; failFrame?: number } = {}) {
  const port = new ScriptedInferenceWorker(ucfManifest, options.failFrame === undefined ? {} : { failFrame: { index: options.failFrame, error: { code: 'InferenceFailed', message: 'backbone failed' } } });
  const client = new InferenceClient(port);
  const store = createRealtimeStore();
  store.getState().patch({ targetFps: 50 });
  const { media, track } = fakeMedia(options);
  const controller = new RealtimeController(store, { engine: async () => client, selection: () => ({ pack, headId: ssm.id }), media });
  return { controller, store, port, track };
}

function until(store: ReturnType<typeof createRealtimeStore>, predicate: (s: RealtimeState) => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (predicate(store.getState())) return resolve();
    const stop = store.subscribe((s) => predicate(s) && (stop(), resolve()));
  });
}

let running: RealtimeController | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

describe('RealtimeController', () => {
  it('streams the camera through the backbone and the head’s step graph, one step per frame', async () => {
    const { controller, store, port, track } = setup();
    running = controller;
    await controller.startCamera();
    expect(store.getState().status).toBe('running');
    expect(store.getState().mode).toBe('step');
    await until(store, (s) => s.processed >= 3);
    const s = store.getState();
    expect(s.label).toBe(ucfManifest.labels[1]);
    expect(s.steps).toBeGreaterThanOrEqual(3);
    expect(port.count('stepOpen')).toBe(1);
    expect(port.count('frames')).toBeGreaterThanOrEqual(port.count('step'));
    await controller.stop();
    expect(store.getState().status).toBe('idle');
    expect(track.readyState).toBe('ended');
    expect(port.count('stepClose')).toBe(1);
  });

  it('on the CPU backend frames go to the backbone at the pack’s live size; "full" keeps the size it was trained at', async () => {
    const live = ucfManifest.input.liveSize!;
    const full = ucfManifest.input.size;
    const fast = setup();
    running = fast.controller;
    await fast.controller.startCamera();
    await until(fast.store, (s) => s.processed >= 2);
    expect(fast.store.getState().inputSize).toBe(live);
    expect(fast.port.frameInputs.length).toBeGreaterThan(0);
    for (const request of fast.port.frameInputs) expect(request).toEqual({ size: live, bytes: [live * live * 3] });
    await fast.controller.stop();

    const whole = setup();
    running = whole.controller;
    whole.controller.setInputMode('full');
    await whole.controller.startCamera();
    await until(whole.store, (s) => s.processed >= 2);
    expect(whole.store.getState().inputSize).toBe(full);
    for (const request of whole.port.frameInputs) expect(request.bytes).toEqual([full * full * 3]);
    expect(whole.port.frameInputs.every((r) => r.size === full)).toBe(true);
  });

  it('reset clears the decision and resets the head’s state before the next step', async () => {
    const { controller, store, port } = setup();
    running = controller;
    await controller.startCamera();
    await until(store, (s) => s.processed >= 2);
    controller.reset();
    expect(store.getState().label).toBeNull();
    const processed = store.getState().processed;
    await until(store, (s) => s.processed > processed + 1);
    expect(port.count('stepReset')).toBe(1);
    const afterReset = port.received.slice(port.received.findIndex((r) => r.type === 'stepReset'));
    expect(afterReset.some((r) => r.type === 'step')).toBe(true);
    expect(store.getState().resets).toBe(1);
  });

  it('a failing frame stops the stream with its error and releases the camera', async () => {
    const { controller, store, track } = setup({ failFrame: 1 });
    running = controller;
    await controller.startCamera();
    await until(store, (s) => s.status === 'error' && !s.cameraLive);
    expect(store.getState().error).toMatchObject({ code: 'InferenceFailed', message: 'backbone failed' });
    await until(store, () => track.readyState === 'ended');
  });

  it('a camera that cannot open is reported, and nothing keeps running', async () => {
    const { controller, store, port } = setup({ cameraFails: true });
    await controller.startCamera();
    expect(store.getState()).toMatchObject({ status: 'error', error: { code: 'CameraUnavailable' } });
    expect(port.count('stepOpen')).toBe(0);
  });
});
