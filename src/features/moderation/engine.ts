// What the moderation controller needs from the pipeline, and its implementation on the app's
// own workers: src/clients' DecodeClient (ffmpeg.wasm, frames sampled at segment centres) and
// InferenceClient (the nsfwjs backbone's per-frame probabilities). No second decoder or
// inference path: this only asks them for more frames than the pack's T.
import { DecodeClient } from '../../clients/decodeClient';
import { InferenceClient } from '../../clients/inferenceClient';
import { ReelscopeError } from '../../pipeline/errors';
import { DEFAULT_EXTRACT_MODE } from '../../app/classifyClip';
import { loadPacks } from '../../app/packs';
import type { PackManifest } from '../../pipeline/manifest';
import type { ClipMetadata } from '../../pipeline/probe';
import type { DecodedFrame } from '../../protocol/decode';
import type { BackendInfo, BackendPreference } from '../../store/types';

export interface ModerationPack {
  manifestUrl: string;
  manifest: PackManifest;
}

export interface PreparedModel {
  backend: BackendInfo;
  precision: string;
  loadMs: number;
}

export interface ScoreCallbacks {
  signal: AbortSignal;
  onMetadata: (metadata: ClipMetadata, times: number[]) => void;
  /** The decoded frame (its pixels still here, e.g. for a thumbnail) and the backbone's probabilities. */
  onFrame: (frame: DecodedFrame, rgb: Uint8Array, probabilities: Float32Array) => void;
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

/** The engine on the app's decode and inference workers, started on first use and kept. */
export class WorkerModerationEngine implements ModerationEngine {
  readonly #assetBase: string;
  #decode: DecodeClient | null = null;
  #inference: InferenceClient | null = null;

  constructor(assetBase: string) {
    this.#assetBase = assetBase;
  }

  async loadPack(): Promise<ModerationPack> {
    // The app's own pack loading (index + manifests, schema-validated).
    const { packs } = await loadPacks(new URL('models/', this.#assetBase).href);
    const pack = packs.find((p) => p.id === MODERATION_PACK_ID);
    if (!pack) throw new ReelscopeError('ModelLoadFailed', `The model index lists no "${MODERATION_PACK_ID}" pack.`);
    if (!pack.manifest.backbone.frameOutput) {
      throw new ReelscopeError('InvalidManifest', 'The moderation pack has no per-frame classifier output.', pack.manifestUrl);
    }
    return { manifestUrl: pack.manifestUrl, manifest: pack.manifest };
  }

  async prepare(pack: ModerationPack, preference: BackendPreference, signal: AbortSignal): Promise<PreparedModel> {
    const inference = this.#inferenceClient();
    await inference.configure(preference, undefined, signal);
    const prepared = await inference.prepare({ manifestUrl: pack.manifestUrl, manifest: pack.manifest }, signal);
    return { backend: prepared.backend, precision: prepared.precision, loadMs: prepared.loadMs };
  }

  async score(pack: ModerationPack, file: File, frames: number, callbacks: ScoreCallbacks): Promise<{ metadata: ClipMetadata; times: number[] }> {
    const inference = this.#inferenceClient();
    const labels = pack.manifest.backbone.frameOutput!.labels.length;
    // A failed frame stops the decode too; the first failure is what the caller sees.
    const local = new AbortController();
    const signal = AbortSignal.any([callbacks.signal, local.signal]);
    let failure: unknown = null;
    const scored: Array<Promise<void>> = [];
    let done = 0;
    const summary = await this.#decodeClient().decode(
      { file, frames, geometry: pack.manifest.input, mode: DEFAULT_EXTRACT_MODE },
      {
        signal,
        onMetadata: callbacks.onMetadata,
        onFrame: (frame) => {
          // Keep a copy of the pixels for the thumbnail; the frame's own buffer goes to the worker.
          const rgb = new Uint8Array(frame.rgb.slice(0));
          scored.push(
            inference.frame(pack.manifest.id, frame.index, frame.rgb, signal).then((result) => {
              if (!result.frameProbabilities) {
                throw new ReelscopeError('InferenceFailed', 'The backbone gave no per-frame probabilities.');
              }
              const probabilities = new Float32Array(result.frameProbabilities);
              if (probabilities.length !== labels) {
                throw new ReelscopeError('InferenceFailed', `Expected ${labels} probabilities per frame, got ${probabilities.length}.`);
              }
              callbacks.onFrame(frame, rgb, probabilities);
              callbacks.onProgress(++done, frames);
            }).catch((error: unknown) => {
              failure ??= error;
              local.abort();
            }),
          );
        },
      },
    ).catch((error: unknown) => {
      throw failure ?? error;
    });
    await Promise.all(scored);
    if (failure) throw failure;
    return { metadata: summary.metadata, times: summary.times };
  }

  #decodeClient(): DecodeClient {
    if (!this.#decode || this.#decode.deadReason) this.#decode = DecodeClient.spawn(this.#assetBase);
    return this.#decode;
  }

  #inferenceClient(): InferenceClient {
    if (!this.#inference || this.#inference.deadReason) this.#inference = InferenceClient.spawn();
    return this.#inference;
  }
}
