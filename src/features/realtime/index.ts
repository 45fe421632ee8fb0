// The realtime feature's one controller, wired to the app: the pack and head selected in the
// settings bar, the backend preference, its own inference worker, and the test hook.
import { reelscopeStore } from '../../store/store';
import { RealtimeController, type RealtimeSelection } from './controller';
import { RealtimeInference } from './inferenceEngine';
import { realtimeStore } from './store';
import { installRealtimeTestHook } from './testApi';

function selection(): RealtimeSelection | null {
  const s = reelscopeStore.getState();
  const pack = s.packs.find((p) => p.id === s.selectedPackId);
  if (!pack) return null;
  return { pack, headId: s.selectedHeadId ?? pack.manifest.defaultHead };
}

const inference = new RealtimeInference(() => reelscopeStore.getState().backendPreference);

export const realtimeController = new RealtimeController(realtimeStore, {
  engine: () => inference.engine(),
  selection,
});

installRealtimeTestHook(realtimeStore, realtimeController);

export { realtimeStore, useRealtime } from './store';
