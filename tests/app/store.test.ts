import { describe, expect, it } from 'vitest';
import { createReelscopeStore, selectSelectedHead } from '../../src/store/store';
import type { ClipRun, HeadRun, PackSummary } from '../../src/store/types';
import type { PackManifest } from '../../src/pipeline/manifest';

const manifest = (id: string, heads: string[], defaultHead: string) =>
  ({ id, heads: heads.map((h) => ({ id: h, kind: 'frame-mean', title: h, parameters: 0 })), defaultHead }) as unknown as PackManifest;
const packs: PackSummary[] = [
  { id: 'p1', manifestUrl: '/m/p1.json', manifest: manifest('p1', ['x', 'y'], 'y') },
  { id: 'p2', manifestUrl: '/m/p2.json', manifest: manifest('p2', ['z'], 'z') },
];
const clip = (runId: number): ClipRun => ({
  runId, status: 'running', fileName: 'a', fileBytes: 1, videoUrl: null, packId: 'p1', metadata: null, progress: null,
  frames: [], heads: [], decision: null, ood: null, timings: null, backend: null, error: null,
});
const head = (headId: string, label: string): HeadRun => ({
  headId, kind: 'frame-mean', title: headId, parameters: 0, probabilities: [[1]], ms: 0, msPerStep: null,
  decision: { predicted: { index: 0, label, probability: 1 }, top: [], outOfScope: false, label },
});

describe('store', () => {
  it('selects the default pack and its default head', () => {
    const store = createReelscopeStore();
    store.getState().setPacks(packs, 'p2');
    expect(store.getState().selectedPackId).toBe('p2');
    store.getState().setSelectedPack('p1');
    expect(selectSelectedHead(store.getState())?.id).toBe('y');
    store.getState().setSelectedPack('nope');
    expect(store.getState().selectedPackId).toBe('p1');
  });
  it('ignores updates from an older run', () => {
    const store = createReelscopeStore();
    store.getState().startClip(clip(2));
    store.getState().updateClip(1, { status: 'done' });
    expect(store.getState().clip?.status).toBe('running');
    store.getState().updateClip(2, { status: 'cancelled' });
    expect(store.getState().clip?.status).toBe('cancelled');
  });
  it('the shown decision follows the selected head', () => {
    const store = createReelscopeStore();
    store.getState().setPacks(packs, 'p1');
    store.getState().startClip(clip(1));
    store.getState().setHeads(1, [head('x', 'cat'), head('y', 'dog')]);
    expect(store.getState().clip?.decision?.label).toBe('dog');
    store.getState().setSelectedHead('x');
    expect(store.getState().clip?.decision?.label).toBe('cat');
  });
  it('keeps frames unique and ordered by index', () => {
    const store = createReelscopeStore();
    store.getState().startClip(clip(1));
    const frame = (index: number) => ({ index, timeSec: index, thumbnailUrl: '', features: [], frameTop: null, cnnMs: 0 });
    store.getState().addFrame(1, frame(2));
    store.getState().addFrame(1, frame(0));
    store.getState().addFrame(1, frame(2));
    expect(store.getState().clip?.frames.map((f) => f.index)).toEqual([0, 2]);
  });
});
