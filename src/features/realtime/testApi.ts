// The realtime screen's test hook, window.__reelscopeRealtime: e2e specs and the benchmark read
// its state (plain data) and drive it as a person would. Installed with the screen's controller.
import type { RealtimeController } from './controller';
import type { RealtimeState, RealtimeStore } from './store';

export interface RealtimeTestHook {
  getState(): RealtimeState;
  startCamera(): Promise<void>;
  stop(): Promise<void>;
  reset(): void;
  /** readyState of each track of the last camera stream ("live" until stop releases it, then "ended"). */
  trackStates(): string[];
}

declare global {
  interface Window {
    __reelscopeRealtime?: RealtimeTestHook;
  }
}

export function installRealtimeTestHook(store: RealtimeStore, controller: RealtimeController): void {
  if (typeof window === 'undefined') return;
  window.__reelscopeRealtime = {
    getState: () => {
      const { patch: _patch, clearDecision: _clear, ...state } = store.getState();
      return state;
    },
    startCamera: () => controller.startCamera(),
    stop: () => controller.stop(),
    reset: () => controller.reset(),
    trackStates: () => controller.trackStates(),
  };
}
