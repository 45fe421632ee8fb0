// A decode job's `sample` (teaching): view 0 is the canonical sampling, views 1.. take augmentedSample's
// times, crop and flip — the views scripts/extract-features.ts gives training/. Native ffmpeg, a real clip.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { augmentedSample, clipTimes } from '../../../src/pipeline/sampling';
import type { ClipSample, DecodedFrame } from '../../../src/protocol/decode';
import { decodeClip } from '../../../workers/decode/decodeClip';
import { NativeFfmpeg } from '../../../scripts/lib/nativeFfmpeg';
import { realClip } from '../../../e2e/support/media';

const geometry = { resizeShortSide: 64, size: 56, interpolation: 'bilinear' as const };
const path = realClip('Archery', 0);

async function decode(sample?: ClipSample) {
  const host = new NativeFfmpeg();
  const frames: DecodedFrame[] = [];
  let times: number[] = [];
  try {
    const file = new File([readFileSync(path)], basename(path));
    const summary = await decodeClip(
      host,
      { file, frames: 8, geometry, mode: { kind: 'batched', batch: 4 }, ...(sample ? { sample } : {}) },
      { metadata: (_m, t) => (times = t), frame: (f) => frames.push(f), progress: () => undefined },
      new AbortController().signal,
    );
    frames.sort((a, b) => a.index - b.index);
    return { metadata: summary.metadata, times, frames: frames.map((f) => Buffer.from(f.rgb).toString('base64')) };
  } finally {
    host.dispose();
  }
}

describe('decodeClip with a sample (augmented views)', () => {
  it('view 0 is the canonical sampling; view k takes augmentedSample’s times and different pixels', async () => {
    const canonical = await decode();
    const view0 = await decode({ view: 0, seed: 99 });
    expect(view0.times).toEqual(clipTimes(canonical.metadata, 8));
    expect(view0.frames).toEqual(canonical.frames);
    const view2 = await decode({ view: 2, seed: 99 });
    expect(view2.times).toEqual(augmentedSample(canonical.metadata, 8, 2, 99).times);
    expect(view2.times).not.toEqual(view0.times);
    expect(view2.frames.filter((f, i) => f !== view0.frames[i]).length).toBeGreaterThan(4);
  }, 60_000);
});
