// The Teach controller with a fake backbone and a fake teach worker: features are extracted once per
// view and content (the cache answers the second run), an unreadable clip is marked and left out,
// groups travel as sources, progress becomes a curve, and saving adds the pack and selects it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TeachService } from '../../../src/clients/teachClient';
import { planPackImport, type PackEntry } from '../../../src/engine/packImport';
import { packEntries, TeachController, type TeachDeps } from '../../../src/features/teach/controller';
import { FeatureCache } from '../../../src/features/teach/featureCache';
import { ReelscopeError } from '../../../src/pipeline/errors';
import { parsePackManifest } from '../../../src/pipeline/manifest';
import type { ClipSample } from '../../../src/protocol/decode';
import type { PackRef } from '../../../src/protocol/inference';
import type { TeachClipFeatures, TeachOutcome, TeachProgress, TeachSpec } from '../../../src/protocol/teach';

const ROOT = join(__dirname, '../../..');
const shipped = parsePackManifest(JSON.parse(readFileSync(join(ROOT, 'public/models/ucf101-6/manifest.json'), 'utf8')));
const basePack: PackRef = { manifest: shipped, source: { kind: 'served', manifestUrl: 'http://app/models/ucf101-6/manifest.json' } };
const T = shipped.input.frames;
const D = shipped.backbone.featureDim;

const file = (name: string, body = name) => new File([body], name);

function fakeTeacher(calls: { spec: TeachSpec; clips: TeachClipFeatures[] }[]): TeachService {
  return {
    async teach(spec, clips, onProgress: (p: TeachProgress) => void, signal) {
      calls.push({ spec, clips });
      for (let f = 0; f < 2; f++) for (let e = 1; e <= 3; e++) onProgress({ phase: 'validate', head: 'ssm', fold: f, folds: 2, epoch: e, epochs: 3, loss: 1 / e, trainAccuracy: e / 3 });
      if (signal?.aborted) throw new DOMException('cancelled', 'AbortError');
      onProgress({ phase: 'train', head: 'ssm', epoch: 1, epochs: 1, loss: 0.5, trainAccuracy: 1 });
      onProgress({ phase: 'export' });
      const outcome: TeachOutcome = {
        manifest: { ...shipped, id: spec.packId, title: spec.title, labels: spec.labels },
        files: [{ path: 'ssm.seq.onnx', bytes: new Uint8Array([1, 2, 3]).buffer }],
        scores: [],
        warnings: ['"B" has only 1 clip; add more for a useful head'],
        oodThreshold: 10,
        timings: { validateMs: 1, trainMs: 1, exportMs: 1 },
        backend: 'cpu',
      };
      return outcome;
    },
  };
}

function setup(overrides: Partial<TeachDeps> = {}) {
  const extracted: { name: string; sample: ClipSample }[] = [];
  const calls: { spec: TeachSpec; clips: TeachClipFeatures[] }[] = [];
  const added: { entries: PackEntry[]; from: string }[] = [];
  const selected: string[] = [];
  const exported: string[] = [];
  const controller = new TeachController({
    basePack: async () => basePack,
    features: async (_pack, f, sample) => {
      if (f.name.startsWith('broken')) throw new ReelscopeError('NotAVideo', 'not a video');
      extracted.push({ name: f.name, sample });
      return new Float32Array(T * D).fill(sample.view);
    },
    teacher: () => fakeTeacher(calls),
    addPack: async (entries, from) => {
      added.push({ entries, from });
      return { packId: 'taught-my-classes' };
    },
    packAdded: async (id) => void selected.push(id),
    exportZip: async (id) => void exported.push(id),
    cache: new FeatureCache(),
    ...overrides,
  });
  return { controller, extracted, calls, added, selected, exported };
}

describe('TeachController', () => {
  it('refuses to train without two named classes with clips, in words', async () => {
    const { controller, calls } = setup();
    controller.addClass('A');
    await controller.train();
    expect(controller.store.getState().error).toMatchObject({ code: 'TooFewClips' });
    expect(controller.store.getState().error!.message).toMatch(/at least two classes/);
    expect(calls).toHaveLength(0);
  });

  it('extracts every view once, passes groups as sources, and answers a second run from the cache', async () => {
    const { controller, extracted, calls } = setup();
    controller.setViews(2);
    const a = controller.addClass('A');
    const b = controller.addClass('B');
    controller.addClips(a, [
      { file: file('v_A_g08_c01.avi'), path: 'A/v_A_g08_c01.avi' },
      { file: file('v_A_g09_c01.avi'), path: 'A/v_A_g09_c01.avi' },
    ]);
    controller.addClips(a, [{ file: file('v_A_g08_c01.avi'), path: 'A/v_A_g08_c01.avi' }]); // the same again: ignored
    controller.addClips(b, [{ file: file('mine.mp4'), path: 'mine.mp4' }]);
    const rows = controller.store.getState().clips;
    expect(rows.map((r) => r.group)).toEqual(['g08', 'g09', 'mine']);
    controller.setGroup(rows[2]!.id, ' session 1 ');

    await controller.train();
    const s = controller.store.getState();
    expect(s.error).toBeNull();
    expect(s.phase).toBe('trained');
    expect(extracted).toHaveLength(6); // 3 clips × 2 views
    expect(extracted.filter((e) => e.name === 'mine.mp4').map((e) => e.sample.view)).toEqual([0, 1]);
    const seeds = new Set(extracted.filter((e) => e.name === 'mine.mp4').map((e) => e.sample.seed));
    expect(seeds.size).toBe(1); // one seed per clip, derived from its content
    expect(calls[0]!.spec).toMatchObject({ labels: ['A', 'B'], frames: T, featureDim: D, packId: 'taught-my-classes' });
    expect(calls[0]!.clips.map((c) => [c.label, c.source, c.views.length])).toEqual([[0, 'g08', 2], [0, 'g09', 2], [1, 'session 1', 2]]);
    expect(s.features).toEqual({ done: 6, total: 6 });
    expect(s.curve.length).toBeGreaterThan(0);
    expect(s.segments.done).toBe(s.segments.total);
    expect(s.score).toMatchObject({ clips: 3, sources: 3, views: 2, timings: { extractedViews: 6, cachedViews: 0 } });
    expect(s.score!.warnings).toContain('"B" has only 1 clip; add more for a useful head');

    controller.renameClass(b, 'Bee'); // a change makes the score stale
    expect(controller.store.getState()).toMatchObject({ phase: 'idle', score: null });
    await controller.train();
    expect(extracted).toHaveLength(6); // nothing decoded twice
    expect(controller.store.getState().score!.timings).toMatchObject({ extractedViews: 0, cachedViews: 6 });
    expect(calls[1]!.spec.labels).toEqual(['A', 'Bee']);
  });

  it('marks a clip that cannot be read with its error, leaves it out and says so', async () => {
    const { controller, calls } = setup();
    controller.setViews(1);
    const a = controller.addClass('A');
    const b = controller.addClass('B');
    controller.addClips(a, [{ file: file('a1.mp4'), path: 'a1.mp4' }, { file: file('broken.mp4'), path: 'broken.mp4' }]);
    controller.addClips(b, [{ file: file('b1.mp4'), path: 'b1.mp4' }]);
    await controller.train();
    const s = controller.store.getState();
    expect(s.clips.find((c) => c.name === 'broken.mp4')).toMatchObject({ status: 'failed', error: { code: 'NotAVideo' } });
    expect(calls[0]!.clips).toHaveLength(2);
    expect(s.score!.warnings.some((w) => w.includes('broken.mp4'))).toBe(true);
  });

  it('a class whose every clip fails is TooFewClips, and the app keeps working', async () => {
    const { controller } = setup();
    controller.setViews(1);
    const a = controller.addClass('A');
    const b = controller.addClass('B');
    controller.addClips(a, [{ file: file('a1.mp4'), path: 'a1.mp4' }]);
    controller.addClips(b, [{ file: file('broken.mp4'), path: 'broken.mp4' }]);
    await controller.train();
    expect(controller.store.getState()).toMatchObject({ phase: 'idle', error: { code: 'TooFewClips' } });
  });

  it('an error that is not the file’s (no model, a crashed worker) stops the run with its own code', async () => {
    const { controller, calls } = setup({
      features: async () => Promise.reject(new ReelscopeError('ModelLoadFailed', 'no backbone')),
    });
    const a = controller.addClass('A');
    const b = controller.addClass('B');
    controller.addClips(a, [{ file: file('a1.mp4'), path: 'a1.mp4' }]);
    controller.addClips(b, [{ file: file('b1.mp4'), path: 'b1.mp4' }]);
    await controller.train();
    expect(controller.store.getState()).toMatchObject({ phase: 'idle', error: { code: 'ModelLoadFailed' } });
    expect(controller.store.getState().clips.map((c) => c.status)).toEqual(['new', 'new']);
    expect(calls).toHaveLength(0);
  });

  it('cancel stops the run without an error', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const { controller } = setup({
      features: async (_p, _f, _s, signal) => {
        await gate;
        if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
        return new Float32Array(T * D);
      },
    });
    const a = controller.addClass('A');
    const b = controller.addClass('B');
    controller.addClips(a, [{ file: file('a1.mp4'), path: 'a1.mp4' }]);
    controller.addClips(b, [{ file: file('b1.mp4'), path: 'b1.mp4' }]);
    const run = controller.train();
    await new Promise((r) => setTimeout(r, 0));
    expect(controller.store.getState().phase).toBe('extracting');
    controller.cancel();
    release();
    await run;
    const s = controller.store.getState();
    expect(s).toMatchObject({ phase: 'idle', error: null });
    expect(s.clips.every((c) => c.status === 'new')).toBe(true);
  });

  it('saves the taught pack through the library and selects it', async () => {
    const { controller, added, selected, exported } = setup();
    controller.setViews(1);
    const a = controller.addClass('A');
    const b = controller.addClass('B');
    controller.addClips(a, [{ file: file('a1.mp4'), path: 'a1.mp4' }]);
    controller.addClips(b, [{ file: file('b1.mp4'), path: 'b1.mp4' }]);
    expect(await controller.save()).toBeNull(); // nothing taught yet
    await controller.train();
    expect(await controller.save()).toBe('taught-my-classes');
    expect(added[0]!.entries.map((e) => e.path)).toEqual(['manifest.json', 'ssm.seq.onnx']);
    expect(selected).toEqual(['taught-my-classes']);
    expect(controller.store.getState()).toMatchObject({ phase: 'saved', savedPackId: 'taught-my-classes' });
    await controller.exportZip();
    expect(exported).toEqual(['taught-my-classes']);
  });

  it('a failed save shows its error and keeps the taught pack for another try', async () => {
    const { controller } = setup({ addPack: async () => Promise.reject(new ReelscopeError('StorageUnavailable', 'no OPFS')) });
    controller.setViews(1);
    const a = controller.addClass('A');
    const b = controller.addClass('B');
    controller.addClips(a, [{ file: file('a1.mp4'), path: 'a1.mp4' }]);
    controller.addClips(b, [{ file: file('b1.mp4'), path: 'b1.mp4' }]);
    await controller.train();
    expect(await controller.save()).toBeNull();
    expect(controller.store.getState()).toMatchObject({ phase: 'trained', error: { code: 'StorageUnavailable' } });
  });
});

describe('TeachController.record', () => {
  it('adds the webcam recording to the class as its own group, and says why the camera failed', async () => {
    let calls = 0;
    const { controller } = setup({
      record: async (seconds) => {
        calls++;
        if (calls === 2) throw new ReelscopeError('CameraUnavailable', 'camera permission was denied');
        expect(seconds).toBe(4);
        return file('recording-2026-12-02T16-20-05.webm');
      },
    });
    expect(controller.canRecord).toBe(true);
    const a = controller.addClass('A');
    const recording = controller.record(a);
    expect(controller.store.getState().recordingClassId).toBe(a);
    await recording;
    expect(controller.store.getState().clips).toMatchObject([{ classId: a, name: 'recording-2026-12-02T16-20-05.webm', group: 'recording-2026-12-02T16-20-05' }]);
    await controller.record(a);
    expect(controller.store.getState()).toMatchObject({ recordingClassId: null, error: { code: 'CameraUnavailable' } });
  });

  it('is not offered without a recorder', () => {
    expect(setup().controller.canRecord).toBe(false);
  });
});

describe('packEntries', () => {
  it('is a pack folder the import planner reads: manifest.json and the graphs, sizes matching', async () => {
    const outcome = { manifest: shipped, files: [{ path: 'ssm.seq.onnx', bytes: new Uint8Array(5).buffer }] } as unknown as TeachOutcome;
    const entries = packEntries(outcome);
    expect(entries.map((e) => [e.path, e.size])).toEqual([
      ['manifest.json', entries[0]!.size],
      ['ssm.seq.onnx', 5],
    ]);
    expect(JSON.parse(await (await entries[0]!.blob()).text())).toMatchObject({ id: 'ucf101-6' });
    // The shipped manifest's "../backbones" paths are refused in an added pack: recipe.portableTemplate moves them.
    await expect(planPackImport(entries, { shippedFiles: new Map(), takenIds: new Set() })).rejects.toMatchObject({ code: 'InvalidManifest' });
  });
});
