// One kernel of tfjs's WASM backend replaced for training. Every op recorded for a gradient keeps its
// inputs by tf.clone (the Identity kernel), and the WASM backend's Identity copies the tensor's bytes
// (the CPU and WebGL backends share the data and count a reference, as the WASM backend's own Reshape
// does). A training step of the SSM head clones ~170 tensors, [16, 16, 1280] ones among them: ~3 ms a
// step in Node. Shared, the values are the same (tensors are immutable; disposal goes by the count).
import * as tf from '@tensorflow/tfjs';

interface RefCounting {
  incRef(dataId: tf.DataId): void;
}

let copying: tf.KernelFunc | null = null;

const sharedIdentity: tf.KernelConfig = {
  kernelName: 'Identity',
  backendName: 'wasm',
  kernelFunc: (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype === 'string') return copying!(args); // as the backend's own
    (args.backend as unknown as RefCounting).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  },
};

/**
 * Identity on the WASM backend shares its input's data instead of copying it. Idempotent; false where the
 * WASM backend's kernels are not registered (its package not loaded).
 */
export function shareWasmIdentity(): boolean {
  const current = tf.getKernel('Identity', 'wasm');
  if (!current) return false;
  if (current.kernelFunc === sharedIdentity.kernelFunc) return true;
  copying = current.kernelFunc;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel(sharedIdentity);
  return true;
}
