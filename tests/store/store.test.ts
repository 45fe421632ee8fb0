import { describe, expect, it } from 'vitest';
import { createReelscopeStore, oodThresholdOf, selectOperatingPoint, selectSelectedHead, subscribeOodThreshold } from '../../src/store/store';
import type { ClipRun, HeadRun, PackSummary } from '../../src/store/types';
import type { PackManifest } from '../../src/pipeline/manifest';

const manifest = (id: string, heads: string[], defaultHead: string) =>
  ({ id, heads: heads.map((h) => ({ id: h, kind: 'frame-mean', title: h, parameters: 0 })), defaultHead }) as unknown as PackManifest;
const packs: PackSummary[] = [
  { id: 'p1', source: { kind: 'served' as const, manifestUrl: '/m/p1.json' }, added: null, manifest: manifest('p1', ['x', 'y'], 'y') },
  { id: 'p2', source: { kind: 'served' as const, manifestUrl: '/m/p2.json' }, added: null, manifest: manifest('p2', ['z'], 'z') },
];
const clip = (runId: number): ClipRun => ({
  runId, status: 'running', fileName: 'a', fileBytes: 1, videoUrl: null, packId: 'p1', metadata: null, progress: null,
  frames: [], heads: [], decision: null, ood: null, timings: null, decoder: null, backend: null, error: null,
});
const head = (headId: string, label: string): HeadRun => ({
  headId, kind: 'frame-mean', title: headId, parameters: 0, probabilities: [[1]], ms: 0, msPerStep: null,
  decision: { predicted: { index: 0, label, probability: 1 }, top: [], outOfScope: false, unsure: false, label, ood: null },
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

describe('the open-set operating point', () => {
  const curve = [
    { threshold: 2, falseNone: 0.12, catchRate: 0.97 },
    { threshold: 4, falseNone: 0.05, catchRate: 0.9 },
    { threshold: 7, falseNone: 0.01, catchRate: 0.6 },
  ];
  const withOod = (id: string, operatingCurve?: typeof curve) =>
    ({
      id,
      heads: [{ id: 'x', kind: 'frame-mean', title: 'x', parameters: 0 }],
      defaultHead: 'x',
      ood: { method: 'm', inputKind: 'clip-mean', file: 'o.onnx', input: 'f', output: 's', threshold: 5, protocol: 'p', ...(operatingCurve ? { operatingCurve } : {}) },
    }) as unknown as PackManifest;
  const oodPacks: PackSummary[] = [
    { id: 'curved', source: { kind: 'served' as const, manifestUrl: '/m/c.json' }, added: null, manifest: withOod('curved', curve) },
    { id: 'flat', source: { kind: 'served' as const, manifestUrl: '/m/f.json' }, added: null, manifest: withOod('flat') },
  ];
  const scored = (score: number, threshold = 5): HeadRun => ({
    headId: 'x', kind: 'frame-mean', title: 'x', parameters: 0, probabilities: [[0.7, 0.3]], ms: 0, msPerStep: null,
    decision: {
      predicted: { index: 0, label: 'cat', probability: 0.7 }, top: [], unsure: false,
      outOfScope: score > threshold, label: score > threshold ? 'none of these' : 'cat', ood: { score, threshold },
    },
  });
  const running = (packId: string): ClipRun => ({ ...clip(1), packId });

  it('moves along the curve and re-decides the shown clip from its stored score', () => {
    const store = createReelscopeStore();
    store.getState().setPacks(oodPacks, 'curved');
    store.getState().startClip(running('curved'));
    store.getState().setHeads(1, [scored(4.5)]);
    store.getState().updateClip(1, { status: 'done', ood: { method: 'm', score: 4.5, threshold: 5, outOfScope: false } });
    expect(store.getState().clip?.decision?.label).toBe('cat');
    expect(selectOperatingPoint(store.getState())).toMatchObject({ isDefault: true, canStricter: true, canLooser: true, point: { exact: false } });

    store.getState().stepOodThreshold('curved', 'stricter'); // 5 → 4
    expect(oodThresholdOf(store.getState(), 'curved')).toBe(4);
    expect(store.getState().clip?.decision).toMatchObject({ label: 'none of these', outOfScope: true, ood: { score: 4.5, threshold: 4 } });
    expect(store.getState().clip?.ood).toMatchObject({ threshold: 4, outOfScope: true });
    expect(selectOperatingPoint(store.getState())).toMatchObject({ isDefault: false, point: { threshold: 4, falseNone: 0.05, catchRate: 0.9, exact: true } });

    store.getState().stepOodThreshold('curved', 'stricter'); // 4 → 2
    store.getState().stepOodThreshold('curved', 'stricter'); // the strict end: stays
    expect(oodThresholdOf(store.getState(), 'curved')).toBe(2);
    expect(selectOperatingPoint(store.getState())?.canStricter).toBe(false);

    store.getState().resetOodThreshold('curved');
    expect(oodThresholdOf(store.getState(), 'curved')).toBe(5);
    expect(store.getState().clip?.decision).toMatchObject({ label: 'cat', outOfScope: false });
  });
  it('a clip that finishes after the choice is decided at the chosen threshold', () => {
    const store = createReelscopeStore();
    store.getState().setPacks(oodPacks, 'curved');
    store.getState().stepOodThreshold('curved', 'looser'); // 5 → 7
    store.getState().startClip(running('curved'));
    store.getState().setHeads(1, [scored(6)]); // the pipeline decided at the manifest's 5
    expect(store.getState().clip?.decision).toMatchObject({ label: 'cat', ood: { threshold: 7 } });
    store.getState().updateClip(1, { ood: { method: 'm', score: 6, threshold: 5, outOfScope: true } });
    expect(store.getState().clip?.ood).toMatchObject({ threshold: 7, outOfScope: false });
  });
  it('a pack without a curve has no control and keeps its default threshold', () => {
    const store = createReelscopeStore();
    store.getState().setPacks(oodPacks, 'flat');
    expect(selectOperatingPoint(store.getState())).toBeNull();
    store.getState().stepOodThreshold('flat', 'stricter');
    expect(oodThresholdOf(store.getState(), 'flat')).toBe(5);
    expect(oodThresholdOf(store.getState(), 'nope')).toBeNull();
  });

  it('tells subscribers (batch, evaluation) when a pack’s threshold moves, and only then', () => {
    const store = createReelscopeStore();
    store.getState().setPacks(oodPacks, 'curved');
    const calls: [string, number][] = [];
    const stop = subscribeOodThreshold(store, (packId, threshold) => calls.push([packId, threshold]));
    store.getState().stepOodThreshold('curved', 'looser');
    store.getState().startClip(running('curved'));
    store.getState().stepOodThreshold('curved', 'looser'); // at the end: no move
    store.getState().resetOodThreshold('curved');
    stop();
    store.getState().stepOodThreshold('curved', 'stricter');
    expect(calls).toEqual([['curved', 7], ['curved', 5]]);
  });
});
