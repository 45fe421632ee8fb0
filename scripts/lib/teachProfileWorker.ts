// The Chromium side of `profile-teach-train --browser`: a module worker, as the teach worker, on the
// WASM backend (single-threaded, .wasm files served from the page's origin). Bundled by the script,
// which points 'teach-profile-old' at the older revision's train.ts (or at the working tree's).
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as current from '../../src/teach/train';
// @ts-expect-error resolved by the bundler's alias only
import * as old from 'teach-profile-old';
import { profileSteps, type ProfileOptions, type TrainModule, type Variant } from './teachProfile';

interface Request extends ProfileOptions {
  /** The older revision's name, or null for the working tree alone. */
  against: string | null;
  oldSharedIdentity: boolean;
}

self.onmessage = async (event: MessageEvent<Request>) => {
  const r = event.data;
  try {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    setWasmPaths('/');
    if (!(await tf.setBackend('wasm'))) throw new Error('the WASM backend did not start');
    await tf.ready();
    const variants: Variant[] = [{ name: 'new', module: current, sharedIdentity: true }];
    if (r.against) variants.unshift({ name: `old (${r.against})`, module: old as TrainModule, sharedIdentity: r.oldSharedIdentity });
    postMessage({ lines: await profileSteps(variants, r) });
  } catch (error) {
    postMessage({ error: String(error) });
  }
};
