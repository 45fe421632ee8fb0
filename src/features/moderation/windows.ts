// How a pack without a per-frame classifier (an action pack, a pack taught in the Teach screen)
// scores a moderation timeline: its temporal head runs on a window of the pack's T sampled frames
// around each sampled frame, and that window's answer after its last frame is the frame's score.
// Pure: which scoring a pack gets, which frames a window covers, and which windows the frames that
// have arrived complete.
import { temporalHeads, type PackManifest } from '../../pipeline/manifest';

/** The pack the screen opens with: nsfwjs's per-frame categories. */
export const MODERATION_PACK_ID = 'moderation';

/** How a pack's sampled frames become per-category scores. */
export type TimelineScoring =
  /** The backbone's own classifier, frame by frame. */
  | { kind: 'frame' }
  /** The default temporal head on `window` sampled frames around each frame; its answer after the window's last frame. */
  | { kind: 'window'; headId: string; headTitle: string; window: number };

export function timelineScoring(manifest: PackManifest): TimelineScoring {
  const head = temporalHeads(manifest).find((h) => h.id === manifest.defaultHead);
  if (!head) return { kind: 'frame' };
  return { kind: 'window', headId: head.id, headTitle: head.title, window: manifest.input.frames };
}

/** The `size` consecutive sampled frames around `index` (fewer when the clip has fewer), clamped to the clip: [start, end). */
export function windowAround(index: number, count: number, size: number): { start: number; end: number } {
  const length = Math.max(1, Math.min(size, count));
  const start = Math.min(Math.max(0, index - Math.floor((length - 1) / 2)), count - length);
  return { start, end: start + length };
}

/**
 * Hands out frame indices, in order, as soon as every frame of their window has arrived (frames may
 * arrive out of order). Each index is handed out once.
 */
export class WindowSchedule {
  readonly #arrived: boolean[];
  #next = 0;

  constructor(
    readonly count: number,
    readonly size: number,
  ) {
    this.#arrived = new Array<boolean>(count).fill(false);
  }

  /** Marks `index` as arrived; returns the frames whose window is now complete. */
  arrive(index: number): number[] {
    if (index < 0 || index >= this.count) throw new RangeError(`frame ${index} is outside 0..${this.count - 1}`);
    this.#arrived[index] = true;
    const ready: number[] = [];
    while (this.#next < this.count && this.#complete(this.#next)) ready.push(this.#next++);
    return ready;
  }

  #complete(index: number): boolean {
    const { start, end } = windowAround(index, this.count, this.size);
    for (let i = start; i < end; i++) if (!this.#arrived[i]) return false;
    return true;
  }
}
