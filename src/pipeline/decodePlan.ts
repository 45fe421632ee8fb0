// Which packets the WebCodecs path decodes for a clip's picks, and which decoded frame answers
// each pick. Picks whose last key packet is the same share one decoder run from that key packet;
// a run feeds packets until its last pick is covered; each pick gets the first frame at or after
// it (what ffmpeg's `-ss` gives), or the run's last frame when none is. Pure: the worker
// (workers/decode/webcodecs/decodeRuns.ts) feeds it timestamps.

/** A pick on the demuxer's time axis (seconds); `index` is its frame index in the clip. */
export interface FramePick {
  index: number;
  sec: number;
}

export interface KeyedPick extends FramePick {
  /** Decode-order number of the last key packet at or before the pick. */
  keySequence: number;
}

/** One decoder run: from a key packet, for the picks it is the last key packet of, in time order. */
export interface DecodeRun {
  keySequence: number;
  picks: FramePick[];
}

/** Timestamps pass through microseconds (WebCodecs): a frame this close before a pick is at it. */
export const PICK_TOLERANCE_SEC = 1e-6;

export function planRuns(picks: readonly KeyedPick[]): DecodeRun[] {
  const runs = new Map<number, FramePick[]>();
  for (const { index, sec, keySequence } of picks) {
    const run = runs.get(keySequence) ?? [];
    run.push({ index, sec });
    runs.set(keySequence, run);
  }
  return [...runs.entries()]
    .sort(([a], [b]) => a - b)
    .map(([keySequence, runPicks]) => ({ keySequence, picks: runPicks.sort((a, b) => a.sec - b.sec || a.index - b.index) }));
}

/**
 * Packets that may follow, in decode order, the first packet at or after a time and still be
 * displayed before it. H.264 and HEVC reorder B-frames (x264 and x265 by 2–3 frames; the
 * standards allow up to 16 reorder frames, which real encoders do not use); VP8, VP9 and AV1
 * store one displayed frame per packet, in display order.
 */
export function reorderSlack(codec: string): number {
  return codec === 'h264' || codec === 'hevc' ? 8 : 0;
}

/** When a run has fed enough packets for its last pick. */
export class RunFeed {
  readonly #lastPickSec: number;
  readonly #slack: number;
  #afterReach = -1;

  constructor(lastPickSec: number, slack: number) {
    this.#lastPickSec = lastPickSec;
    this.#slack = slack;
  }

  /** Records a packet sent to the decoder; true when no later packet can hold the last pick's frame. */
  fed(packetSec: number): boolean {
    if (this.#afterReach < 0) {
      if (packetSec < this.#lastPickSec - PICK_TOLERANCE_SEC) return false;
      this.#afterReach = 0;
    } else {
      this.#afterReach++;
    }
    return this.#afterReach >= this.#slack;
  }
}

/** Matches a run's decoded frames (in presentation order) to its picks. */
export class PickMatcher {
  readonly #pending: FramePick[];

  constructor(picks: readonly FramePick[]) {
    this.#pending = [...picks].sort((a, b) => a.sec - b.sec);
  }

  /** The picks this frame answers: those at or before it not answered by an earlier frame. */
  offer(frameSec: number): FramePick[] {
    let k = 0;
    while (k < this.#pending.length && this.#pending[k]!.sec - PICK_TOLERANCE_SEC <= frameSec) k++;
    return this.#pending.splice(0, k);
  }

  /** Picks no frame answered (after the run's last frame): held at that frame. */
  takePending(): FramePick[] {
    return this.#pending.splice(0);
  }

  get done(): boolean {
    return this.#pending.length === 0;
  }
}
