// What the moderation controller needs from the pipeline, and its implementation on the app's
// engine: the packs it already loaded, its inference worker (the nsfwjs backbone's per-frame
// probabilities) and its frame loop, asked for more frames than the pack's T.
import type { Engine } from '../../engine/engine';
import { ReelscopeError } from '../../pipeline/errors';
import type { ClipMetadata } from '../../pipeline/probe';
import type { BackendInfo, BackendPreference, PackSummary } from '../../store/types';

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
}

export interface ScoreCallbacks {
  signal: AbortSignal;
  onMetadata: (metadata: ClipMetadata, times: number[]) => void;
  onFrame: (frame: ScoredFrame) => void;
  onProgress: (done: number, total: number) => void;
}

export interface ModerationEngine {
  /** The moderation pack's manifest, validated. */
  loadPack(): Promise<ModerationPack>;
  prepare(pack: ModerationPack, preference: BackendPreference, signal: AbortSignal): Promise<PreparedModel>;
  /** Decodes `frames` frames at segment centres and scores each; resolves once every frame is scored. */
  score(pack: ModerationPack, file: File, frames: number, callbacks: ScoreCallbacks): Promise<{ metadata: ClipMetadata; times: number[] }>;
}

export const MODERATION_PACK_ID = 'moderation';

export class EngineModeration implements ModerationEngine {
  constructor(readonly engine: Engine) {}

  async loadPack(): Promise<ModerationPack> {
    const { packs } = await this.engine.loadPacks();
    const pack = packs.find((p) => p.id === MODERATION_PACK_ID);
    if (!pack) throw new ReelscopeError('ModelLoadFailed', `The model index lists no "${MODERATION_PACK_ID}" pack.`);
    if (!pack.manifest.backbone.frameOutput) {
      throw new ReelscopeError('InvalidManifest', 'The moderation pack has no per-frame classifier output.', `pack "${pack.id}"`);
    }
    return pack;
  }

  async prepare(pack: ModerationPack, preference: BackendPreference, signal: AbortSignal): Promise<PreparedModel> {
    const prepared = await this.engine.prepare(pack, signal, preference);
    return { backend: prepared.backend, precision: prepared.precision, loadMs: prepared.loadMs };
  }

  async score(pack: ModerationPack, file: File, frames: number, callbacks: ScoreCallbacks): Promise<{ metadata: ClipMetadata; times: number[] }> {
    const labels = pack.manifest.backbone.frameOutput!.labels.length;
    let done = 0;
    const summary = await this.engine.scoreFrames(pack, file, frames, callbacks.signal, {
      metadata: callbacks.onMetadata,
      frame: ({ index, timeSec, pixels, result }) => {
        if (!result.frameProbabilities) throw new ReelscopeError('InferenceFailed', 'The backbone gave no per-frame probabilities.');
        const probabilities = new Float32Array(result.frameProbabilities);
        if (probabilities.length !== labels) {
          throw new ReelscopeError('InferenceFailed', `Expected ${labels} probabilities per frame, got ${probabilities.length}.`);
        }
        callbacks.onFrame({ index, timeSec, rgb: pixels!, probabilities });
        callbacks.onProgress(++done, frames);
      },
    });
    return { metadata: summary.metadata, times: summary.times };
  }
}
