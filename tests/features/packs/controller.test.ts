// The Packs screen's controller on the real pack library and pack store (over an in-memory OPFS),
// with the shipped ucf101-6 pack served from public/models: export → add back, the renamed id,
// the selection, removal and garbage collection, and failures kept as state with nothing left behind.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PackLibrary, type StorageEstimate } from '../../../src/engine/packLibrary';
import { PacksController, describePick } from '../../../src/features/packs/controller';
import { PackStore, PACK_STORE_DIR } from '../../../src/storage/packStore';
import { createReelscopeStore } from '../../../src/store/store';
import { MemoryDirectory } from './memoryDirectory';
import { ReelscopeError } from '../../../src/pipeline/errors';
import type { PackRef } from '../../../src/protocol/inference';

const MODELS = 'http://app/models/';

/** Serves public/models as the app's origin would (the query string that keys a file by sha256 ignored). */
function serveModels() {
  vi.stubGlobal('fetch', async (url: string) => {
    const path = join(__dirname, '../../../public/models', new URL(url).pathname.slice('/models/'.length));
    return new Response(readFileSync(path), { status: 200 });
  });
}

function setup(options: { verify?: (pack: PackRef) => Promise<void>; estimate?: () => Promise<StorageEstimate>; store?: boolean } = {}) {
  const root = new MemoryDirectory();
  const verified: PackRef[] = [];
  const library = new PackLibrary({
    modelsUrl: MODELS,
    store: options.store === false ? null : new PackStore(async () => root),
    verify: options.verify ?? (async (pack) => void verified.push(pack)),
    estimate: options.estimate ?? (async () => ({ quota: 2 ** 30, usage: 0 })),
  });
  const app = createReelscopeStore();
  const saved: { blob: Blob; fileName: string }[] = [];
  const packs = new PacksController(app, library, { save: (blob, fileName) => saved.push({ blob, fileName }) });
  const storedFiles = () => [...((root.dirs.get(PACK_STORE_DIR)?.dirs.get('files')?.files.keys()) ?? [])];
  return { app, packs, saved, verified, storedFiles };
}

const zipPick = (blob: Blob, name: string) => [{ file: new File([blob], name), path: name }];

describe('PacksController', () => {
  beforeEach(serveModels);
  afterEach(() => vi.unstubAllGlobals());

  it('exports a shipped pack as a zip that adds back under a new id, selected, kept in the store; removing it frees its files', async () => {
    const { app, packs, saved, verified, storedFiles } = setup();
    expect(await packs.refresh()).toBe(true);
    expect(app.getState().selectedPackId).toBe('ucf101-6');

    await packs.exportZip('ucf101-6');
    expect(saved.map((s) => s.fileName)).toEqual(['ucf101-6.zip']);
    await packs.add(zipPick(saved[0]!.blob, 'ucf101-6.zip'));

    expect(packs.store.getState()).toMatchObject({ busy: null, failure: null, added: { packId: 'ucf101-6-2', renamedFrom: 'ucf101-6' } });
    const added = app.getState().packs.find((p) => p.id === 'ucf101-6-2')!;
    expect(added.added).toMatchObject({ from: 'zip ucf101-6.zip' });
    expect(added.source).toEqual({ kind: 'stored' });
    expect(app.getState().selectedPackId).toBe('ucf101-6-2');
    expect(verified.map((p) => p.manifest.id)).toEqual(['ucf101-6-2']); // every graph checked before it was listed
    expect(storedFiles().sort()).toEqual(added.manifest.files.map((f) => f.sha256).sort());

    // An added pack exports too, from the store, and the zip holds the same files.
    await packs.exportZip('ucf101-6-2');
    expect(saved[1]!.fileName).toBe('ucf101-6-2.zip');
    expect(saved[1]!.blob.size).toBeGreaterThan(0.9 * saved[0]!.blob.size);

    await packs.remove('ucf101-6-2');
    expect(app.getState().packs.map((p) => p.id)).not.toContain('ucf101-6-2');
    expect(app.getState().selectedPackId).toBe('ucf101-6'); // back to the default
    expect(packs.store.getState().added).toBeNull();
    expect(storedFiles()).toEqual([]);
  });

  it('keeps a failed add as state, stores nothing, and the next add works', async () => {
    let refuse = true;
    const { app, packs, saved, storedFiles } = setup({
      verify: async () => {
        if (refuse) throw new ReelscopeError('PackGraphMismatch', 'ssm.seq.onnx: the graph has no input "feats", which the manifest names.');
      },
    });
    await packs.refresh();
    await packs.exportZip('ucf101-6');
    await packs.add(zipPick(saved[0]!.blob, 'mine.zip'));
    expect(packs.store.getState()).toMatchObject({ busy: null, added: null, failure: { subject: 'mine.zip', error: { code: 'PackGraphMismatch' } } });
    expect(storedFiles()).toEqual([]);
    expect(app.getState().packs.map((p) => p.id)).toEqual(['ucf101-6', 'imagenet', 'moderation']);

    await packs.add([{ file: new File(['not a zip'], 'broken.zip'), path: 'broken.zip' }]);
    expect(packs.store.getState().failure?.error.code).toBe('NotAPack');

    refuse = false;
    await packs.add(zipPick(saved[0]!.blob, 'mine.zip'));
    expect(packs.store.getState()).toMatchObject({ failure: null, added: { packId: 'ucf101-6-2' } });
  });

  it('refuses a pack larger than the quota left, and any add where the browser gives no storage', async () => {
    const small = setup({ estimate: async () => ({ quota: 30 * 2 ** 20, usage: 25 * 2 ** 20 }) });
    await small.packs.refresh();
    await small.packs.exportZip('ucf101-6');
    await small.packs.add(zipPick(small.saved[0]!.blob, 'big.zip'));
    expect(small.packs.store.getState().failure?.error).toMatchObject({ code: 'PackTooLarge' });
    expect(small.packs.store.getState().failure?.error.message).toMatch(/needs [\d.]+ MiB of storage, but this browser allows the app only 5\.0 MiB more/);
    expect(small.storedFiles()).toEqual([]);

    const none = setup({ store: false });
    await none.packs.refresh();
    await none.packs.add(zipPick(small.saved[0]!.blob, 'big.zip'));
    expect(none.packs.store.getState().failure?.error.code).toBe('StorageUnavailable');
  });

  it('refuses to remove a shipped pack', async () => {
    const { app, packs } = setup();
    await packs.refresh();
    await packs.remove('imagenet');
    expect(packs.store.getState().failure?.error.message).toMatch(/ships with the app/);
    expect(app.getState().packs.map((p) => p.id)).toContain('imagenet');
  });
});

describe('describePick', () => {
  const pick = (path: string) => ({ file: new File([''], path.split('/').pop()!), path });
  it('names a zip, a folder, or loose files', () => {
    expect(describePick([pick('my-pack.zip')])).toEqual({ subject: 'my-pack.zip', from: 'zip my-pack.zip' });
    expect(describePick([pick('my-pack/manifest.json'), pick('my-pack/ssm.seq.onnx')])).toEqual({ subject: 'my-pack', from: 'folder my-pack' });
    expect(describePick([pick('manifest.json'), pick('ssm.seq.onnx')])).toEqual({ subject: '2 files', from: '2 files' });
  });
});
