// Where the inference worker reads a pack's files from: next to the manifest on the app's origin
// (shipped packs, through the service worker's cache), or from the browser's pack store (packs the
// user added). Either way the bytes are checked against the manifest's sha256 before use.
import { ReelscopeError } from '../../src/pipeline/errors';
import { resolvePackPath, type FileRef } from '../../src/pipeline/manifest';
import type { PackSource } from '../../src/protocol/inference';
import { PackStore } from '../../src/storage/packStore';
import { sha256Hex } from '../../src/pipeline/sha256';
import { fetchVerified } from './backend';

export type PackFileReader = (ref: FileRef) => Promise<Uint8Array>;

export function packFileReader(source: PackSource, store: PackStore = new PackStore()): PackFileReader {
  switch (source.kind) {
    case 'served':
      return (ref) => fetchVerified(resolvePackPath(source.manifestUrl, ref.path), ref.sha256);
    case 'stored':
      return async (ref) => {
        const file = await store.file(ref.sha256);
        if (!file) {
          throw new ReelscopeError('PackFileMissing', `This pack's file ${ref.path} is no longer in the browser's storage.`, `sha256 ${ref.sha256}`);
        }
        const bytes = new Uint8Array(await file.arrayBuffer());
        const actual = await sha256Hex(bytes);
        if (actual !== ref.sha256) {
          throw new ReelscopeError('ModelHashMismatch', `The stored copy of ${ref.path} is damaged.`, `sha256 ${actual}, expected ${ref.sha256}`);
        }
        return bytes;
      };
    default:
      return source satisfies never;
  }
}
