import { describe, expect, it } from 'vitest';
import { UpdateController, type ServiceWorkerEvents } from '../../../src/features/update/controller';

/** Stands in for vite-plugin-pwa's registerSW: hands out its events and records activations. */
function scriptedRegistration() {
  const activations: (boolean | undefined)[] = [];
  let events: ServiceWorkerEvents | null = null;
  const register = (e: ServiceWorkerEvents) => {
    events = e;
    return async (reloadPage?: boolean) => {
      activations.push(reloadPage);
    };
  };
  return { register, activations, events: () => events! };
}

describe('UpdateController', () => {
  it('shows the update only once a new version waits, and activates it with a reload', async () => {
    const sw = scriptedRegistration();
    const update = new UpdateController(sw.register);
    await update.applyUpdate();
    expect(sw.activations).toEqual([]); // nothing waits yet
    sw.events().onOfflineReady();
    expect(update.store.getState()).toMatchObject({ offlineReady: true, updateReady: false });
    sw.events().onNeedRefresh();
    expect(update.store.getState().updateReady).toBe(true);
    await update.applyUpdate();
    expect(sw.activations).toEqual([true]);
  });

  it('keeps a registration failure as state', () => {
    const sw = scriptedRegistration();
    const update = new UpdateController(sw.register);
    sw.events().onRegisterError(new Error('SecurityError: insecure origin'));
    expect(update.store.getState().registerError).toContain('insecure origin');
  });

  it('without a service worker never offers an update', async () => {
    const update = new UpdateController();
    await update.applyUpdate();
    expect(update.store.getState()).toEqual({ updateReady: false, offlineReady: false, registerError: null });
  });
});
