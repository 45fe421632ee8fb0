// An origin-private file system in memory: the part of FileSystemDirectoryHandle PackStore uses,
// with OPFS's behaviour where it matters (a missing name throws NotFoundError; a write lands on close).
import type { StoreDirectory, StoreFileHandle } from '../../../src/storage/packStore';

const notFound = (name: string) => Object.assign(new Error(`${name} was not found`), { name: 'NotFoundError' });

export class MemoryDirectory implements StoreDirectory {
  readonly dirs = new Map<string, MemoryDirectory>();
  readonly files = new Map<string, Uint8Array<ArrayBuffer>>();

  async getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<StoreDirectory> {
    let dir = this.dirs.get(name);
    if (!dir) {
      if (!options?.create) throw notFound(name);
      dir = new MemoryDirectory();
      this.dirs.set(name, dir);
    }
    return dir;
  }

  async getFileHandle(name: string, options?: { create?: boolean }): Promise<StoreFileHandle> {
    if (!this.files.has(name)) {
      if (!options?.create) throw notFound(name);
      this.files.set(name, new Uint8Array(0));
    }
    return {
      getFile: async () => new File([this.files.get(name)!], name),
      createWritable: async () => {
        const parts: Uint8Array<ArrayBuffer>[] = [];
        return {
          write: async (data) => {
            parts.push(typeof data === 'string' ? new TextEncoder().encode(data) : data instanceof Blob ? new Uint8Array(await data.arrayBuffer()) : new Uint8Array(data as ArrayBuffer).slice());
          },
          close: async () => {
            this.files.set(name, new Uint8Array(await new Blob(parts).arrayBuffer()));
          },
          abort: async () => undefined,
        };
      },
    };
  }

  async removeEntry(name: string): Promise<void> {
    if (!this.files.delete(name) && !this.dirs.delete(name)) throw notFound(name);
  }

  async *keys(): AsyncIterableIterator<string> {
    yield* [...this.dirs.keys(), ...this.files.keys()];
  }
}
