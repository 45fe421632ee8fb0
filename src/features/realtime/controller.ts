// The real-time pipeline, outside React: a camera stream or a playing file → a frame grabbed at
// the target rate → latest-wins gate (one in flight, one waiting) → the worker's `frame` (backbone)
// → the selected head's `step` (its state stays in the worker: O(1) work per frame) → exponential
// decay → the realtime store. The UI mounts `controller.video` and renders the store.
import { isAbortError, ReelscopeError } from '../../pipeline/errors';
import type { PackManifest } from '../../pipeline/manifest';
import { geometryAtSize, type FrameGeometry } from '../../pipeline/sampling';
import { decideClip } from '../../pipeline/postprocess';
import type { PackSummary, UiError } from '../../store/types';
import { LatestWinsGate } from './backpressure';
import { openCamera, releaseStream } from './camera';
import type { RealtimeEngine, RealtimeStepSession } from './engine';
import { FrameGrabber } from './frameGrabber';
import { realtimeInputSize, type RealtimeInputMode } from './inputSize';
import { decayMean, decayUpdate, emptyDecay, type DecayState } from './smoothing';
import { framesPerSecond, meanLatency, recentWindow, topRecord, type StageLatency } from './stats';
import type { RealtimeMode, RealtimeSource, RealtimeStore } from './store';

/** The pack and head the stream runs, as the settings bar has them selected. */
export interface RealtimeSelection {
  pack: PackSummary;
  headId: string;
}

/** The browser's part: the <video> element, the camera and reading pictures off the video. */
export interface RealtimeMedia {
  createVideo(): HTMLVideoElement;
  openCamera(): Promise<MediaStream>;
  grabber(geometry: FrameGeometry): Pick<FrameGrabber, 'grab'>;
}

export const browserMedia: RealtimeMedia = {
  createVideo: () => document.createElement('video'),
  openCamera: () => openCamera(),
  grabber: (geometry) => new FrameGrabber(geometry),
};

export interface RealtimeDeps {
  /** The app's inference client, configured for the chosen backend. */
  engine: () => Promise<RealtimeEngine>;
  selection: () => RealtimeSelection | null;
  now?: () => number;
  media?: RealtimeMedia;
}

interface Grabbed {
  index: number;
  rgb: Uint8Array;
  /** performance.now() when the grab started. */
  t0: number;
  captureMs: number;
}

/** Everything one start() … stop() owns; a stopped stream's late results find `stopped` and go. */
interface Stream {
  source: RealtimeSource;
  manifest: PackManifest;
  packId: string;
  headId: string;
  mode: RealtimeMode;
  engine: RealtimeEngine | null;
  /** The head's step session ('step' mode), open while the stream runs. */
  steps: RealtimeStepSession | null;
  media: MediaStream | null;
  objectUrl: string | null;
  /** Made once the backend is known, since the input side depends on it (null until then: no tick runs before). */
  grabber: Pick<FrameGrabber, 'grab'> | null;
  /** The side frames are grabbed at and fed to the backbone. */
  size: number;
  gate: LatestWinsGate<Grabbed>;
  timer: ReturnType<typeof setInterval> | null;
  startedAt: number;
  lastVideoTime: number;
  nextIndex: number;
  /** Bumped by reset(): results computed from an older epoch's state are discarded. */
  epoch: number;
  resetPending: boolean;
  decay: DecayState;
  completions: number[];
  latencies: StageLatency[];
  inflight: Promise<void> | null;
  stopped: boolean;
}

const FPS_WINDOW_MS = 3000;
const LATENCY_FRAMES = 30;
const CHART_CLASSES = 6;

export class RealtimeController {
  readonly #store: RealtimeStore;
  readonly #deps: RealtimeDeps;
  readonly #now: () => number;
  readonly #media: RealtimeMedia;
  #video: HTMLVideoElement | null = null;
  #stream: Stream | null = null;
  /** The tracks of the last camera stream (kept after stop so tests can see they ended). */
  #lastTracks: MediaStreamTrack[] = [];

  constructor(store: RealtimeStore, deps: RealtimeDeps) {
    this.#store = store;
    this.#deps = deps;
    this.#now = deps.now ?? (() => performance.now());
    this.#media = deps.media ?? browserMedia;
  }

  /** The element that shows the stream; the UI mounts it, the grabber reads it. */
  get video(): HTMLVideoElement {
    if (!this.#video) {
      const video = this.#media.createVideo();
      video.muted = true;
      video.playsInline = true;
      video.className = 'realtime__video';
      video.setAttribute('data-testid', 'realtime-video');
      this.#video = video;
    }
    return this.#video;
  }

  /** readyState of each track of the last camera stream ("live" / "ended"). */
  trackStates(): string[] {
    return this.#lastTracks.map((t) => t.readyState);
  }

  startCamera(): Promise<void> {
    return this.#start('camera', null);
  }

  startFile(file: File): Promise<void> {
    return this.#start('file', file);
  }

  /** Stops grabbing, releases the camera, closes the step session. Safe at any time. */
  async stop(): Promise<void> {
    const stream = this.#stream;
    if (!stream) return;
    this.#stream = null;
    this.#store.getState().patch({ status: 'stopping' });
    await this.#teardown(stream);
    const state = this.#store.getState();
    state.patch({ status: state.error ? 'error' : 'idle', cameraLive: false, fps: 0 });
  }

  /** Fast (the pack's live size on a CPU backend) or full-size input; applies at the next start. */
  setInputMode(mode: RealtimeInputMode): void {
    this.#store.getState().patch({ inputMode: mode });
  }

  /** Forgets the past: the head's state (stepReset before the next step), the smoothing and the chart. */
  reset(): void {
    const stream = this.#stream;
    const state = this.#store.getState();
    if (stream) {
      stream.epoch++;
      stream.resetPending = stream.mode === 'step';
      stream.decay = emptyDecay(stream.manifest.labels.length);
    }
    state.clearDecision();
    state.patch({ resets: state.resets + 1 });
  }

  async #start(source: RealtimeSource, file: File | null): Promise<void> {
    await this.stop();
    const store = this.#store.getState();
    const selection = this.#deps.selection();
    if (!selection) {
      this.#fail(new ReelscopeError('ModelLoadFailed', 'no model pack is loaded yet'));
      return;
    }
    const { pack, headId } = selection;
    const manifest = pack.manifest;
    const head = manifest.heads.find((h) => h.id === headId) ?? manifest.heads.find((h) => h.id === manifest.defaultHead)!;
    const mode: RealtimeMode = head.kind === 'frame-mean' ? 'frame' : 'step';
    const stream: Stream = {
      source,
      manifest,
      packId: pack.id,
      headId: head.id,
      mode,
      engine: null,
      steps: null,
      media: null,
      objectUrl: null,
      grabber: null,
      size: manifest.input.size,
      gate: new LatestWinsGate<Grabbed>(),
      timer: null,
      startedAt: this.#now(),
      lastVideoTime: -1,
      nextIndex: 0,
      epoch: 0,
      resetPending: false,
      decay: emptyDecay(manifest.labels.length),
      completions: [],
      latencies: [],
      inflight: null,
      stopped: false,
    };
    this.#stream = stream;
    store.clearDecision();
    store.patch({
      status: 'starting',
      source,
      sourceName: source === 'camera' ? 'Camera' : (file?.name ?? 'video'),
      packId: pack.id,
      headId: head.id,
      mode,
      inputSize: null,
      labels: manifest.labels,
      offered: 0,
      dropped: 0,
      processed: 0,
      fps: 0,
      latency: null,
      error: null,
    });
    const video = this.video;
    try {
      if (source === 'camera') {
        stream.media = await this.#media.openCamera();
        this.#lastTracks = stream.media.getTracks();
        if (stream.stopped) return void releaseStream(stream.media);
        video.controls = false;
        video.loop = false;
        video.srcObject = stream.media;
        this.#store.getState().patch({ cameraLive: true });
      } else {
        stream.objectUrl = URL.createObjectURL(file!);
        video.srcObject = null;
        video.controls = true;
        video.loop = true;
        video.src = stream.objectUrl;
      }
      const engine = await this.#deps.engine();
      stream.engine = engine;
      const prepared = await engine.prepare(pack);
      stream.size = realtimeInputSize(manifest.input, prepared.backend.backend, this.#store.getState().inputMode);
      stream.grabber = this.#media.grabber(geometryAtSize(manifest.input, stream.size));
      this.#store.getState().patch({ backend: prepared.backend.detail, precision: prepared.precision, inputSize: stream.size });
      if (mode === 'step') stream.steps = await engine.openStream(pack.id, head.id);
      if (stream.stopped) return;
      await video.play().catch((error: unknown) => {
        // A file the user can still press play on is fine; a camera that cannot play is not.
        if (source === 'camera') throw new ReelscopeError('CameraUnavailable', 'the camera stream would not play', String(error));
      });
      if (stream.stopped) return;
      const { targetFps } = this.#store.getState();
      stream.timer = setInterval(() => this.#tick(stream), Math.round(1000 / targetFps));
      this.#store.getState().patch({ status: 'running' });
    } catch (error) {
      if (stream.stopped) return;
      this.#stream = null;
      await this.#teardown(stream);
      this.#fail(error);
    }
  }

  #tick(stream: Stream): void {
    if (stream.stopped) return;
    const video = this.video;
    if (video.paused || video.ended) return;
    // No new picture since the last grab (a camera slower than the target rate, a stalled file).
    if (video.currentTime === stream.lastVideoTime) return;
    const t0 = this.#now();
    const rgb = stream.grabber!.grab(video);
    if (!rgb) return;
    stream.lastVideoTime = video.currentTime;
    const frame: Grabbed = { index: stream.nextIndex++, rgb, t0, captureMs: this.#now() - t0 };
    const run = stream.gate.offer(frame);
    const state = this.#store.getState();
    state.patch({ offered: state.offered + 1, dropped: stream.gate.dropped });
    if (run) stream.inflight = this.#run(stream, run);
  }

  async #run(stream: Stream, frame: Grabbed): Promise<void> {
    const engine = stream.engine!;
    const epoch = stream.epoch;
    try {
      if (stream.resetPending) {
        stream.resetPending = false;
        await stream.steps!.reset();
      }
      const features = await engine.frame(stream.packId, frame.index, frame.rgb.buffer as ArrayBuffer, undefined, stream.size);
      let probabilities: Float32Array;
      let headMs = 0;
      let steps: number;
      if (stream.mode === 'step') {
        const step = await stream.steps!.step(new Float32Array(features.features));
        probabilities = new Float32Array(step.probabilities);
        headMs = step.ms;
        steps = step.step;
      } else {
        if (!features.frameProbabilities) {
          throw new ReelscopeError('InferenceFailed', `pack "${stream.packId}" has no per-frame classifier`);
        }
        probabilities = new Float32Array(features.frameProbabilities);
        steps = this.#store.getState().steps + 1;
      }
      if (stream.stopped || epoch !== stream.epoch) return; // reset or stopped while in flight
      this.#publish(stream, frame, probabilities, steps, {
        captureMs: frame.captureMs,
        preprocessMs: features.preprocessMs,
        cnnMs: features.cnnMs,
        headMs,
        totalMs: this.#now() - frame.t0,
      });
    } catch (error) {
      if (stream.stopped || isAbortError(error)) return;
      this.#fail(error);
      void this.stop();
      return;
    } finally {
      if (!stream.stopped) {
        const next = stream.gate.done();
        if (next) stream.inflight = this.#run(stream, next);
      }
    }
  }

  #publish(stream: Stream, frame: Grabbed, probabilities: Float32Array, steps: number, latency: StageLatency): void {
    const state = this.#store.getState();
    const now = this.#now();
    stream.decay = decayUpdate(stream.decay, probabilities, frame.t0 / 1000, { halfLifeSec: state.halfLifeSec });
    const smoothed = decayMean(stream.decay);
    const labels = stream.manifest.labels;
    const head = stream.manifest.heads.find((h) => h.id === stream.headId);
    const { top, unsure } = decideClip(smoothed, labels, undefined, head && head.kind !== 'frame-mean' ? head.calibration?.unsureBelow : undefined);
    stream.completions = recentWindow([...stream.completions, now], (t) => t, FPS_WINDOW_MS, 100);
    stream.latencies = [...stream.latencies.slice(-(LATENCY_FRAMES - 1)), latency];
    const point = { t: (frame.t0 - stream.startedAt) / 1000, p: topRecord(smoothed, CHART_CLASSES) };
    const history = recentWindow([...state.history, point], (p) => p.t * 1000, state.windowSec * 1000);
    state.patch({
      processed: state.processed + 1,
      steps,
      fps: framesPerSecond(stream.completions),
      latency: meanLatency(stream.latencies),
      label: top[0]!.label,
      confidence: top[0]!.probability,
      unsure,
      top,
      history,
      dropped: stream.gate.dropped,
    });
  }

  async #teardown(stream: Stream): Promise<void> {
    stream.stopped = true;
    if (stream.timer !== null) clearInterval(stream.timer);
    stream.gate.clear();
    releaseStream(stream.media);
    const video = this.#video;
    if (video) {
      video.pause();
      video.srcObject = null;
      video.removeAttribute('src');
      video.load();
    }
    if (stream.objectUrl) URL.revokeObjectURL(stream.objectUrl);
    // Let the frame in flight settle before the worker forgets its session.
    await stream.inflight?.catch(() => undefined);
    // A failed close means the worker is gone, and its sessions with it; that failure is reported where it happened.
    await stream.steps?.close().catch(() => undefined);
  }

  #fail(error: unknown): void {
    const e = error instanceof ReelscopeError ? error : new ReelscopeError('InferenceFailed', String(error));
    const uiError: UiError = e.detail === undefined ? { code: e.code, message: e.message } : { code: e.code, message: e.message, detail: e.detail };
    this.#store.getState().patch({ status: 'error', error: uiError, cameraLive: false });
  }
}
