// The Teach screen's controller: classes and clips in, features out of the engine's frame loop (cached
// by content hash), a head trained and scored in the teach worker, and the result saved as an
// ordinary pack through the pack library. Everything it needs is injected (src/root.ts wires the
// engine; tests pass fakes), so it runs in Node.
import type { TeachService } from '../../clients/teachClient';
import type { PackEntry } from '../../engine/packImport';
import { isAbortError, ReelscopeError, serializeError, type ErrorCode, type UiError } from '../../pipeline/errors';
import { sha256Hex } from '../../pipeline/sha256';
import type { ClipSample } from '../../protocol/decode';
import type { PackRef } from '../../protocol/inference';
import type { TaughtHeadKind, TeachClipFeatures, TeachOutcome, TeachProgress } from '../../protocol/teach';
import { templateFrom } from '../../teach/template';
import { clipViewSeed, EXTRACTION } from '../../teach/views';
import type { PickedFile } from '../files/picked';
import { featureKey, type FeatureCache } from './featureCache';
import type { RecordClip } from './recorder';
import { defaultGroup, normaliseGroup, packIdFor } from './groups';
import { createTeachStore, selectBusy, type TeachClipRow, type TeachScore, type TeachStore } from './store';

export interface TeachDeps {
  /** The pack whose backbone the features come from (the app's default pack). */
  basePack: () => Promise<PackRef>;
  /** One view of a clip through the backbone: T × D features (engine.clipFeatures). */
  features: (pack: PackRef, file: File, sample: ClipSample, signal: AbortSignal) => Promise<Float32Array>;
  teacher: () => TeachService;
  /** Adds a pack's files to the library (engine.library.add); resolves with the id it was kept under. */
  addPack: (entries: PackEntry[], from: string) => Promise<{ packId: string }>;
  /** Tells the app a pack was added: refresh the pack list and select it. */
  packAdded: (packId: string) => Promise<void>;
  /** Saves a pack as a self-contained .zip (engine.library.exportZip, then a download). */
  exportZip: (packId: string) => Promise<void>;
  cache: FeatureCache;
  /** Records a few seconds from the webcam as a clip (absent: no recording offered). */
  record?: RecordClip;
  hash?: (file: File) => Promise<string>;
  heads?: TaughtHeadKind[];
  seed?: number;
}

/** Test and benchmark knobs (window.__reelscope.teach); the app leaves them unset. */
export interface TeachOverrides {
  epochs?: number;
}

/** Errors that belong to one file: the clip is marked and left out. Any other (no model, a crashed worker) stops the run. */
const FILE_ERRORS: ReadonlySet<ErrorCode> = new Set(['NotAVideo', 'NoVideoStream', 'TruncatedFile', 'UnsupportedCodec', 'EmptyFile', 'DecodeFailed']);

/** Fewer clips than this in a class is warned about before training (train.ts warns below 3 as well). */
export const MIN_CLIPS_PER_CLASS = 3;
export const MAX_VIEWS = EXTRACTION.views;
/** How long a webcam recording lasts. */
export const RECORD_SECONDS = 4;

export class TeachController {
  readonly store: TeachStore;
  readonly #deps: TeachDeps;
  readonly #files = new Map<number, File>();
  readonly #hashes = new Map<number, Promise<string>>();
  #nextId = 1;
  #run: AbortController | null = null;
  #recording: AbortController | null = null;
  /** The last taught pack's files, until it is saved or the classes change. */
  #outcome: TeachOutcome | null = null;

  constructor(deps: TeachDeps, store: TeachStore = createTeachStore()) {
    this.#deps = deps;
    this.store = store;
  }

  // --- classes and clips ---

  addClass(name: string): number {
    const id = this.#nextId++;
    const { classes } = this.store.getState();
    this.#changed({ classes: [...classes, { id, name: name.trim() || `Class ${classes.length + 1}` }] });
    return id;
  }

  renameClass(classId: number, name: string): void {
    this.#changed({ classes: this.store.getState().classes.map((c) => (c.id === classId ? { ...c, name } : c)) });
  }

  removeClass(classId: number): void {
    const { classes, clips } = this.store.getState();
    for (const clip of clips) if (clip.classId === classId) this.#forget(clip.id);
    this.#changed({ classes: classes.filter((c) => c.id !== classId), clips: clips.filter((c) => c.classId !== classId) });
  }

  /** Adds picked files to a class; a file already in that class (same path and size) is not added twice. */
  addClips(classId: number, picked: readonly PickedFile[]): void {
    const { clips } = this.store.getState();
    const present = new Set(clips.filter((c) => c.classId === classId).map((c) => `${c.path}:${c.size}`));
    const rows: TeachClipRow[] = [];
    for (const { file, path } of picked) {
      if (present.has(`${path}:${file.size}`)) continue;
      present.add(`${path}:${file.size}`);
      const id = this.#nextId++;
      this.#files.set(id, file);
      rows.push({ id, classId, name: file.name, path, size: file.size, group: defaultGroup(file.name), status: 'new', viewsReady: 0, error: null });
    }
    if (rows.length > 0) this.#changed({ clips: [...clips, ...rows] });
  }

  /** Whether recording from the webcam is offered. */
  get canRecord(): boolean {
    return this.#deps.record !== undefined;
  }

  /** Records `seconds` from the webcam and adds the recording to the class (its own group). */
  async record(classId: number, seconds = RECORD_SECONDS): Promise<void> {
    const s = this.store.getState();
    if (!this.#deps.record || s.recordingClassId !== null || selectBusy(s)) return;
    const run = new AbortController();
    this.#recording = run;
    s.patch({ recordingClassId: classId, error: null });
    try {
      const file = await this.#deps.record(seconds, run.signal);
      this.addClips(classId, [{ file, path: file.name }]);
    } catch (error) {
      if (!isAbortError(error)) this.store.getState().patch({ error: serializeError(error) });
    } finally {
      this.#recording = null;
      this.store.getState().patch({ recordingClassId: null });
    }
  }

  stopRecording(): void {
    this.#recording?.abort();
  }

  removeClip(clipId: number): void {
    this.#forget(clipId);
    this.#changed({ clips: this.store.getState().clips.filter((c) => c.id !== clipId) });
  }

  setGroup(clipId: number, group: string): void {
    this.#changed({ clips: this.store.getState().clips.map((c) => (c.id === clipId ? { ...c, group: normaliseGroup(group, c.name) } : c)) });
  }

  setPackName(packName: string): void {
    this.store.getState().patch({ packName });
  }

  setViews(views: number): void {
    this.#changed({ views: Math.max(1, Math.min(MAX_VIEWS, Math.round(views))) });
  }

  /** Problems to fix before training can start, in words (an empty list: ready). */
  blockers(): string[] {
    const { classes, clips } = this.store.getState();
    const out: string[] = [];
    if (classes.length < 2) out.push('Name at least two classes.');
    const names = classes.map((c) => c.name.trim());
    if (names.some((n) => n === '')) out.push('Every class needs a name.');
    if (new Set(names).size !== names.length) out.push('Two classes have the same name.');
    for (const c of classes) if (!clips.some((clip) => clip.classId === c.id && clip.status !== 'failed')) out.push(`"${c.name}" has no clips.`);
    return out;
  }

  // --- teaching ---

  /** Extracts the features still missing, then cross-validates, trains and exports in the worker. */
  async train(overrides: TeachOverrides = {}): Promise<void> {
    if (selectBusy(this.store.getState())) return;
    const blockers = this.blockers();
    if (blockers.length > 0) {
      this.store.getState().patch({ error: serializeError(new ReelscopeError('TooFewClips', blockers.join(' '))) });
      return;
    }
    const run = new AbortController();
    this.#run = run;
    this.#outcome = null;
    const patch = this.store.getState().patch;
    patch({ phase: 'extracting', error: null, score: null, savedPackId: null, training: null, curve: [], segments: { done: 0, total: 0 } });
    try {
      const t0 = performance.now();
      const pack = await this.#deps.basePack();
      const extracted = await this.#extractAll(pack, run.signal);
      const featuresMs = performance.now() - t0;
      const { classes, packName, views } = this.store.getState();
      const usable = extracted.clips;
      const labels = classes.map((c) => c.name.trim());
      const missing = classes.filter((c) => !usable.some((u) => u.classId === c.id));
      if (missing.length > 0) {
        throw new ReelscopeError('TooFewClips', `No clip of ${missing.map((c) => `"${c.name}"`).join(', ')} could be read.`);
      }
      const clips: TeachClipFeatures[] = usable.map((u) => ({ views: u.views, label: classes.findIndex((c) => c.id === u.classId), source: u.group }));
      patch({ phase: 'training' });
      const heads = this.#deps.heads ?? ['ssm', 'linear'];
      const spec = {
        packId: packIdFor(packName),
        title: packName.trim() || 'My classes',
        labels,
        frames: pack.manifest.input.frames,
        featureDim: pack.manifest.backbone.featureDim,
        template: templateFrom(pack.manifest),
        heads,
        seed: this.#deps.seed ?? 0,
        ...(overrides.epochs !== undefined ? { epochs: overrides.epochs } : {}),
      };
      const outcome = await this.#deps.teacher().teach(spec, clips, (p) => this.#onProgress(p, heads.length), run.signal);
      this.#outcome = outcome;
      const score: TeachScore = {
        scores: outcome.scores,
        warnings: [...outcome.warnings, ...this.#unreadWarning(extracted.failed)],
        clips: clips.length,
        sources: new Set(clips.map((c) => c.source)).size,
        views,
        timings: { featuresMs, ...outcome.timings, extractedViews: extracted.extractedViews, cachedViews: extracted.cachedViews },
        backend: outcome.backend,
      };
      patch({ phase: 'trained', score, training: null, segments: { ...this.store.getState().segments, done: this.store.getState().segments.total } });
    } catch (error) {
      const cancelled = isAbortError(error) || run.signal.aborted;
      patch({ phase: 'idle', training: null, error: cancelled ? null : serializeError(error) });
    } finally {
      if (this.#run === run) this.#run = null;
      this.#markInterrupted();
      patch({ cacheNote: this.#deps.cache.persistentError ? `Features are kept for this session only: ${this.#deps.cache.persistentError}` : null });
    }
  }

  cancel(): void {
    this.#run?.abort();
  }

  /** Saves the taught pack in the browser (the pack library), then lets the app list and select it. */
  async save(): Promise<string | null> {
    const outcome = this.#outcome;
    if (!outcome || this.store.getState().phase !== 'trained') return null;
    const patch = this.store.getState().patch;
    patch({ phase: 'saving', error: null });
    try {
      const { packId } = await this.#deps.addPack(packEntries(outcome), `taught in this browser (${new Date().toISOString().slice(0, 10)})`);
      await this.#deps.packAdded(packId);
      this.#outcome = null;
      patch({ phase: 'saved', savedPackId: packId });
      return packId;
    } catch (error) {
      patch({ phase: 'trained', error: serializeError(error) });
      return null;
    }
  }

  /** Exports the saved pack as a .zip that adds back to the same pack (here or in another browser). */
  async exportZip(): Promise<void> {
    const { savedPackId, patch } = this.store.getState();
    if (!savedPackId) return;
    try {
      await this.#deps.exportZip(savedPackId);
    } catch (error) {
      patch({ error: serializeError(error) });
    }
  }

  // --- internals ---

  async #extractAll(pack: PackRef, signal: AbortSignal) {
    const { clips: rows, views } = this.store.getState();
    const backboneId = pack.manifest.backbone.id;
    const frames = pack.manifest.input.frames;
    const todo = rows.filter((r) => r.status !== 'failed');
    const total = todo.length * views;
    let done = 0;
    let extractedViews = 0;
    let cachedViews = 0;
    const patch = this.store.getState().patch;
    patch({ features: { done, total } });
    const clips: { classId: number; group: string; views: Float32Array[] }[] = [];
    const failed: TeachClipRow[] = [];
    for (const row of todo) {
      this.#updateClip(row.id, { status: 'extracting', viewsReady: 0, error: null });
      try {
        const file = this.#files.get(row.id)!;
        const sha = await this.#hash(row.id, file);
        const seed = clipViewSeed(sha);
        const out: Float32Array[] = [];
        for (let view = 0; view < views; view++) {
          if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
          const key = featureKey({ sha256: sha, backboneId, frames, view, seed });
          let features = await this.#deps.cache.get(key);
          if (features) cachedViews++;
          else {
            features = await this.#deps.features(pack, file, { view, seed }, signal);
            await this.#deps.cache.put(key, features);
            extractedViews++;
          }
          out.push(features);
          patch({ features: { done: ++done, total } });
          this.#updateClip(row.id, { viewsReady: view + 1 });
        }
        clips.push({ classId: row.classId, group: this.store.getState().clips.find((c) => c.id === row.id)?.group ?? row.group, views: out });
        this.#updateClip(row.id, { status: 'ready' });
      } catch (error) {
        if (isAbortError(error) || signal.aborted) throw error;
        // A file that cannot be read is marked with its error and left out; the others go on.
        const uiError: UiError = serializeError(error);
        if (!FILE_ERRORS.has(uiError.code)) {
          this.#updateClip(row.id, { status: 'new' });
          throw error;
        }
        this.#updateClip(row.id, { status: 'failed', error: uiError });
        failed.push(row);
        done += views - (this.store.getState().clips.find((c) => c.id === row.id)?.viewsReady ?? 0);
        patch({ features: { done, total } });
      }
    }
    return { clips, failed, extractedViews, cachedViews };
  }

  #onProgress(progress: TeachProgress, heads: number): void {
    const s = this.store.getState();
    let { curve, segments } = s;
    if (progress.phase === 'validate' || progress.phase === 'train') {
      if (progress.epoch === 1) {
        curve = [];
        if (segments.total === 0 && progress.phase === 'validate') segments = { done: 0, total: heads * (progress.folds + 1) };
        if (s.training && s.training.phase !== 'export') segments = { ...segments, done: segments.done + 1 };
      }
      curve = [...curve, { epoch: progress.epoch, loss: progress.loss, accuracy: progress.trainAccuracy }];
    } else segments = { ...segments, done: segments.total };
    s.patch({ training: progress, curve, segments });
  }

  #unreadWarning(failed: readonly TeachClipRow[]): string[] {
    if (failed.length === 0) return [];
    return [`${failed.length} clip${failed.length === 1 ? '' : 's'} could not be read and ${failed.length === 1 ? 'was' : 'were'} left out: ${failed.map((f) => f.name).join(', ')}`];
  }

  #hash(clipId: number, file: File): Promise<string> {
    let hash = this.#hashes.get(clipId);
    if (!hash) {
      hash = this.#deps.hash ? this.#deps.hash(file) : file.arrayBuffer().then((bytes) => sha256Hex(bytes));
      hash.catch(() => this.#hashes.delete(clipId));
      this.#hashes.set(clipId, hash);
    }
    return hash;
  }

  #updateClip(clipId: number, change: Partial<TeachClipRow>): void {
    const s = this.store.getState();
    s.patch({ clips: s.clips.map((c) => (c.id === clipId ? { ...c, ...change } : c)) });
  }

  /** A clip left "extracting" by a cancel goes back to "new". */
  #markInterrupted(): void {
    const s = this.store.getState();
    if (s.clips.some((c) => c.status === 'extracting')) s.patch({ clips: s.clips.map((c) => (c.status === 'extracting' ? { ...c, status: 'new' } : c)) });
  }

  #forget(clipId: number): void {
    this.#files.delete(clipId);
    this.#hashes.delete(clipId);
  }

  /** Classes, clips or views changed: a score taught on the old ones is no longer what would be saved. */
  #changed(change: Partial<ReturnType<TeachStore['getState']>>): void {
    const s = this.store.getState();
    const stale = s.phase === 'trained' || s.phase === 'saved';
    if (stale) this.#outcome = null;
    s.patch({ ...change, ...(stale ? { phase: 'idle' as const, score: null } : {}) });
  }
}

/** The taught pack as the files a pack folder would hold: manifest.json and the graphs (the shared backbone left out). */
export function packEntries(outcome: TeachOutcome): PackEntry[] {
  const manifest = new TextEncoder().encode(JSON.stringify(outcome.manifest, null, 2));
  const entry = (path: string, bytes: ArrayBuffer | Uint8Array): PackEntry => ({
    path,
    size: bytes.byteLength,
    blob: () => Promise.resolve(new Blob([bytes as BlobPart])),
  });
  return [entry('manifest.json', manifest), ...outcome.files.map((f) => entry(f.path, f.bytes))];
}
