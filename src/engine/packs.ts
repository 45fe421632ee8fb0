// Loads the pack index and every manifest it lists, validated by the shared schema.
import { ReelscopeError } from '../pipeline/errors';
import { ManifestError, parsePackIndex, parsePackManifest, resolvePackPath } from '../pipeline/manifest';
import type { PackSummary } from '../store/types';

export interface LoadedPacks {
  packs: PackSummary[];
  defaultPack: string;
}

/** `modelsUrl`: absolute URL of the models folder, ending in "/" (e.g. https://host/models/). */
export async function loadPacks(modelsUrl: string, fetchJson: (url: string) => Promise<unknown> = fetchJsonStrict): Promise<LoadedPacks> {
  const indexUrl = `${modelsUrl}index.json`;
  try {
    const index = parsePackIndex(await fetchJson(indexUrl), indexUrl);
    const packs = await Promise.all(
      index.packs.map(async ({ id, manifest }) => {
        const manifestUrl = resolvePackPath(indexUrl, manifest);
        const parsed = parsePackManifest(await fetchJson(manifestUrl), manifestUrl);
        if (parsed.id !== id) throw new ManifestError(manifestUrl, [`id "${parsed.id}" differs from the index's "${id}"`]);
        return { id, manifest: parsed, source: { kind: 'served' as const, manifestUrl }, added: null };
      }),
    );
    return { packs, defaultPack: index.defaultPack };
  } catch (error) {
    if (error instanceof ReelscopeError) throw error;
    if (error instanceof ManifestError) throw new ReelscopeError('InvalidManifest', error.message, error.problems.join('\n'));
    throw new ReelscopeError('ModelLoadFailed', 'Could not load the model packs.', String(error));
  }
}

async function fetchJsonStrict(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new ReelscopeError('ModelLoadFailed', `Could not load ${url} (HTTP ${response.status}).`);
  return response.json();
}
