// The moderation screen's actions, outside React: choose the pack, run a clip through the engine
// (decode many frames, score each: engine.ts), keep thresholds, reveal thumbnails, export the
// report. Writes only the moderation store. Every action is safe to call at any time; analyse()
// never rejects (errors land in the store, a cancel is not an error).
import { abortError, isAbortError, serializeError } from '../../pipeline/errors';
import type { BackendPreference } from '../../store/types';
import { saveText } from '../files/download';
import type { ModerationEngine, ModerationPack } from './engine';
import { timelineScoring } from './windows';
import { buildReport, modelProvenance, reportFileName, reportJson, type ModerationReport } from './report';
import { createModerationStore, type ModerationState, type ModerationStore } from './store';
import type { CategoryAction, OutOfScopeAction } from './verdict';

export interface ModerationOptions {
  backendPreference: () => BackendPreference;
  /** Makes a thumbnail object URL from a frame's RGB24 pixels (size×size). */
  thumbnail: (rgb: Uint8Array, size: number) => Promise<string>;
  /** The pack's out-of-scope threshold at the user's open-set setting; null when it has no detector. */
  oodThreshold: (packId: string) => number | null;
}

export class ModerationController {
  readonly store: ModerationStore = createModerationStore();
  readonly #engine: ModerationEngine;
  readonly #options: ModerationOptions;
  #run: AbortController | null = null;
  #runId = 0;
  #urls: string[] = [];

  constructor(engine: ModerationEngine, options: ModerationOptions) {
    this.#engine = engine;
    this.#options = options;
  }

  /** Loads the chosen pack's manifest so the categories and their sliders show before the first clip. Never rejects. */
  async init(): Promise<void> {
    const packId = this.store.getState().packId;
    try {
      const pack = await this.#loadPack(packId, new AbortController().signal);
      if (this.store.getState().packId !== packId) return;
      this.store.getState().setLabels(pack.manifest.labels);
      this.store.getState().setOodThreshold(this.#options.oodThreshold(pack.id));
    } catch (error) {
      this.store.getState().setPackError(serializeError(error));
    }
  }

  /** Scores the next clips with `packId` (a running clip is cancelled); its categories replace the sliders. */
  async selectPack(packId: string): Promise<void> {
    if (packId === this.store.getState().packId) return;
    this.#run?.abort();
    this.#revokeThumbnails();
    this.store.getState().setPackId(++this.#runId, packId);
    await this.init();
  }

  /** Samples the store's frame count from `file`, scores every frame, derives segments and verdict. */
  async analyse(file: File): Promise<void> {
    this.#run?.abort();
    const run = new AbortController();
    this.#run = run;
    const runId = ++this.#runId;
    const { signal } = run;
    const state = this.store.getState;
    this.#revokeThumbnails();
    state().startRun(runId, { name: file.name, bytes: file.size });
    try {
      const pack = await this.#loadPack(state().packId, signal);
      const prepared = await this.#engine.prepare(pack, this.#options.backendPreference(), signal);
      const scoring = timelineScoring(pack.manifest);
      state().setModel(runId, pack.manifest.labels, modelProvenance(pack.manifest, scoring, prepared.precision, prepared.backend.backend));
      state().setOodThreshold(this.#options.oodThreshold(pack.id));
      const frames = state().frameCount;
      const size = pack.manifest.input.size;
      await this.#engine.score(pack, file, frames, {
        signal,
        onMetadata: (metadata, times) => state().setRunning(runId, metadata, times.length),
        onFrame: (frame) => {
          state().addFrame(runId, { index: frame.index, timeSec: frame.timeSec, scores: Array.from(frame.probabilities), oodScore: frame.oodScore, thumbnailUrl: null });
          void this.#options.thumbnail(frame.rgb, size).then(
            (url) => {
              if (this.#runId !== runId || !url) return url && URL.revokeObjectURL(url);
              this.#urls.push(url);
              state().setThumbnail(runId, frame.index, url);
            },
            (error: unknown) => console.warn('moderation: no thumbnail for frame', frame.index, error),
          );
        },
        onProgress: (done, total) => state().setProgress(runId, done, total),
      });
      state().finishRun(runId);
    } catch (error) {
      if (isAbortError(error) || signal.aborted) {
        state().cancelRun(runId);
        return;
      }
      state().failRun(runId, serializeError(error));
    } finally {
      if (this.#run === run) this.#run = null;
    }
  }

  cancel(): void {
    this.#run?.abort();
  }

  setThreshold(category: string, threshold: number): void {
    this.store.getState().setThreshold(category, threshold);
  }

  setAction(category: string, action: CategoryAction): void {
    this.store.getState().setAction(category, action);
  }

  setBlockMinSec(seconds: number): void {
    this.store.getState().setBlockMinSec(seconds);
  }

  setOutOfScopeAction(action: OutOfScopeAction): void {
    this.store.getState().setOutOfScopeAction(action);
  }

  /** The user moved `packId`'s open-set setting (stricter / looser): out-of-scope segments follow at once. */
  setOodThreshold(packId: string, threshold: number | null): void {
    if (packId === this.store.getState().packId) this.store.getState().setOodThreshold(threshold);
  }

  setFrameCount(frames: number): void {
    this.store.getState().setFrameCount(frames);
  }

  /** Shows one flagged thumbnail unblurred; only ever on the reviewer's request. */
  reveal(frameIndex: number): void {
    this.store.getState().reveal(frameIndex);
  }

  /** The report of the finished clip, or null while there is none. */
  report(now: Date = new Date()): ModerationReport | null {
    return reportOf(this.store.getState(), now);
  }

  exportReport(): void {
    const report = this.report();
    if (!report) return;
    saveText(reportJson(report), reportFileName(report.clip.fileName), 'application/json');
  }

  #loadPack(packId: string, signal: AbortSignal): Promise<ModerationPack> {
    // The engine loads the packs once; the load is not tied to one run's signal, so a cancelled run does not poison it.
    const pack = this.#engine.loadPack(packId);
    return new Promise<ModerationPack>((resolve, reject) => {
      if (signal.aborted) return reject(abortError());
      signal.addEventListener('abort', () => reject(abortError()), { once: true });
      pack.then(resolve, reject);
    });
  }

  #revokeThumbnails(): void {
    for (const url of this.#urls) URL.revokeObjectURL(url);
    this.#urls = [];
  }
}

export function reportOf(s: ModerationState, now: Date = new Date()): ModerationReport | null {
  if (s.status !== 'done' || !s.verdict || !s.model || !s.fileName) return null;
  return buildReport(
    {
      clip: { fileName: s.fileName, fileBytes: s.fileBytes, metadata: s.metadata },
      labels: s.labels,
      frames: s.frames,
      thresholds: s.thresholds,
      smoothing: s.smoothing,
      oodThreshold: s.oodThreshold,
      segments: s.segments,
      verdict: s.verdict,
      model: s.model,
    },
    now,
  );
}
