// What the batch and evaluation features keep per clip: a small summary, never frames,
// thumbnails, features or tensors, so memory stays flat over hundreds of clips.
import type { ErrorCode } from '../../pipeline/errors';
import type { Progress } from '../../store/types';

/** One temporal head's verdict on a clip. */
export interface HeadOutcome {
  headId: string;
  kind: 'ssm' | 'lstm' | 'frame-mean';
  title: string;
  parameters: number;
  /** What the user is told: the predicted class, or "none of these". */
  label: string;
  /** The class the head chose before the out-of-scope check. */
  predicted: string;
  /** Probability of `predicted`. */
  confidence: number;
  outOfScope: boolean;
  /** The head is calibrated and `confidence` is below its calibrated level: the answer is a guess. */
  unsure: boolean;
  /** Wall ms of this head over the clip. */
  ms: number;
}

/** Everything kept about one classified clip. */
export interface ClipSummary {
  packId: string;
  /** The pack's default head: the one a batch row shows. */
  defaultHeadId: string;
  heads: HeadOutcome[];
  oodScore: number | null;
  /** The threshold "none of these" was decided at (the user's operating point when the clip ran). */
  oodThreshold: number | null;
  frames: number;
  /** Wall ms of the whole clip: decode, CNN, heads, OOD. */
  totalMs: number;
  /** Share of the declared video that could be read, when less than all of it (a cut-short file); null when all was read. */
  readFraction: number | null;
}

export interface ClipFailure {
  code: ErrorCode;
  message: string;
}

/**
 * Classifies one file, start to end, independent of any store. Rejects with a ReelscopeError
 * (an AbortError when `signal` aborts). It must free what it allocated (frames, object URLs,
 * ffmpeg FS entries, tensors) before it settles.
 */
export type ClipClassifier = (
  file: File,
  options: {
    signal: AbortSignal;
    /** The pack to use; the selected one when absent. */
    packId?: string;
    onProgress?: (progress: Progress) => void;
  },
) => Promise<ClipSummary>;

/** A file picked or dropped, with its path inside the picked folder ("Class/clip.avi"), or its name. */
export interface PickedFile {
  file: File;
  path: string;
}
