// A page object for Reelscope: drives the real UI (file input, pickers) and reads the app's
// state through the test hook `window.__reelscope` (src/testHook.ts). Shared by the
// Playwright specs and `npm run eval`. It waits for states, never for fixed times.
import type { Page } from 'playwright-core';
import type { ReelscopeState } from '../../src/store/store';
import type {} from '../../src/testHook'; // declares window.__reelscope

export interface ClipOutcome {
  status: string;
  label: string | null;
  /** The class the head chose before the out-of-scope check; `confidence` is its probability. */
  predicted: string | null;
  confidence: number;
  /** Below the head's calibrated level: worded as a guess. */
  unsure: boolean;
  oodScore: number | null;
  totalMs: number;
  error: { code: string; message: string } | null;
}

export interface SetupSummary {
  packId: string;
  headId: string;
  backend: string;
  labels: string[];
  hasOod: boolean;
}

export class AppDriver {
  constructor(readonly page: Page) {}

  async open(url = '/'): Promise<void> {
    await this.page.goto(withDecodePath(url, process.env.REELSCOPE_DECODE));
    await this.page.waitForFunction(() => window.__reelscope?.getState().packsStatus === 'ready', null, {
      timeout: 60_000,
    });
  }

  /** Shows another screen of the same page (a hash change): its state, packs and decode path stay, nothing reloads. */
  async show(route: `#/${string}`): Promise<void> {
    await showRoute(this.page, route);
  }

  async selectPack(id: string): Promise<void> {
    const ok = await this.page.evaluate((packId) => {
      const hook = window.__reelscope!;
      if (!hook.getState().packs.some((p) => p.id === packId)) return false;
      hook.selectPack(packId);
      return hook.getState().selectedPackId === packId;
    }, id);
    if (!ok) throw new Error(`pack "${id}" is not offered by the app`);
  }

  async selectHead(id: string): Promise<void> {
    const ok = await this.page.evaluate((headId) => {
      const hook = window.__reelscope!;
      hook.selectHead(headId);
      return hook.getState().selectedHeadId === headId;
    }, id);
    if (!ok) throw new Error(`head "${id}" is not a head of the selected pack`);
  }

  async setBackend(backend: 'auto' | 'wasm' | 'webgpu'): Promise<void> {
    await this.page.evaluate((b) => window.__reelscope!.setBackendPreference(b), backend);
  }

  async summaryOfSetup(): Promise<SetupSummary> {
    return this.page.evaluate(() => {
      const s = window.__reelscope!.getState();
      const pack = s.packs.find((p) => p.id === s.selectedPackId);
      if (!pack) throw new Error('no pack is selected');
      return {
        packId: pack.id,
        headId: s.selectedHeadId ?? pack.manifest.defaultHead,
        backend: s.backendInfo?.backend ?? s.backendPreference,
        labels: pack.manifest.labels,
        hasOod: pack.manifest.ood !== undefined,
      };
    });
  }

  async state(): Promise<ReelscopeState> {
    return this.page.evaluate(() => JSON.parse(JSON.stringify(window.__reelscope!.getState())) as ReelscopeState);
  }

  /** Gives the file to the page's file input (as a person picking it would) and waits for the run to end. */
  async classify(path: string, timeoutMs = 180_000): Promise<ClipOutcome> {
    const previousRun = await this.page.evaluate(() => window.__reelscope!.getState().clip?.runId ?? -1);
    await this.page.getByTestId('file-input').setInputFiles(path);
    await this.page.waitForFunction(
      (prev) => {
        const clip = window.__reelscope!.getState().clip;
        return !!clip && clip.runId > prev && ['done', 'error', 'cancelled'].includes(clip.status);
      },
      previousRun,
      { timeout: timeoutMs },
    );
    return this.page.evaluate(() => {
      const clip = window.__reelscope!.getState().clip!;
      return {
        status: clip.status,
        label: clip.decision?.label ?? null,
        predicted: clip.decision?.predicted.label ?? null,
        confidence: clip.decision?.predicted.probability ?? 0,
        unsure: clip.decision?.unsure ?? false,
        oodScore: clip.ood?.score ?? null,
        totalMs: clip.timings?.totalMs ?? 0,
        error: clip.error ? { code: clip.error.code, message: clip.error.message } : null,
      };
    });
  }
}

/**
 * Shows screen `route` in the page already open. `page.goto('/#/x')` would load a new document
 * wherever the open URL has a query (`?decode=ffmpeg`), dropping the selected pack and the decode
 * path, and its inputs would take files before the packs are ready again.
 */
export async function showRoute(page: Page, route: `#/${string}`): Promise<void> {
  await page.evaluate((hash) => {
    location.hash = hash;
  }, route);
  await page.waitForFunction((hash) => location.hash === hash, route);
}

/**
 * `url` with `decode=<path>` in its query (before any #route) when `path` is set: the whole suite runs
 * on one decode path. A URL that names its own decode path keeps it (a spec about one path).
 */
export function withDecodePath(url: string, path: string | undefined): string {
  const hash = url.indexOf('#');
  const [base, route] = hash >= 0 ? [url.slice(0, hash), url.slice(hash)] : [url, ''];
  if (!path || /[?&]decode=/.test(base)) return url;
  return `${base}${base.includes('?') ? '&' : '?'}decode=${encodeURIComponent(path)}${route}`;
}
