// The single-clip screen's actions, and the settings bar's (pack, head, backend), outside React:
// they run a clip through the engine and write results into the app store, which the UI reads.
// Every action is safe to call at any time and never rejects: failures land in the store as
// UiError values.
import type { ClipJob, ClipOutcome } from '../../engine/classifyClip';
import type { Engine } from '../../engine/engine';
import { isAbortError, serializeError } from '../../pipeline/errors';
import type { ReelscopeStore } from '../../store/store';
import type { BackendPreference, ClipRun } from '../../store/types';

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

export class ClipController {
  #run: ActiveRun | null = null;
  #nextRunId = 1;
  #init: Promise<void> | null = null;
  #lastOutcome: ClipOutcome | null = null;

  constructor(
    readonly store: ReelscopeStore,
    readonly engine: Engine,
    /** Lists the packs into the store (the packs feature); false when they could not be loaded. */
    readonly packs: { refresh(): Promise<boolean> },
  ) {}

  /**
   * Loads the pack index and manifests, selects the default pack and reports the backend; then,
   * without holding up the caller, opens the selected pack's sessions and the decoder. Idempotent.
   */
  init(): Promise<void> {
    this.#init ??= this.packs
      .refresh()
      .then((loaded) => {
        if (!loaded) this.#init = null; // a later init() may retry
        return this.#refreshBackendInfo();
      })
      .then(() => {
        const { packs, selectedPackId } = this.store.getState();
        const pack = packs.find((p) => p.id === selectedPackId);
        if (pack) void this.engine.warmUp(pack);
      });
    return this.#init;
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
      decoder: null,
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
      const outcome = await this.engine.classify(
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
      updateClip(run.runId, { status: 'done', progress: null, ood: outcome.ood, timings: outcome.timings, decoder: outcome.decoder, metadata: outcome.metadata });
    } catch (error) {
      if (isAbortError(error) || run.abort.signal.aborted) {
        updateClip(run.runId, { status: 'cancelled', progress: null });
      } else {
        updateClip(run.runId, { status: 'error', progress: null, error: serializeError(error) });
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

  async #refreshBackendInfo(): Promise<void> {
    try {
      this.store.getState().setBackendInfo(await this.engine.configure(this.store.getState().backendPreference));
    } catch {
      // The worker is replaced on next use; the clip that needs it reports the failure.
    }
  }
}
