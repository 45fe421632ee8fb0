// TensorFlow.js in the teach worker: the WASM backend (XNNPACK kernels), about 4× the plain-JS CPU
// backend on the teach heads' training steps with the same losses to 1e-7 (docs/teach.md); the CPU
// backend where WASM will not start. Single-threaded: the threaded build starts pthread workers of
// its own, and on two cores they would only compete with the page. The .wasm files are emitted by
// Vite from node_modules and served by our own origin (and precached by the service worker).
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
// Never fetched (threads are off), but setWasmPaths wants every binary named.
import threadedWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { shareWasmIdentity } from '../../src/teach/wasmKernels';

export type TeachBackend = 'wasm' | 'cpu';

export async function startBackend(): Promise<TeachBackend> {
  try {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    setWasmPaths({ 'tfjs-backend-wasm.wasm': plainWasm, 'tfjs-backend-wasm-simd.wasm': simdWasm, 'tfjs-backend-wasm-threaded-simd.wasm': threadedWasm });
    if (await tf.setBackend('wasm')) {
      await tf.ready();
      shareWasmIdentity(); // the gradient tape's clones share data instead of copying it (wasmKernels.ts)
      return 'wasm';
    }
  } catch {
    // no WebAssembly (or the .wasm did not load): the CPU backend computes the same, slower
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}
