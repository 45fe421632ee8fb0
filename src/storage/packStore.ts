// The packs a user added, kept in the browser's origin-private file system (OPFS), which the
// main thread and the workers can both read and which survives reloads and works offline:
//   reelscope-packs/files/<sha256>   every file, once, under its content hash (packs share files)
//   reelscope-packs/packs/<id>.json  one record per pack: its manifest and where it came from
// A record is written only after all its files are, and files no record names are deleted, so a
// failed or interrupted add leaves nothing behind that a later one could mistake for a pack.
import { ReelscopeError } from '../pipeline/errors';
import type { FileRef, PackManifest } from '../pipeline/manifest';

export const PACK_STORE_DIR = 'reelscope-packs';

export interface StoredPackRecord {
  manifest: PackManifest;
  /** ISO time. */
  addedAt: string;
  /** Where it came from, in words ("folder my-pack", "zip my-pack.zip"). */
  from: string;
  bytes: number;
}

/** The part of FileSystemDirectoryHandle the store uses (OPFS in the browser). */
export interface StoreDirectory {
  getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<StoreDirectory>;
  getFileHandle(name: string, options?: { create?: boolean }): Promise<StoreFileHandle>;
  removeEntry(name: string): Promise<void>;
  keys(): AsyncIterableIterator<string>;
}

export interface StoreFileHandle {
  getFile(): Promise<File>;
  createWritable(): Promise<{ write(data: Blob | BufferSource | string): Promise<void>; close(): Promise<void>; abort(): Promise<void> }>;
}

export function opfsRoot(): Promise<StoreDirectory> {
  if (!navigator.storage?.getDirectory) {
    return Promise.reject(new Error('this browser has no origin-private file system (navigator.storage.getDirectory)'));
  }
  return navigator.storage.getDirectory() as unknown as Promise<StoreDirectory>;
}

export class PackStore {
  readonly #root: () => Promise<StoreDirectory>;

  constructor(root: () => Promise<StoreDirectory> = opfsRoot) {
    this.#root = root;
  }

  async #dir(name: 'files' | 'packs'): Promise<StoreDirectory> {
    const base = await (await this.#root()).getDirectoryHandle(PACK_STORE_DIR, { create: true });
    return base.getDirectoryHandle(name, { create: true });
  }

  async records(): Promise<StoredPackRecord[]> {
    const dir = await this.#dir('packs');
    const records: StoredPackRecord[] = [];
    for await (const name of dir.keys()) {
      if (!name.endsWith('.json')) continue;
      const file = await (await dir.getFileHandle(name)).getFile();
      records.push(JSON.parse(await file.text()) as StoredPackRecord);
    }
    return records.sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.manifest.id.localeCompare(b.manifest.id));
  }

  async hasFile(sha256: string): Promise<boolean> {
    try {
      await (await this.#dir('files')).getFileHandle(sha256);
      return true;
    } catch {
      return false;
    }
  }

  /** The stored bytes of a file, or null if the store has no file with this hash. */
  async file(sha256: string): Promise<File | null> {
    try {
      return await (await (await this.#dir('files')).getFileHandle(sha256)).getFile();
    } catch {
      return null;
    }
  }

  /** The stored file a pack lists; PackFileMissing when the store no longer has it. */
  async requireFile(ref: FileRef): Promise<File> {
    const file = await this.file(ref.sha256);
    if (!file) throw new ReelscopeError('PackFileMissing', `This pack's file ${ref.path} is no longer in the browser's storage.`, `sha256 ${ref.sha256}`);
    return file;
  }

  async putFile(sha256: string, data: Blob | Uint8Array): Promise<void> {
    await write(await this.#dir('files'), sha256, data);
  }

  async putRecord(record: StoredPackRecord): Promise<void> {
    await write(await this.#dir('packs'), `${record.manifest.id}.json`, JSON.stringify(record));
  }

  /** Deletes a pack's record, then every file no remaining record names. */
  async remove(packId: string): Promise<void> {
    await (await this.#dir('packs')).removeEntry(`${packId}.json`).catch(() => undefined);
    await this.collectGarbage();
  }

  /** Deletes the files no record names (left by a removed pack, or an add that failed part-way). */
  async collectGarbage(): Promise<void> {
    const named = new Set((await this.records()).flatMap((r) => r.manifest.files.map((f) => f.sha256)));
    const files = await this.#dir('files');
    const orphans: string[] = [];
    for await (const name of files.keys()) if (!named.has(name)) orphans.push(name);
    for (const name of orphans) await files.removeEntry(name).catch(() => undefined);
  }
}

async function write(dir: StoreDirectory, name: string, data: Blob | Uint8Array | string): Promise<void> {
  const writable = await (await dir.getFileHandle(name, { create: true })).createWritable();
  try {
    await writable.write(data as Blob);
    await writable.close();
  } catch (error) {
    await writable.abort().catch(() => undefined);
    throw error;
  }
}
