import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Engine } from '../../src/engine/engine';
import type { ClipReporter } from '../../src/engine/classifyClip';
import { scriptedWorkers, ucfManifest } from './scriptedWorkers';

const MODELS = 'http://app/models/';
const silent: ClipReporter = { backend: () => undefined, metadata: () => undefined, progress: () => undefined, frame: () => undefined };
const file = (name = 'clip.mp4') => new File(['x'], name);

/** Serves public/models/*.json as the app's origin would; counts the fetches. */
function serveModels() {
  const fetched: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    fetched.push(url);
    const path = join(__dirname, '../../public/models', url.slice(MODELS.length));
    return new Response(readFileSync(path), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return fetched;
}

function engine(workers = scriptedWorkers(), concurrency = 1) {
  return new Engine({
    workers: workers.spawner,
    modelsUrl: MODELS,
    preference: () => 'wasm',
    concurrency,
    selectedPackId: () => ucfManifest.id,
    oodThreshold: () => null,
    storage: { store: null, estimate: async () => ({}) },
  });
}

describe('Engine', () => {
  let fetched: string[];
  beforeEach(() => {
    fetched = serveModels();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('loads the packs once for every screen, and again only after a failure', async () => {
    const e = engine();
    const [a, b] = await Promise.all([e.loadPacks(), e.loadPacks()]);
    expect(a).toBe(b);
    await e.loadPacks();
    expect(fetched.filter((u) => u.endsWith('index.json'))).toHaveLength(1);
    expect(a.packs.map((p) => p.id)).toContain(ucfManifest.id);
  });

  it('runs the single clip, the queue and the frame scorer on one inference worker and a bounded set of decoders', async () => {
    const workers = scriptedWorkers();
    const e = engine(workers, 1);
    const { packs } = await e.loadPacks();
    const pack = packs.find((p) => p.id === ucfManifest.id)!;
    const signal = new AbortController().signal;
    const single = e.classify({ file: file(), pack, preference: 'wasm', signal, thumbnails: false }, silent);
    const ids = e.jobs.add([{ file: file('a.mp4') }, { file: file('b.mp4') }, { file: file('c.mp4') }], () => undefined);
    await e.prepare(pack);
    const scored = e.scoreFrames(pack, file('m.mp4'), 6, signal, { frame: () => undefined });
    const outcome = await single;
    await e.jobs.settled(ids);
    await scored;
    await e.realtime();
    expect(outcome.frames).toHaveLength(ucfManifest.input.frames);
    expect(outcome.heads.map((h) => h.headId)).toEqual(ucfManifest.heads.map((h) => h.id));
    expect(workers.inferences).toHaveLength(1);
    expect(workers.decoders.length).toBeLessThanOrEqual(2);
    expect(ids.map((id) => e.jobs.status(id))).toEqual(['done', 'done', 'done']);
  });

  it('warms up while the user chooses a file: the pack’s sessions open and ffmpeg loads in one decoder', async () => {
    const workers = scriptedWorkers();
    const e = engine(workers);
    const pack = (await e.loadPacks()).packs.find((p) => p.id === ucfManifest.id)!;
    await e.warmUp(pack);
    expect(workers.inferences[0]!.count('prepare')).toBe(1);
    expect(workers.decoders).toHaveLength(1);
    expect(workers.decoders[0]!.count('load')).toBe(1);
    await e.classify({ file: file(), pack, preference: 'wasm', signal: new AbortController().signal, thumbnails: false }, silent);
    expect(workers.decoders).toHaveLength(1);
  });

  it('gives the queue a summary decided at the user’s operating point, on the pack asked for', async () => {
    const e = new Engine({
      workers: scriptedWorkers().spawner,
      modelsUrl: MODELS,
      preference: () => 'wasm',
      concurrency: 1,
      selectedPackId: () => 'no-such-pack',
      oodThreshold: () => -1,
      storage: { store: null, estimate: async () => ({}) },
    });
    await expect(e.summarize(file(), { signal: new AbortController().signal })).rejects.toMatchObject({ code: 'ModelLoadFailed' });
    const summary = await e.summarize(file(), { signal: new AbortController().signal, packId: ucfManifest.id });
    expect(summary.packId).toBe(ucfManifest.id);
    expect(summary.oodThreshold).toBe(-1);
    expect(summary.heads.every((h) => h.outOfScope)).toBe(true);
  });

  it('replaces a crashed inference worker, and starts another for a different thread count', async () => {
    const workers = scriptedWorkers();
    const e = engine(workers);
    await e.configure();
    workers.inferences[0]!.crash();
    await e.configure();
    expect(workers.inferences).toHaveLength(2);
    const { packs } = await e.loadPacks();
    const pack = packs.find((p) => p.id === ucfManifest.id)!;
    const signal = new AbortController().signal;
    await e.classify({ file: file(), pack, preference: 'wasm', signal, thumbnails: false, overrides: { threads: 1 } }, silent);
    expect(workers.inferences).toHaveLength(3);
    expect(workers.inferences[1]!.terminated).toBe(true);
    await e.realtime();
    expect(workers.inferences).toHaveLength(3);
    e.dispose();
    expect(workers.inferences[2]!.terminated).toBe(true);
    expect(workers.decoders.every((d) => d.terminated)).toBe(true);
  });
});
