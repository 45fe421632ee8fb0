// The evaluation screen's actions: take a folder with one subfolder per class, run every clip
// through the engine's clip queue (shared with batch; every head runs on every clip), and score
// each head. Runs outside React; writes only the evaluation store.
import type { ClipJobs } from '../../engine/clipJobs';
import { summaryAtThreshold, type ClipSummary } from '../../engine/clipSummary';
import type { JobEvent } from '../../engine/jobQueue';
import { serializeError } from '../../pipeline/errors';
import type { PickedFile } from '../files/picked';
import { classOfPath, truthOf, type EvalClip, type PackView } from './labelled';
import { createEvalStore, type EvalStore } from './store';

export interface EvaluationDeps {
  jobs: ClipJobs;
  /** The pack clips are scored against (the selected one), or null while packs load. */
  pack: () => PackView | null;
  /** The head shown first (the selected one). */
  selectedHead: () => string | null;
  /** Opens a clip in the single-clip view. */
  openClip: (file: File) => void;
}

export class EvaluationController {
  readonly store: EvalStore = createEvalStore();
  readonly #deps: EvaluationDeps;
  readonly #files = new Map<number, File>();
  /** This run's ids on the shared queue; events of an older run are ignored. */
  #ids: readonly number[] = [];

  constructor(deps: EvaluationDeps) {
    this.#deps = deps;
  }

  /** Starts a new evaluation of `files` (cancelling a running one). False when no pack is ready. */
  run(files: readonly PickedFile[]): boolean {
    const pack = this.#deps.pack();
    if (!pack) return false;
    this.cancel();
    this.#files.clear();

    const labelled: PickedFile[] = [];
    const ignored: string[] = [];
    for (const f of files) {
      if (classOfPath(f.path) === null) ignored.push(f.path);
      else labelled.push(f);
    }

    const ids = this.#deps.jobs.add(
      labelled.map((f) => ({ file: f.file, packId: pack.id })),
      (event) => {
        if (this.#ids === ids) this.#onEvent(event);
      },
    );
    this.#ids = ids;
    const clips: EvalClip[] = ids.map((id, k) => {
      const { file, path } = labelled[k]!;
      this.#files.set(id, file);
      const className = classOfPath(path)!;
      return { id, path, className, truth: truthOf(className, pack), status: 'queued', summary: null, error: null };
    });
    this.store.getState().start(pack, clips, ignored, this.#deps.selectedHead());
    void this.#deps.jobs.settled(ids).then(() => {
      if (this.#ids === ids && this.store.getState().status === 'running') this.store.getState().setStatus('done');
    });
    return true;
  }

  cancel(): void {
    this.#deps.jobs.cancelAll(this.#ids);
    if (this.store.getState().status === 'running') this.store.getState().setStatus('cancelled');
  }

  /** The stricter / looser control moved for `packId`: the run's finished clips are re-decided (and re-scored) from their kept scores. */
  setOodThreshold(packId: string, threshold: number): void {
    const { pack, mapClips } = this.store.getState();
    if (pack?.id !== packId) return;
    mapClips((clip) => {
      const summary = clip.summary && summaryAtThreshold(clip.summary, threshold);
      return summary === clip.summary ? clip : { ...clip, summary };
    });
  }

  focusHead(headId: string): void {
    this.store.getState().setFocusHead(headId);
  }

  /** Opens clip `id` of this run in the single-clip view. */
  openClip(id: number): void {
    const file = this.#files.get(id);
    if (file) this.#deps.openClip(file);
  }

  #onEvent(event: JobEvent<ClipSummary>): void {
    const { updateClip } = this.store.getState();
    switch (event.type) {
      case 'start':
        updateClip(event.id, (c) => ({ ...c, status: 'running' }));
        break;
      case 'done':
        updateClip(event.id, (c) => ({ ...c, status: 'done', summary: event.result }));
        break;
      case 'error':
        updateClip(event.id, (c) => ({ ...c, status: 'error', error: serializeError(event.error) }));
        break;
      case 'cancelled':
        updateClip(event.id, (c) => ({ ...c, status: 'cancelled' }));
        break;
      default:
        event satisfies never;
    }
  }
}
