// Where the inference worker reads a pack's files from: next to the manifest on the app's origin
// (shipped packs, through the service worker's cache), or from the browser's pack store (packs the
// user added). Either way the bytes are checked against the manifest's sha256 before use.
import { resolvePackPath, type FileRef } from '../../src/pipeline/manifest';
import type { PackSource } from '../../src/protocol/inference';
import { PackStore } from '../../src/storage/packStore';
import { fetchVerified } from '../../src/pipeline/fetchVerified';
import { verifySha256 } from '../../src/pipeline/sha256';

export type PackFileReader = (ref: FileRef) => Promise<Uint8Array>;

export function packFileReader(source: PackSource, store: PackStore = new PackStore()): PackFileReader {
  switch (source.kind) {
    case 'served':
      return (ref) => fetchVerified(resolvePackPath(source.manifestUrl, ref.path), ref.sha256);
    case 'stored':
      return async (ref) => {
        const file = await store.requireFile(ref);
        return verifySha256(new Uint8Array(await file.arrayBuffer()), ref.sha256, `The stored copy of ${ref.path} is damaged.`);
      };
    default:
      return source satisfies never;
  }
}
