// Every pack the app can run: the ones it ships (the models index) and the ones the user added
// (the browser's pack store). Adding a pack checks it all the way (manifest, files, sha256,
// quota, then every graph in the inference worker) before it is listed; removing one deletes its
// files; any pack can be exported as a .zip that adds back to the same pack.
import { ReelscopeError } from '../pipeline/errors';
import { fetchVerified } from '../pipeline/fetchVerified';
import { resolvePackPath, type FileRef } from '../pipeline/manifest';
import { verifySha256 } from '../pipeline/sha256';
import type { PackRef } from '../protocol/inference';
import type { PackStore, StoredPackRecord } from '../storage/packStore';
import type { PackSummary } from '../store/types';
import { planPackImport, type PackEntry, type PlannedFileSource } from './packImport';
import { loadPacks, type LoadedPacks } from './packs';
import { packZip } from './packZip';

export interface StorageEstimate {
  quota?: number;
  usage?: number;
}

export interface PackLibraryOptions {
  /** Absolute URL of the models folder, ending in "/". */
  modelsUrl: string;
  /** Where added packs are kept; null where the browser gives no storage (packs can then not be added). */
  store: PackStore | null;
  /** Opens every graph of a pack in the inference worker and checks it against the manifest. */
  verify: (pack: PackRef) => Promise<void>;
  /** navigator.storage.estimate(). */
  estimate: () => Promise<StorageEstimate>;
  /** Asks the browser not to evict the app's storage (navigator.storage.persist()); best effort. */
  persist?: () => Promise<unknown>;
  fetch?: typeof fetch;
}

export interface AddedPack {
  pack: PackSummary;
  /** The manifest's own id, when another pack had it and this one was added under a new id. */
  renamedFrom: string | null;
}

export class PackLibrary {
  readonly #options: PackLibraryOptions;
  #shipped: Promise<LoadedPacks> | null = null;
  #all: Promise<LoadedPacks> | null = null;
  /** Adds and removals run one at a time: each sees the store the previous one left. */
  #changes: Promise<unknown> = Promise.resolve();

  constructor(options: PackLibraryOptions) {
    this.#options = options;
  }

  /** Shipped packs, then added ones (oldest first); loaded once, again after a change or a failure. */
  list(): Promise<LoadedPacks> {
    this.#all ??= this.#load().catch((error: unknown) => {
      this.#all = null;
      throw error;
    });
    return this.#all;
  }

  async #load(): Promise<LoadedPacks> {
    const shipped = await this.#shippedPacks();
    const records = await this.#records();
    return { packs: [...shipped.packs, ...records.map(summaryOf)], defaultPack: shipped.defaultPack };
  }

  #shippedPacks(): Promise<LoadedPacks> {
    this.#shipped ??= loadPacks(this.#options.modelsUrl).catch((error: unknown) => {
      this.#shipped = null;
      throw error;
    });
    return this.#shipped;
  }

  /** The store's records; a store the browser will not open lists nothing (the shipped packs still work). */
  async #records(): Promise<StoredPackRecord[]> {
    if (!this.#options.store) return [];
    try {
      return await this.#options.store.records();
    } catch {
      return [];
    }
  }

  /** Adds the pack in `entries` (a folder's files or a zip's); `from` says where it came from, in words. */
  add(entries: readonly PackEntry[], from: string): Promise<AddedPack> {
    const run = this.#changes.then(() => this.#add(entries, from));
    this.#changes = run.catch(() => undefined);
    return run;
  }

  async #add(entries: readonly PackEntry[], from: string): Promise<AddedPack> {
    const store = this.#requireStore();
    const { packs } = await this.list();
    const shippedFiles = new Map<string, string>();
    for (const pack of packs) {
      if (pack.source.kind !== 'served') continue;
      for (const ref of pack.manifest.files) shippedFiles.set(ref.sha256, resolvePackPath(pack.source.manifestUrl, ref.path));
    }
    const plan = await planPackImport(entries, { shippedFiles, takenIds: new Set(packs.map((p) => p.id)) });

    const toWrite: typeof plan.files = [];
    for (const file of plan.files) if (!(await store.hasFile(file.ref.sha256))) toWrite.push(file);
    const needed = toWrite.reduce((sum, f) => sum + f.ref.bytes, 0);
    await this.#checkQuota(needed);
    void this.#options.persist?.().catch(() => undefined);

    const record: StoredPackRecord = { manifest: plan.manifest, addedAt: new Date().toISOString(), from, bytes: plan.bytes };
    try {
      for (const { ref, source } of toWrite) await store.putFile(ref.sha256, await this.#verifiedBytes(ref, source));
      await this.#options.verify({ manifest: plan.manifest, source: { kind: 'stored' } });
      await store.putRecord(record);
    } catch (error) {
      await store.collectGarbage().catch(() => undefined);
      throw isQuotaError(error) ? tooLarge(needed, null) : error;
    }
    this.#all = null;
    return { pack: summaryOf(record), renamedFrom: plan.renamedFrom };
  }

  /** How much storage the browser allows the app and how much it uses; empty where it will not say. */
  async estimate(): Promise<StorageEstimate> {
    try {
      return await this.#options.estimate();
    } catch {
      return {};
    }
  }

  /** Removes an added pack and the files no other pack uses. Shipped packs cannot be removed. */
  remove(packId: string): Promise<void> {
    const run = this.#changes.then(async () => {
      const pack = (await this.list()).packs.find((p) => p.id === packId);
      if (!pack) throw new ReelscopeError('ModelLoadFailed', `There is no pack "${packId}".`);
      if (!pack.added) throw new ReelscopeError('ModelLoadFailed', `Pack "${packId}" ships with the app and cannot be removed.`);
      await this.#requireStore().remove(packId);
      this.#all = null;
    });
    this.#changes = run.catch(() => undefined);
    return run;
  }

  /** The pack as a self-contained .zip (every file, the backbone included) and a file name for it. */
  async exportZip(packId: string): Promise<{ blob: Blob; fileName: string }> {
    const pack = (await this.list()).packs.find((p) => p.id === packId);
    if (!pack) throw new ReelscopeError('ModelLoadFailed', `There is no pack "${packId}".`);
    const blob = await packZip(pack.manifest, (ref) => this.#fileOf(pack, ref));
    return { blob, fileName: `${pack.id}.zip` };
  }

  async #fileOf(pack: PackSummary, ref: FileRef): Promise<Blob> {
    if (pack.source.kind === 'stored') return this.#requireStore().requireFile(ref);
    return new Blob([await this.#download(resolvePackPath(pack.source.manifestUrl, ref.path), ref)]);
  }

  #download(url: string, ref: FileRef): Promise<Uint8Array<ArrayBuffer>> {
    return fetchVerified(url, ref.sha256, this.#options.fetch);
  }

  async #verifiedBytes(ref: FileRef, source: PlannedFileSource): Promise<Uint8Array<ArrayBuffer>> {
    if (source.kind === 'shipped') return this.#download(source.url, ref);
    const bytes = new Uint8Array(await (await source.entry.blob()).arrayBuffer());
    return verifySha256(bytes, ref.sha256, `${ref.path} is not the file the manifest names: its sha256 differs.`);
  }

  async #checkQuota(needed: number): Promise<void> {
    const estimate = await this.estimate();
    if (estimate.quota === undefined) return; // no estimate: the writes themselves will say if the quota runs out
    const free = estimate.quota - (estimate.usage ?? 0);
    if (needed > free) throw tooLarge(needed, free);
  }

  #requireStore(): PackStore {
    if (!this.#options.store) throw new ReelscopeError('StorageUnavailable', 'This browser gives the app no storage for packs (no origin-private file system).');
    return this.#options.store;
  }
}

function summaryOf(record: StoredPackRecord): PackSummary {
  return {
    id: record.manifest.id,
    manifest: record.manifest,
    source: { kind: 'stored' },
    added: { addedAt: record.addedAt, from: record.from, bytes: record.bytes },
  };
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

function tooLarge(needed: number, free: number | null): ReelscopeError {
  return new ReelscopeError(
    'PackTooLarge',
    free === null
      ? `The pack (${mib(needed)} to store) does not fit in the storage this browser allows the app.`
      : `The pack needs ${mib(needed)} of storage, but this browser allows the app only ${mib(Math.max(0, free))} more.`,
  );
}

/** A write the browser refused for lack of quota. */
function isQuotaError(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'QuotaExceededError';
}
