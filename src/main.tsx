import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerSW } from 'virtual:pwa-register';
import { createReelscope } from './root';
import { installTestHook } from './testHook';
import { hashFor } from './ui/router';
import { App } from './ui/shell/App';
import { RootProvider } from './ui/shell/RootContext';
import './ui/styles.css';

const element = document.getElementById('root');
if (!element) throw new Error('index.html has no #root element');

const reelscope = createReelscope({
  assetBase: new URL(import.meta.env.BASE_URL, window.location.href).href,
  hardwareConcurrency: navigator.hardwareConcurrency,
  showClip: () => {
    window.location.hash = hashFor('clip');
  },
  // The dev server has no service worker (vite-plugin-pwa's devOptions are off).
  registerServiceWorker: import.meta.env.PROD ? registerSW : undefined,
});
// window.__reelscope for Playwright and the scripts: always on, it only does what the UI can.
installTestHook(window, reelscope);

createRoot(element).render(
  <StrictMode>
    <RootProvider root={reelscope}>
      <App />
    </RootProvider>
  </StrictMode>,
);

// Loads the pack index and manifests; failures land in the store (packsError), shown by the header.
void reelscope.clip.init();
