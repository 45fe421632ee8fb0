// The UI's actions. Components call these; they run the pipeline (outside React) and write
// results into the store, which the UI reads. Every action is safe to call at any time.
import { reelscopeStore, type ReelscopeStore } from '../store/store';
import type { BackendPreference } from '../store/types';

export class Controller {
  constructor(readonly store: ReelscopeStore) {}

  /** Loads the pack index and manifests, selects the default pack. Idempotent. */
  async init(): Promise<void> {}

  /** Classifies a dropped clip; a newer call cancels an older run. Never rejects: errors land in ClipRun.error. */
  async classifyFile(_file: File): Promise<void> {}

  /** Cancels the running clip (status becomes 'cancelled'). */
  cancelClip(): void {}

  selectPack(packId: string): void {
    this.store.getState().setSelectedPack(packId);
  }

  selectHead(headId: string): void {
    this.store.getState().setSelectedHead(headId);
  }

  setBackendPreference(preference: BackendPreference): void {
    this.store.getState().setBackendPreferenceState(preference);
  }
}

/** The app's one controller, bound to the app's one store. */
export const controller = new Controller(reelscopeStore);

export const init = (): Promise<void> => controller.init();
export const classifyFile = (file: File): Promise<void> => controller.classifyFile(file);
export const cancelClip = (): void => controller.cancelClip();
export const selectPack = (packId: string): void => controller.selectPack(packId);
export const selectHead = (headId: string): void => controller.selectHead(headId);
export const setBackendPreference = (preference: BackendPreference): void => controller.setBackendPreference(preference);
