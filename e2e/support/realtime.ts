// A page object for the realtime screen: drives it through its buttons (as a person would) and
// reads window.__reelscope.realtime (src/testHook.ts). Shared by
// e2e/realtime.spec.ts and scripts/bench-realtime.ts. Waits for states, never for fixed times.
import type { Page } from 'playwright-core';
import type { RealtimeState } from '../../src/features/realtime/store';
import type {} from '../../src/testHook'; // declares window.__reelscope

/** Chromium flags for a fake webcam that plays `y4m` in a loop, with the permission prompt auto-accepted. */
export function fakeCameraFlags(y4m: string): string[] {
  return ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`];
}

export class RealtimeDriver {
  constructor(readonly page: Page) {}

  /** Opens the realtime screen and picks `packId` in the settings bar (as a person would), once the packs are loaded. */
  async open(packId: string): Promise<void> {
    await this.page.goto('/#/realtime');
    await this.page.getByTestId('realtime-screen').waitFor();
    const picker = this.page.getByTestId('pack-picker').locator('select');
    // The picker shows a placeholder option until the pack index and manifests have loaded.
    await this.page.waitForFunction(() => window.__reelscope?.getState().packsStatus === 'ready', null, { timeout: 60_000 });
    await picker.locator('option[value]:not([value=""])').first().waitFor({ state: 'attached', timeout: 60_000 });
    const offered = await picker.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    if (!offered.includes(packId)) throw new Error(`pack "${packId}" is not offered by the app (it has: ${offered.join(', ')})`);
    await picker.selectOption(packId);
    await this.page.waitForFunction((id) => document.querySelector<HTMLSelectElement>('[data-testid="pack-picker"] select')?.value === id, packId);
  }

  state(): Promise<RealtimeState> {
    return this.page.evaluate(() => window.__reelscope!.realtime.getState());
  }

  /** Waits until `predicate(state)` holds (the predicate runs in the page, so it must be self-contained). */
  async waitFor(predicate: string, timeoutMs = 120_000): Promise<RealtimeState> {
    await this.page.waitForFunction(`(() => { const s = window.__reelscope.realtime.getState(); return (${predicate}); })()`, null, {
      timeout: timeoutMs,
    });
    return this.state();
  }

  trackStates(): Promise<string[]> {
    return this.page.evaluate(() => window.__reelscope!.realtime.trackStates());
  }
}
