// What the Teach feature trains on: per clip, one or more views of its backbone features (view 0 the
// canonical sampling, the others augmented), its class and the video/group it came from.
export interface TeachClip {
  /** Each view is T × D float32 features, row-major (frame after frame). */
  views: Float32Array[];
  label: number;
  /** Clips that share a source (one video, one recording session) are kept in one fold. */
  source: string;
}

export interface TeachDataset {
  labels: string[];
  frames: number;
  featureDim: number;
  clips: TeachClip[];
}

export type TeachErrorCode = 'TooFewClips' | 'TooFewSources' | 'BadFeatures';

export class TeachError extends Error {
  constructor(
    readonly code: TeachErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TeachError';
  }
}

/**
 * Throws TeachError for a malformed dataset. `everyClass` (default) also asks for a clip of every
 * class; a cross-validation fold may lack the clips of a class that comes from one source only.
 */
export function checkDataset(data: TeachDataset, everyClass = true): void {
  const size = data.frames * data.featureDim;
  if (data.labels.length < 2) throw new TeachError('TooFewClips', 'a taught pack needs at least two classes');
  data.clips.forEach((clip, i) => {
    if (!(clip.label >= 0 && clip.label < data.labels.length && Number.isInteger(clip.label))) {
      throw new TeachError('BadFeatures', `clip ${i} has label ${clip.label}, not one of ${data.labels.length} classes`);
    }
    if (clip.views.length === 0) throw new TeachError('BadFeatures', `clip ${i} has no views`);
    for (const v of clip.views) {
      if (v.length !== size) throw new TeachError('BadFeatures', `clip ${i}: a view has ${v.length} values, expected ${data.frames}×${data.featureDim}`);
    }
  });
  if (!everyClass) return;
  data.labels.forEach((label, c) => {
    if (!data.clips.some((clip) => clip.label === c)) throw new TeachError('TooFewClips', `class "${label}" has no clips`);
  });
}

/** The mean over frames of view 0, [D]: what the out-of-scope detector takes. */
export function clipMean(clip: TeachClip, frames: number, featureDim: number): Float64Array {
  const out = new Float64Array(featureDim);
  const view = clip.views[0]!;
  for (let t = 0; t < frames; t++) for (let d = 0; d < featureDim; d++) out[d]! += view[t * featureDim + d]!;
  for (let d = 0; d < featureDim; d++) out[d]! /= frames;
  return out;
}
