// What the moderation controller needs from the pipeline, and its implementation on the app's
// engine: the packs it already loaded, its inference worker and its frame loop, asked for more
// frames than the pack's T. A frame's scores are the backbone's own per-frame classifier (the
// nsfwjs moderation pack) or, for any other pack (an action pack, one taught in the Teach screen),
// its default temporal head on the window of T sampled frames around the frame (windows.ts), with
// the pack's out-of-scope score of that window when it has a detector.
import type { Engine } from '../../engine/engine';
import { ReelscopeError } from '../../pipeline/errors';
import type { ClipMetadata } from '../../pipeline/probe';
import type { BackendInfo, BackendPreference, PackSummary } from '../../store/types';
import { timelineScoring, WindowSchedule, windowAround, type TimelineScoring } from './windows';

export type ModerationPack = PackSummary;

export interface PreparedModel {
  backend: BackendInfo;
  precision: string;
  loadMs: number;
}

export interface ScoredFrame {
  index: number;
  timeSec: number;
  /** size×size×3 RGB24 pixels, e.g. for a thumbnail. */
  rgb: Uint8Array;
  probabilities: Float32Array;
  /** The out-of-scope detector's score of the frame's window; null without a detector or window scoring. */
  oodScore: number | null;
}

export interface ScoreCallbacks {
  signal: AbortSignal;
  onMetadata: (metadata: ClipMetadata, times: number[]) => void;
  onFrame: (frame: ScoredFrame) => void;
  onProgress: (done: number, total: number) => void;
}

export interface ModerationEngine {
  /** A loaded pack's manifest, validated. */
  loadPack(packId: string): Promise<ModerationPack>;
  prepare(pack: ModerationPack, preference: BackendPreference, signal: AbortSignal): Promise<PreparedModel>;
  /** Decodes `frames` frames at segment centres and scores each (timelineScoring); resolves once every frame is scored. */
  score(pack: ModerationPack, file: File, frames: number, callbacks: ScoreCallbacks): Promise<{ metadata: ClipMetadata; times: number[] }>;
}

export class EngineModeration implements ModerationEngine {
  constructor(readonly engine: Engine) {}

  async loadPack(packId: string): Promise<ModerationPack> {
    const { packs } = await this.engine.loadPacks();
    const pack = packs.find((p) => p.id === packId);
    // The manifest schema already holds a frame-mean default head to a backbone with a frame output.
    if (!pack) throw new ReelscopeError('ModelLoadFailed', `No pack "${packId}" is loaded; choose another one.`);
    return pack;
  }

  async prepare(pack: ModerationPack, preference: BackendPreference, signal: AbortSignal): Promise<PreparedModel> {
    const prepared = await this.engine.prepare(pack, signal, preference);
    return { backend: prepared.backend, precision: prepared.precision, loadMs: prepared.loadMs };
  }

  score(pack: ModerationPack, file: File, frames: number, callbacks: ScoreCallbacks): Promise<{ metadata: ClipMetadata; times: number[] }> {
    const scoring = timelineScoring(pack.manifest);
    return scoring.kind === 'frame' ? this.#scoreFrames(pack, file, frames, callbacks) : this.#scoreWindows(pack, scoring, file, frames, callbacks);
  }

  async #scoreFrames(pack: ModerationPack, file: File, frames: number, callbacks: ScoreCallbacks) {
    const labels = pack.manifest.labels.length;
    let done = 0;
    const summary = await this.engine.scoreFrames(pack, file, frames, callbacks.signal, {
      metadata: callbacks.onMetadata,
      frame: ({ index, timeSec, pixels, result }) => {
        if (!result.frameProbabilities) throw new ReelscopeError('InferenceFailed', 'The backbone gave no per-frame probabilities.');
        const probabilities = new Float32Array(result.frameProbabilities);
        if (probabilities.length !== labels) {
          throw new ReelscopeError('InferenceFailed', `Expected ${labels} probabilities per frame, got ${probabilities.length}.`);
        }
        callbacks.onFrame({ index, timeSec, rgb: pixels!, probabilities, oodScore: null });
        callbacks.onProgress(++done, frames);
      },
    });
    return { metadata: summary.metadata, times: summary.times };
  }

  /**
   * Backbone features of every frame as it arrives; each frame's window goes to the heads as soon as
   * the window is complete, one call at a time, while the decoder and the backbone go on.
   */
  async #scoreWindows(pack: ModerationPack, scoring: Extract<TimelineScoring, { kind: 'window' }>, file: File, frames: number, callbacks: ScoreCallbacks) {
    const { signal } = callbacks;
    const D = pack.manifest.backbone.featureDim;
    const C = pack.manifest.labels.length;
    const features = new Float32Array(frames * D);
    const arrived = new Map<number, { timeSec: number; pixels: Uint8Array }>();
    const schedule = new WindowSchedule(frames, scoring.window);
    let done = 0;
    let windows: Promise<void> = Promise.resolve();
    let failure: unknown = null;

    const scoreWindow = async (index: number): Promise<void> => {
      const { start, end } = windowAround(index, frames, scoring.window);
      const result = await this.engine.runHeads(pack, end - start, features.slice(start * D, end * D), signal);
      // The worker runs every temporal head, the default among them, and checks its class count.
      const head = result.heads.find((h) => h.headId === scoring.headId)!;
      const last = end - start - 1;
      const probabilities = new Float32Array(head.probabilities, last * C * 4, C).slice();
      const frame = arrived.get(index)!;
      callbacks.onFrame({ index, timeSec: frame.timeSec, rgb: frame.pixels, probabilities, oodScore: result.ood?.score ?? null });
      callbacks.onProgress(++done, frames);
    };

    const summary = await this.engine.scoreFrames(pack, file, frames, signal, {
      metadata: callbacks.onMetadata,
      frame: ({ index, timeSec, pixels, result }) => {
        if (failure) throw failure;
        features.set(new Float32Array(result.features), index * D);
        arrived.set(index, { timeSec, pixels: pixels! });
        for (const ready of schedule.arrive(index)) {
          windows = windows.then(() => scoreWindow(ready));
          windows.catch((error: unknown) => (failure ??= error));
        }
      },
    });
    // Every frame arrived (the loop reports fewer as TruncatedFile), so every window is in the chain.
    await windows;
    return { metadata: summary.metadata, times: summary.times };
  }
}
