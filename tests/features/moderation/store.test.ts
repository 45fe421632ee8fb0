import { describe, expect, it } from 'vitest';
import { createModerationStore, flaggedFrames, type ModerationFrame } from '../../../src/features/moderation/store';
import type { ClipMetadata } from '../../../src/pipeline/probe';

const LABELS = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'];
const METADATA: ClipMetadata = {
  container: 'mov,mp4',
  durationSec: 8,
  fps: 25,
  codec: 'h264',
  width: 320,
  height: 240,
  rotation: 0,
  displayWidth: 320,
  displayHeight: 240,
  streamIndex: 0,
  offsetSec: 0,
  lastFrameSec: 7.96,
  declaredDurationSec: 8,
  seekable: true,
};

/** 32 frames over 8 s: Drawing 0.8 from 4 s on, plus one odd frame at index 8. */
function frames(): ModerationFrame[] {
  return Array.from({ length: 32 }, (_, i) => {
    const d = i >= 16 || i === 8 ? 0.8 : 0.01;
    return { index: i, timeSec: (i + 0.5) / 4, scores: [d, 0, 1 - d, 0, 0], oodScore: null, thumbnailUrl: null };
  });
}

function runWithFrames() {
  const store = createModerationStore(LABELS);
  const s = store.getState;
  s().startRun(1, { name: 'clip.mp4', bytes: 1000 });
  s().setRunning(1, METADATA, 32);
  for (const f of frames()) s().addFrame(1, f);
  return store;
}

describe('moderation store', () => {
  it('starts with the default thresholds: nothing flagged for Drawing', () => {
    const store = runWithFrames();
    expect(store.getState().segments).toEqual([]);
    expect(store.getState().verdict).toBeNull();
  });

  it('re-derives segments when a threshold changes, and gives a verdict only once done', () => {
    const store = runWithFrames();
    const s = store.getState;
    s().setThreshold('Drawing', 0.5);
    s().setAction('Drawing', 'review');
    expect(s().segments.map((x) => [x.category, x.startSec, x.endSec])).toEqual([['Drawing', 4, 8]]);
    expect(s().verdict).toBeNull();
    s().finishRun(1);
    expect(s().verdict!.decision).toBe('review');
    s().setAction('Drawing', 'block');
    expect(s().verdict!.decision).toBe('block');
    s().setThreshold('Drawing', 0.9);
    expect(s().segments).toEqual([]);
    expect(s().verdict!.decision).toBe('allow');
  });

  it('ignores events of an older run and unknown categories', () => {
    const store = runWithFrames();
    const s = store.getState;
    s().startRun(2, { name: 'next.mp4', bytes: 5 });
    s().addFrame(1, { index: 0, timeSec: 0.1, scores: [1, 0, 0, 0, 0], oodScore: null, thumbnailUrl: null });
    s().finishRun(1);
    expect(s().frames).toEqual([]);
    expect(s().status).toBe('loading-model');
    const before = s().thresholds;
    s().setThreshold('Nope', 0.2);
    expect(s().thresholds).toBe(before);
  });

  it('reveals thumbnails one at a time, and a new run hides them again', () => {
    const store = runWithFrames();
    const s = store.getState;
    s().reveal(20);
    expect(s().revealed).toEqual({ 20: true });
    s().startRun(2, { name: 'next.mp4', bytes: 5 });
    expect(s().revealed).toEqual({});
  });

  it('flaggedFrames gives each segment\'s peak frame', () => {
    const store = runWithFrames();
    store.getState().setThreshold('Drawing', 0.5);
    store.getState().setAction('Drawing', 'review');
    const { segments, frames: all } = store.getState();
    expect(flaggedFrames(segments, all).map((f) => f.frame.index)).toEqual([segments[0]!.peakFrame]);
  });
});

describe('moderation store before the pack is loaded', () => {
  it('knows the nsfwjs categories, and keeps a threshold set early when the labels arrive', () => {
    const store = createModerationStore();
    const s = store.getState;
    expect(Object.keys(s().thresholds.categories).sort()).toEqual([...LABELS].sort());
    s().setThreshold('Drawing', 0.5);
    s().setAction('Drawing', 'review');
    s().setLabels([...LABELS, 'Extra']);
    expect(s().thresholds.categories.Drawing).toEqual({ threshold: 0.5, action: 'review' });
    expect(s().thresholds.categories.Extra).toEqual({ threshold: 0.9, action: 'off' });
    expect(s().thresholds.categories.Porn).toEqual({ threshold: 0.6, action: 'block' });
  });
});
