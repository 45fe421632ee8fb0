// Runs the BUILT decode worker (dist/assets/decode.worker-*.js) on its own in a page of the served
// app, over the real protocol (src/protocol/decode.ts), and hands back the frames' RGB bytes and
// the summary. For tests and studies of the decode stage alone (which path decoded, what the frames
// are); the app itself is driven through AppDriver. The clip reaches the page through a routed URL,
// not through page.evaluate's JSON.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { FrameGeometry } from '../../src/pipeline/sampling';
import type { DecodePathPreference, DecodeSummary } from '../../src/protocol/decode';

const distAssets = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'assets');

export interface LabFrame {
  index: number;
  timeSec: number;
  rgb: Buffer;
}

export interface LabDecode {
  summary: DecodeSummary;
  frames: LabFrame[];
}

export type LabResult = LabDecode | { error: { code: string; message: string; detail?: string } };

/** The built decode worker's URL path (`/assets/decode.worker-<hash>.js`). */
export function builtDecodeWorker(): string {
  const name = readdirSync(distAssets).find((f) => /^decode\.worker-.*\.js$/.test(f));
  if (!name) throw new Error(`no decode worker in ${distAssets}: build the app first (npm run build)`);
  return `/assets/${name}`;
}

/**
 * Decodes `path` in the page (already on the app's origin) with a fresh decode worker.
 * `page` must have been navigated to the served app.
 */
export async function decodeInPage(
  page: Page,
  path: string,
  options: { frames: number; geometry: FrameGeometry; path: DecodePathPreference },
): Promise<LabResult> {
  const route = `/__decode-lab/${Date.now()}-${basename(path).replace(/[^A-Za-z0-9._-]/g, '_')}`;
  const body = readFileSync(path);
  await page.route(`**${route}`, (r) => r.fulfill({ status: 200, body, contentType: 'application/octet-stream' }));
  try {
    const result = await page.evaluate(
      async ({ route, name, worker, frames, geometry, decodePath }) => {
        const bytes = await (await fetch(route)).arrayBuffer();
        const file = new File([bytes], name);
        const decoder = new Worker(worker, { type: 'module', name: 'decode-lab' });
        const received: { index: number; timeSec: number; rgb: string }[] = [];
        try {
          return await new Promise<unknown>((done) => {
            const pending: Promise<void>[] = [];
            decoder.onmessage = (event: MessageEvent) => {
              const m = event.data;
              if (m.type === 'frame') {
                // No named helpers in here: tsx would wrap them in a __name() the page does not have.
                pending.push(
                  new Promise<void>((stored) => {
                    const reader = new FileReader();
                    reader.onload = () => {
                      const url = String(reader.result);
                      received.push({ index: m.frame.index, timeSec: m.frame.timeSec, rgb: url.slice(url.indexOf(',') + 1) });
                      stored();
                    };
                    reader.readAsDataURL(new Blob([m.frame.rgb]));
                  }),
                );
              } else if (m.type === 'done') {
                void Promise.all(pending).then(() => done({ summary: m.summary, frames: received }));
              } else if (m.type === 'error') {
                done({ error: m.error });
              }
            };
            decoder.postMessage({ type: 'decode', id: 1, job: { file, frames, geometry, mode: { kind: 'batched', batch: 4 }, path: decodePath }, assetBase: new URL('/', location.href).href });
          });
        } finally {
          decoder.terminate();
        }
      },
      { route, name: basename(path), worker: builtDecodeWorker(), frames: options.frames, geometry: options.geometry, decodePath: options.path },
    );
    const r = result as { summary: DecodeSummary; frames: { index: number; timeSec: number; rgb: string }[] } | { error: { code: string; message: string } };
    if ('error' in r) return r;
    // The consumer keeps the first frame per index (a restart after a fast-path failure sends them again).
    const byIndex = new Map<number, LabFrame>();
    for (const f of r.frames) if (!byIndex.has(f.index)) byIndex.set(f.index, { index: f.index, timeSec: f.timeSec, rgb: Buffer.from(f.rgb, 'base64') });
    return { summary: r.summary, frames: [...byIndex.values()].sort((a, b) => a.index - b.index) };
  } finally {
    await page.unroute(`**${route}`);
  }
}

export function isLabDecode(result: LabResult): result is LabDecode {
  return !('error' in result);
}

