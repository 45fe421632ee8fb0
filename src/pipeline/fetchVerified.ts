// Downloading a model file from the app's origin: keyed by its sha256 (the service worker caches it
// under that key) and checked against it. Used by the inference worker and by the pack library.
import { ReelscopeError } from './errors';
import { contentKeyedUrl } from './manifest';
import { verifySha256 } from './sha256';

/**
 * One retry after a failure of the network layer itself (fetch's TypeError). Chromium fails a
 * download with ERR_CACHE_WRITE_FAILURE when another request writes the same HTTP cache entry at
 * once (the inference worker warming a pack while the library copies its backbone); the second
 * try reads what the first one wrote.
 */
const NETWORK_TRIES = 2;

export async function fetchVerified(url: string, sha256: string, fetchFn: typeof fetch = fetch): Promise<Uint8Array<ArrayBuffer>> {
  let bytes: Uint8Array<ArrayBuffer> | null = null;
  for (let attempt = 1; bytes === null; attempt++) {
    try {
      const response = await fetchFn(contentKeyedUrl(url, sha256));
      if (!response.ok) throw new ReelscopeError('ModelLoadFailed', `Could not download model file ${url} (HTTP ${response.status}).`);
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      if (error instanceof ReelscopeError) throw error;
      if (globalThis.navigator?.onLine === false) {
        throw new ReelscopeError('PackNotDownloaded', `This pack has not been downloaded yet and the device is offline (${url}).`, String(error));
      }
      if (attempt >= NETWORK_TRIES) throw new ReelscopeError('ModelLoadFailed', `Could not download model file ${url}.`, String(error));
    }
  }
  return verifySha256(bytes, sha256, `Model file ${url} is not the one the manifest names.`);
}
