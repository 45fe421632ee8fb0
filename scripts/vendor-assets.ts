// Copies the runtime files that ffmpeg.wasm fetches by URL (its core .js and .wasm) from
// node_modules into public/, so they are served by our own origin. onnxruntime-web needs no copy:
// its bundles reference their .wasm with `new URL(…, import.meta.url)`, which Vite emits itself.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const VENDORED = [
  { from: 'node_modules/@ffmpeg/core/dist/esm', to: 'public/ffmpeg', match: /^ffmpeg-core\.(js|wasm)$/ },
];

export function copyVendoredAssets(): void {
  for (const { from, to, match } of VENDORED) {
    mkdirSync(join(root, to), { recursive: true });
    for (const name of readdirSync(join(root, from)).filter((n) => match.test(n))) {
      copyFileSync(join(root, from, name), join(root, to, name));
    }
  }
}

export function vendorAssets(): Plugin {
  // configResolved runs before the dev server lists public/ (buildStart is too late in dev:
  // files copied then are served as the SPA fallback until a restart).
  return { name: 'reelscope-vendor-assets', configResolved: copyVendoredAssets };
}
