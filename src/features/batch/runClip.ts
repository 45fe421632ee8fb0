// A store-independent entry point to the one-clip pipeline (src/app/classifyClip.ts) for the
// batch and evaluation features: the same stages as the single-clip view, without thumbnails,
// returning only a ClipSummary. Owns its workers: one decode worker per concurrent clip (ffmpeg
// runs one exec at a time) and one inference worker, which runs requests in order.
import { DecodeClient } from '../../clients/decodeClient';
import { InferenceClient } from '../../clients/inferenceClient';
import { classifyClip } from '../../app/classifyClip';
import { ReelscopeError } from '../../pipeline/errors';
import type { BackendPreference, PackSummary } from '../../store/types';
import { summarizeClip, summaryAtThreshold } from './summary';
import type { ClipClassifier } from './types';

export interface ClipRunnerOptions {
  assetBase: string;
  /** The packs the app loaded, and the selected one's id. */
  packs: () => { packs: readonly PackSummary[]; selectedPackId: string | null };
  preference: () => BackendPreference;
  /** The threshold the pack decides "none of these" at now (the user's operating point), or null for the manifest's. */
  oodThreshold: (packId: string) => number | null;
}

export class ClipRunner {
  readonly #options: ClipRunnerOptions;
  readonly #idleDecoders: DecodeClient[] = [];
  #inference: InferenceClient | null = null;

  constructor(options: ClipRunnerOptions) {
    this.#options = options;
  }

  readonly classify: ClipClassifier = async (file, { signal, packId, onProgress }) => {
    const { packs, selectedPackId } = this.#options.packs();
    const id = packId ?? selectedPackId;
    const pack = packs.find((p) => p.id === id);
    if (!pack) throw new ReelscopeError('ModelLoadFailed', id ? `Pack "${id}" is not loaded.` : 'No model pack is loaded yet.');
    const decode = this.#idleDecoders.pop() ?? DecodeClient.spawn(this.#options.assetBase);
    if (!this.#inference || this.#inference.deadReason) this.#inference = InferenceClient.spawn();
    try {
      const outcome = await classifyClip(
        { decode, inference: this.#inference },
        { file, pack, preference: this.#options.preference(), signal, thumbnails: false },
        { backend: () => undefined, metadata: () => undefined, frame: () => undefined, progress: (p) => onProgress?.(p) },
      );
      const summary = summarizeClip(pack.id, pack.manifest.defaultHead, outcome);
      const threshold = this.#options.oodThreshold(pack.id);
      return threshold === null ? summary : summaryAtThreshold(summary, threshold);
    } finally {
      // A decoder that was cancelled or crashed is replaced by a fresh one on the next clip.
      if (decode.deadReason) decode.terminate();
      else this.#idleDecoders.push(decode);
    }
  };

  /** Ends the workers; a later classify starts new ones. */
  dispose(): void {
    for (const d of this.#idleDecoders.splice(0)) d.terminate();
    this.#inference?.terminate();
    this.#inference = null;
  }
}
