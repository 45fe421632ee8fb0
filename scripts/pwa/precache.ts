// What the service worker precaches besides the built app (docs/offline.md): the default pack's
// files, each under the sha256-keyed URL the inference worker fetches it by (contentKeyedUrl), so
// the precache answers exactly the requests the app makes and a new file version is a new entry.
import { contentKeyedUrl, parsePackIndex, parsePackManifest, resolvePackPath } from '../../src/pipeline/manifest.ts';

export interface PrecacheEntry {
  url: string;
  /** null: the URL itself names the content (Workbox then never re-fetches it). */
  revision: null;
}

/** The pack index as the app fetches it, relative to the app's root. */
export const PACK_INDEX_PATH = 'models/index.json';

/** `readJson(path)`: a file of the built app's root (public/ or dist/), parsed. */
export function defaultPackPrecache(readJson: (path: string) => unknown): PrecacheEntry[] {
  const index = parsePackIndex(readJson(PACK_INDEX_PATH), PACK_INDEX_PATH);
  const entry = index.packs.find((p) => p.id === index.defaultPack)!; // parsePackIndex checked it is listed
  const manifestPath = resolvePackPath(PACK_INDEX_PATH, entry.manifest);
  const manifest = parsePackManifest(readJson(manifestPath), manifestPath);
  return manifest.files.map((file) => ({ url: contentKeyedUrl(resolvePackPath(manifestPath, file.path), file.sha256), revision: null }));
}
