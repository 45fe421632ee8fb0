// The UI's actions. Components call these; they run the pipeline (outside React) and write
// results into the store, which the UI reads. Every action is safe to call at any time and
// never rejects: failures land in the store as UiError values.
import { DecodeClient } from '../clients/decodeClient';
import { InferenceClient } from '../clients/inferenceClient';
import { isAbortError, ReelscopeError, serializeError } from '../pipeline/errors';
import { reelscopeStore, type ReelscopeStore } from '../store/store';
import type { BackendPreference, ClipRun, UiError } from '../store/types';
import { classifyClip, type ClipJob, type ClipOutcome, type ClipServices } from './classifyClip';
import { loadPacks } from './packs';
import { installTestApi } from './testApi';

export interface ClassifyOptions {
  /** Test knobs for measurements and evaluation (see ClipJob). */
  extractMode?: ClipJob['extractMode'];
  overrides?: ClipJob['overrides'];
  thumbnails?: boolean;
  /** Keep the clip's object URL for a <video> preview (default true). */
  preview?: boolean;
}

interface ActiveRun {
  runId: number;
  abort: AbortController;
  done: Promise<void>;
  /** Object URLs this run created (video preview, thumbnails), revoked when it is replaced. */
  urls: string[];
}

export class Controller {
  #services: ClipServices | null = null;
  #servicesKey = '';
  #run: ActiveRun | null = null;
  #nextRunId = 1;
  #init: Promise<void> | null = null;
  #lastOutcome: ClipOutcome | null = null;

  constructor(
    readonly store: ReelscopeStore,
    /** Absolute URL of the app's public root (Vite's base URL), ending in "/". */
    readonly assetBase: string = new URL(import.meta.env.BASE_URL, location.href).href,
  ) {}

  /** Loads the pack index and manifests, selects the default pack, and reports the backend. Idempotent. */
  init(): Promise<void> {
    this.#init ??= this.#loadPacks().then(() => this.#refreshBackendInfo());
    return this.#init;
  }

  async #loadPacks(): Promise<void> {
    const { setPacksLoading, setPacks, setPacksError } = this.store.getState();
    setPacksLoading();
    try {
      const { packs, defaultPack } = await loadPacks(`${this.assetBase}models/`);
      setPacks(packs, defaultPack);
    } catch (error) {
      this.#init = null; // a later init() may retry
      setPacksError(toUiError(error));
    }
  }

  /** Classifies a dropped clip; a newer call cancels an older run. Resolves when this run ends. */
  classifyFile(file: File, options: ClassifyOptions = {}): Promise<void> {
    const previous = this.#run;
    previous?.abort.abort();
    const runId = this.#nextRunId++;
    const abort = new AbortController();
    const run: ActiveRun = { runId, abort, done: Promise.resolve(), urls: [] };
    this.#run = run;
    run.done = this.#execute(run, file, options, previous);
    return run.done;
  }

  async #execute(run: ActiveRun, file: File, options: ClassifyOptions, previous: ActiveRun | null): Promise<void> {
    // The old run's promise settles quickly once aborted; its URLs go once nothing shows them.
    if (previous) {
      await previous.done;
      previous.urls.forEach((url) => URL.revokeObjectURL(url));
    }
    await this.init();
    const state = this.store.getState();
    const pack = state.packs.find((p) => p.id === state.selectedPackId);
    const videoUrl = options.preview === false ? null : URL.createObjectURL(file);
    if (videoUrl) run.urls.push(videoUrl);
    const clip: ClipRun = {
      runId: run.runId,
      status: 'running',
      fileName: file.name,
      fileBytes: file.size,
      videoUrl,
      packId: pack?.id ?? '',
      metadata: null,
      progress: null,
      frames: [],
      heads: [],
      decision: null,
      ood: null,
      timings: null,
      backend: null,
      error: null,
    };
    state.startClip(clip);
    const { updateClip, addFrame, setHeads, setBackendInfo } = this.store.getState();
    if (run.abort.signal.aborted) return updateClip(run.runId, { status: 'cancelled', progress: null });
    if (!pack) {
      const error = this.store.getState().packsError ?? { code: 'InvalidManifest' as const, message: 'No model pack is available.' };
      return updateClip(run.runId, { status: 'error', error });
    }
    try {
      const outcome = await classifyClip(
        this.#servicesFor(options),
        {
          file,
          pack,
          preference: state.backendPreference,
          signal: run.abort.signal,
          ...(options.extractMode ? { extractMode: options.extractMode } : {}),
          ...(options.overrides ? { overrides: options.overrides } : {}),
          ...(options.thumbnails !== undefined ? { thumbnails: options.thumbnails } : {}),
        },
        {
          backend: (info) => {
            setBackendInfo(info);
            updateClip(run.runId, { backend: info });
          },
          metadata: (metadata) => updateClip(run.runId, { metadata }),
          progress: (progress) => updateClip(run.runId, { progress }),
          frame: (frame) => {
            if (frame.thumbnailUrl) run.urls.push(frame.thumbnailUrl);
            addFrame(run.runId, frame);
          },
        },
      );
      this.#lastOutcome = outcome;
      setHeads(run.runId, outcome.heads);
      updateClip(run.runId, { status: 'done', progress: null, ood: outcome.ood, timings: outcome.timings, metadata: outcome.metadata });
    } catch (error) {
      if (isAbortError(error) || run.abort.signal.aborted) {
        updateClip(run.runId, { status: 'cancelled', progress: null });
      } else {
        updateClip(run.runId, { status: 'error', progress: null, error: toUiError(error) });
        this.#dropDeadServices();
      }
    }
  }

  /** Cancels the running clip (status becomes 'cancelled'). */
  cancelClip(): void {
    this.#run?.abort.abort();
  }

  /** Resolves when the current run (if any) is done, failed or cancelled. */
  async whenIdle(): Promise<void> {
    let run = this.#run;
    while (run) {
      await run.done;
      if (run === this.#run) return;
      run = this.#run;
    }
  }

  /** The full result of the last completed run (plain data), for the test API. */
  get lastOutcome(): ClipOutcome | null {
    return this.#lastOutcome;
  }

  selectPack(packId: string): void {
    this.store.getState().setSelectedPack(packId);
  }

  selectHead(headId: string): void {
    this.store.getState().setSelectedHead(headId);
  }

  setBackendPreference(preference: BackendPreference): void {
    this.store.getState().setBackendPreferenceState(preference);
    // Applied now when idle (so the UI shows the choice); a running clip keeps its backend.
    if (this.store.getState().clip?.status !== 'running') void this.#refreshBackendInfo();
  }

  /** Ends both workers; the next clip starts fresh ones. */
  dispose(): void {
    this.#run?.abort.abort();
    this.#terminateServices();
  }

  #terminateServices(): void {
    this.#services?.decode.terminate();
    this.#services?.inference.terminate();
    this.#services = null;
  }

  async #refreshBackendInfo(): Promise<void> {
    try {
      const info = await this.#servicesFor({}).inference.configure(this.store.getState().backendPreference);
      this.store.getState().setBackendInfo(info);
    } catch (error) {
      if (!isAbortError(error)) this.#dropDeadServices();
    }
  }

  /** The worker clients, created on first use and again after a crash (or for other test knobs). */
  #servicesFor(options: ClassifyOptions): ClipServices {
    const key = JSON.stringify(options.overrides?.threads ?? null);
    if (this.#services && this.#servicesKey !== key) this.#terminateServices();
    this.#dropDeadServices();
    if (!this.#services) {
      this.#services = { decode: DecodeClient.spawn(this.assetBase), inference: InferenceClient.spawn() };
      this.#servicesKey = key;
    }
    return this.#services;
  }

  #dropDeadServices(): void {
    const services = this.#services;
    if (!services) return;
    if (services.decode.deadReason || services.inference.deadReason) {
      services.decode.terminate();
      services.inference.terminate();
      this.#services = null;
    }
  }
}

export function toUiError(error: unknown): UiError {
  const serialized = serializeError(error instanceof ReelscopeError || isAbortError(error) ? error : wrap(error));
  return serialized.detail === undefined
    ? { code: serialized.code, message: serialized.message }
    : { code: serialized.code, message: serialized.message, detail: serialized.detail };
}

function wrap(error: unknown): ReelscopeError {
  return new ReelscopeError('InferenceFailed', error instanceof Error ? error.message : String(error));
}

/** The app's one controller, bound to the app's one store. */
export const controller = new Controller(reelscopeStore);

// window.__reelscope for Playwright and `npm run eval`: always on, it only does what the UI can.
if (typeof window !== 'undefined') installTestApi(controller);

export const init = (): Promise<void> => controller.init();
export const classifyFile = (file: File): Promise<void> => controller.classifyFile(file);
export const cancelClip = (): void => controller.cancelClip();
export const selectPack = (packId: string): void => controller.selectPack(packId);
export const selectHead = (headId: string): void => controller.selectHead(headId);
export const setBackendPreference = (preference: BackendPreference): void => controller.setBackendPreference(preference);
