// Backbone features per clip view, keyed by the clip's content (sha256 of its bytes) and by what
// produced them (backbone, frame count, view, seed): teaching again, or teaching another set of
// classes from the same clips, decodes nothing twice. Kept in memory for the session, and in
// IndexedDB across sessions where the browser gives it; a persistent store that fails is set aside
// (and says why), and the session cache goes on.

export interface FeatureKeyParts {
  sha256: string;
  backboneId: string;
  frames: number;
  view: number;
  seed: number;
}

export function featureKey(p: FeatureKeyParts): string {
  return `${p.backboneId}/T${p.frames}/${p.sha256}/v${p.view}/s${p.seed}`;
}

/** Where features outlive the tab (IndexedDB in the browser). */
export interface PersistentFeatures {
  get(key: string): Promise<Float32Array | null>;
  put(key: string, features: Float32Array): Promise<void>;
}

export class FeatureCache {
  readonly #memory = new Map<string, Float32Array>();
  #persistent: PersistentFeatures | null;
  #persistentError: string | null = null;

  constructor(persistent: PersistentFeatures | null = null) {
    this.#persistent = persistent;
  }

  /** Why features are kept for this session only (the persistent store failed), or null. */
  get persistentError(): string | null {
    return this.#persistentError;
  }

  get size(): number {
    return this.#memory.size;
  }

  async get(key: string): Promise<Float32Array | null> {
    const held = this.#memory.get(key);
    if (held) return held;
    if (!this.#persistent) return null;
    try {
      const found = await this.#persistent.get(key);
      if (found) this.#memory.set(key, found);
      return found;
    } catch (error) {
      this.#setAside(error);
      return null;
    }
  }

  async put(key: string, features: Float32Array): Promise<void> {
    this.#memory.set(key, features);
    if (!this.#persistent) return;
    try {
      await this.#persistent.put(key, features);
    } catch (error) {
      this.#setAside(error);
    }
  }

  #setAside(error: unknown): void {
    this.#persistent = null;
    this.#persistentError = error instanceof Error ? error.message : String(error);
  }
}

const DB_NAME = 'reelscope-teach-features';
const STORE = 'features';

/** Features in IndexedDB, as raw float32 ArrayBuffers; null where the browser has no IndexedDB. */
export function indexedDbFeatures(factory: IDBFactory | undefined = globalThis.indexedDB): PersistentFeatures | null {
  if (!factory) return null;
  let opened: Promise<IDBDatabase> | null = null;
  const db = (): Promise<IDBDatabase> =>
    (opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
    }));
  const run = <T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> =>
    db().then(
      (database) =>
        new Promise<T>((resolve, reject) => {
          const request = work(database.transaction(STORE, mode).objectStore(STORE));
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
        }),
    );
  return {
    get: async (key) => {
      const buffer = await run<unknown>('readonly', (s) => s.get(key));
      return buffer instanceof ArrayBuffer ? new Float32Array(buffer) : null;
    },
    put: async (key, features) => {
      await run('readwrite', (s) => s.put(features.slice().buffer, key));
    },
  };
}
