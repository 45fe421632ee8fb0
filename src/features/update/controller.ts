// "Reload to update": the service worker's lifecycle as state the shell renders. A new version
// installs in the background and waits; the user's click activates it (skipWaiting) and reloads,
// so a page never runs one version's code against another's cached files.
import { createStore, type StoreApi } from 'zustand/vanilla';

export interface UpdateState {
  /** A new version is installed and waiting for "Reload to update". */
  updateReady: boolean;
  /** The service worker holds everything the app needs to start offline. */
  offlineReady: boolean;
  /** Why the service worker could not be registered (the app then works online only). */
  registerError: string | null;
}

export interface ServiceWorkerEvents {
  onNeedRefresh: () => void;
  onOfflineReady: () => void;
  onRegisterError: (error: unknown) => void;
}

/**
 * Registers the service worker and reports its lifecycle; returns what activates the waiting
 * version. In the app this is vite-plugin-pwa's `registerSW` (src/main.tsx).
 */
export type RegisterServiceWorker = (events: ServiceWorkerEvents) => (reloadPage?: boolean) => Promise<void>;

export class UpdateController {
  readonly store: StoreApi<UpdateState> = createStore<UpdateState>(() => ({ updateReady: false, offlineReady: false, registerError: null }));
  readonly #activateWaiting: (() => Promise<void>) | null;

  /** Without `register` (tests, dev server) there is no service worker and never an update. */
  constructor(register?: RegisterServiceWorker) {
    if (!register) {
      this.#activateWaiting = null;
      return;
    }
    const activate = register({
      onNeedRefresh: () => this.store.setState({ updateReady: true }),
      onOfflineReady: () => this.store.setState({ offlineReady: true }),
      onRegisterError: (error) => this.store.setState({ registerError: String(error) }),
    });
    this.#activateWaiting = () => activate(true);
  }

  /** Activates the waiting version; the page reloads once it controls the page. */
  async applyUpdate(): Promise<void> {
    if (!this.store.getState().updateReady || !this.#activateWaiting) return;
    await this.#activateWaiting();
  }
}
