import { useStore } from 'zustand';
import { useRoot } from './RootContext';

/** "A new version is ready — Reload to update", while a new service worker waits. */
export function UpdateBanner() {
  const { update } = useRoot();
  const updateReady = useStore(update.store, (s) => s.updateReady);
  if (!updateReady) return null;
  return (
    <div className="update-banner" role="status" data-testid="update-banner">
      <span>A new version is ready</span>
      <button type="button" className="button" onClick={() => void update.applyUpdate()}>
        Reload to update
      </button>
    </div>
  );
}
