// The service worker (vite-plugin-pwa → Workbox generateSW): what it precaches, what it caches
// on first use, and the installable app's manifest. docs/offline.md explains the choices.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VitePWAOptions } from 'vite-plugin-pwa';
import { defaultPackPrecache } from './precache.ts';

/** The largest precached file is ffmpeg-core.wasm (~31 MB); onnxruntime-web's .wasm are ~12–25 MB. */
const LARGEST_PRECACHED_FILE = 64 * 1024 * 1024;

export const PACK_CACHE = 'reelscope-packs';

const publicDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'public');

export function pwaOptions(): Partial<VitePWAOptions> {
  return {
    // "prompt": a new version waits until the user chooses "Reload to update" (src/features/update).
    registerType: 'prompt',
    injectRegister: false,
    devOptions: { enabled: false },
    includeAssets: [],
    manifest: {
      name: 'Reelscope — in-browser video classifier',
      short_name: 'Reelscope',
      description: 'Classifies video clips in your browser; clips never leave your device. Works offline.',
      theme_color: '#f6f7f9',
      background_color: '#f6f7f9',
      display: 'standalone',
      start_url: '.',
      icons: [
        { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    workbox: {
      // The app shell, onnxruntime-web's bundles and .wasm (emitted under assets/), ffmpeg.wasm's
      // core (public/ffmpeg/), the pack index and every manifest; vite-plugin-pwa adds the icons
      // and the web app manifest. Manifests are precached with revisions, so they always match
      // the app they came with.
      globPatterns: ['**/*.{js,mjs,css,html,wasm}', 'models/index.json', 'models/*/manifest.json'],
      globIgnores: ['**/node_modules/**'],
      additionalManifestEntries: defaultPackPrecache((path) => JSON.parse(readFileSync(join(publicDir, path), 'utf8'))),
      maximumFileSizeToCacheInBytes: LARGEST_PRECACHED_FILE,
      // The first install takes control at once, so the first visit's packs are cached too;
      // later versions wait for "Reload to update".
      clientsClaim: true,
      skipWaiting: false,
      navigateFallback: 'index.html',
      cleanupOutdatedCaches: true,
      runtimeCaching: [
        {
          // Any other pack file: its URL carries its sha256, so once cached it is right forever.
          urlPattern: ({ url }) => url.pathname.includes('/models/') && url.searchParams.has('sha256'),
          handler: 'CacheFirst',
          options: {
            cacheName: PACK_CACHE,
            cacheableResponse: { statuses: [200] },
            expiration: { maxEntries: 64, purgeOnQuotaError: true },
          },
        },
      ],
    },
  };
}
