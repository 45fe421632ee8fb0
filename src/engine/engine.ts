// The app's one engine: one inference worker, a small pool of decode workers, the packs (loaded
// once), the frame loop and the clip queue. Every screen receives it from the composition root
// (src/root.ts) and none starts a worker of its own, so one tab compiles each model once.
import type { InferenceClient } from '../clients/inferenceClient';
import type { TeachClient } from '../clients/teachClient';
import { ReelscopeError } from '../pipeline/errors';
import type { BackboneBench, BackendInfo, BackendPreference, HeadsResult, InferenceOverrides, PackRef, PrepareResult } from '../protocol/inference';
import type { ClipSample } from '../protocol/decode';
import type { PackSummary } from '../store/types';
import { classifyClip, DEFAULT_EXTRACT_MODE, type ClipJob, type ClipOutcome, type ClipReporter } from './classifyClip';
import { ClipJobs } from './clipJobs';
import { summarizeClip, summaryAtThreshold, type ClipClassifier } from './clipSummary';
import { DecoderPool } from './decoderPool';
import { runFrameLoop, type FrameLoopEvents } from './frameLoop';
import { PackLibrary, type PackLibraryOptions } from './packLibrary';
import type { LoadedPacks } from './packs';
import type { WorkerSpawner } from './workers';

export interface EngineOptions {
  workers: WorkerSpawner;
  /** Absolute URL of the models folder, ending in "/". */
  modelsUrl: string;
  /** The backend the settings bar asks for now. */
  preference: () => BackendPreference;
  /** Clips batch and evaluation run at once (together); one more decoder stays free for the other screens. */
  concurrency: number;
  /** The pack a queued clip without a pack id runs on (the selected one). */
  selectedPackId: () => string | null;
  /** Where the pack decides "none of these" now (the user's operating point), or null for the manifest's. */
  oodThreshold: (packId: string) => number | null;
  /** Where added packs are kept, and the browser's storage quota. */
  storage: Pick<PackLibraryOptions, 'store' | 'estimate' | 'persist'>;
}

export class Engine {
  readonly jobs: ClipJobs;
  /** Shipped and added packs: list, add, remove, export. */
  readonly library: PackLibrary;
  readonly #options: EngineOptions;
  readonly #decoders: DecoderPool;
  #inference: InferenceClient | null = null;
  #teach: TeachClient | null = null;
  /** The WASM thread override the inference worker was started with (a test knob; fixed per worker). */
  #inferenceThreads: number | null = null;

  constructor(options: EngineOptions) {
    this.#options = options;
    this.#decoders = new DecoderPool(() => options.workers.decoder(), options.concurrency + 1);
    this.jobs = new ClipJobs(this.summarize, options.concurrency);
    this.library = new PackLibrary({
      modelsUrl: options.modelsUrl,
      ...options.storage,
      verify: async (pack) => {
        await this.configure();
        await this.#inferenceFor().prepare(pack, undefined, true);
      },
    });
  }

  /** Every pack, shipped and added, loaded once (again after a change or a failure). */
  loadPacks(): Promise<LoadedPacks> {
    return this.library.list();
  }

  /** Chooses the backend (and starts onnxruntime-web) ahead of the first clip. */
  configure(preference: BackendPreference = this.#options.preference(), overrides?: InferenceOverrides, signal?: AbortSignal): Promise<BackendInfo> {
    return this.#inferenceFor(overrides).configure(preference, overrides, signal);
  }

  /** Opens a pack's sessions on the preference's backend (cached in the worker). */
  async prepare(pack: PackRef, signal?: AbortSignal, preference: BackendPreference = this.#options.preference()): Promise<PrepareResult> {
    await this.configure(preference, undefined, signal);
    return this.#inferenceFor().prepare(pack, signal);
  }

  /**
   * Opens `pack`'s sessions and loads the decoder while the user is still choosing a file, so the
   * first clip starts warm. Failures are left for the first clip to report.
   */
  async warmUp(pack: PackRef): Promise<void> {
    await Promise.allSettled([this.prepare(pack), this.#decoders.prewarm()]);
  }

  /** One clip, start to end, with every frame and head (the single-clip screen). */
  classify(job: ClipJob, report: ClipReporter): Promise<ClipOutcome> {
    return this.#decoders.with(job.signal, (decode) => classifyClip({ decode, inference: this.#inferenceFor(job.overrides ?? {}) }, job, report));
  }

  /** One clip to its summary (what batch and evaluation keep): the queue's classifier. */
  readonly summarize: ClipClassifier = async (file, { signal, packId, onProgress }) => {
    const { packs } = await this.loadPacks();
    const id = packId ?? this.#options.selectedPackId();
    const pack = packs.find((p) => p.id === id);
    if (!pack) throw new ReelscopeError('ModelLoadFailed', id ? `Pack "${id}" is not loaded.` : 'No model pack is loaded yet.');
    const outcome = await this.classify(
      { file, pack, preference: this.#options.preference(), signal, thumbnails: false },
      { backend: () => undefined, metadata: () => undefined, frame: () => undefined, progress: (p) => onProgress?.(p) },
    );
    const summary = summarizeClip(pack.id, pack.manifest.defaultHead, outcome);
    const threshold = this.#options.oodThreshold(pack.id);
    return threshold === null ? summary : summaryAtThreshold(summary, threshold);
  };

  /**
   * `frames` frames of a clip through `pack`'s backbone only (moderation), each with its pixels.
   * The pack must have been prepared.
   */
  scoreFrames(pack: PackSummary, file: File, frames: number, signal: AbortSignal, events: FrameLoopEvents) {
    return this.#decoders.with(signal, (decode) =>
      runFrameLoop(
        { decode, inference: this.#inferenceFor() },
        { file, manifest: pack.manifest, frames, mode: DEFAULT_EXTRACT_MODE, signal, keepPixels: true },
        events,
      ),
    );
  }

  /**
   * Every temporal head of `pack` on `frames` × D features (row-major, transferred), and the OOD
   * score of their mean: what a clip's last step gets, on any run of frames. The pack must have been prepared.
   */
  runHeads(pack: PackSummary, frames: number, features: Float32Array, signal?: AbortSignal): Promise<HeadsResult> {
    return this.#inferenceFor().heads(pack.id, frames, features, signal);
  }

  /**
   * One sampling (`sample`: view 0 canonical, 1.. augmented as training/ samples them) of a clip
   * through `pack`'s backbone: T × D float32 features, row-major. Prepares the pack first.
   */
  async clipFeatures(pack: PackRef, file: File, sample: ClipSample, signal: AbortSignal, onFrame?: (done: number, total: number) => void): Promise<Float32Array> {
    await this.prepare(pack, signal);
    const { frames } = pack.manifest.input;
    const D = pack.manifest.backbone.featureDim;
    const out = new Float32Array(frames * D);
    let done = 0;
    await this.#decoders.with(signal, (decode) =>
      runFrameLoop(
        { decode, inference: this.#inferenceFor() },
        { file, manifest: pack.manifest, frames, mode: DEFAULT_EXTRACT_MODE, signal, keepPixels: false, sample },
        {
          frame: ({ index, result }) => {
            out.set(new Float32Array(result.features), index * D);
            onFrame?.(++done, frames);
          },
        },
      ),
    );
    return out;
  }

  /** The teach worker (TensorFlow.js), started on first use and replaced after a crash. */
  teach(): TeachClient {
    if (this.#teach?.deadReason) this.#teach = null;
    this.#teach ??= this.#options.workers.teach();
    return this.#teach;
  }

  /** The inference worker configured for the current preference, as the real-time screen uses it. */
  async realtime(): Promise<InferenceClient> {
    const inference = this.#inferenceFor();
    await inference.configure(this.#options.preference());
    return inference;
  }

  /** Times `pack`'s backbone alone in the inference worker (for `npm run bench`); overrides pick threads / precision. */
  async benchBackbone(pack: PackRef, batch: number, runs: number, overrides: InferenceOverrides = {}): Promise<BackboneBench> {
    const inference = this.#inferenceFor(overrides);
    await inference.configure(this.#options.preference(), overrides);
    await inference.prepare(pack);
    return inference.benchBackbone(pack.manifest.id, batch, runs);
  }

  /** Ends every worker; the next use starts fresh ones. */
  dispose(): void {
    this.jobs.cancelAll(this.jobs.activeIds());
    this.#decoders.dispose();
    this.#inference?.terminate();
    this.#inference = null;
    this.#teach?.terminate();
    this.#teach = null;
  }

  /**
   * The one inference worker: replaced after a crash, or when a clip's overrides ask for another
   * thread count than it started with (a test knob). Without overrides, whatever runs is used.
   */
  #inferenceFor(overrides?: InferenceOverrides): InferenceClient {
    const threads = overrides ? (overrides.threads ?? null) : this.#inferenceThreads;
    if (this.#inference && (this.#inference.deadReason || threads !== this.#inferenceThreads)) {
      this.#inference.terminate();
      this.#inference = null;
    }
    if (!this.#inference) {
      this.#inference = this.#options.workers.inference();
      this.#inferenceThreads = threads;
    }
    return this.#inference;
  }
}
