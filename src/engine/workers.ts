// The one place the app starts workers. Everything else receives clients from the engine.
import { DecodeClient } from '../clients/decodeClient';
import { InferenceClient } from '../clients/inferenceClient';
import { TeachClient } from '../clients/teachClient';

export interface WorkerSpawner {
  decoder(): DecodeClient;
  inference(): InferenceClient;
  /** The teach worker (TensorFlow.js): started when the Teach screen first trains. */
  teach(): TeachClient;
}

/** Real module workers; `assetBase` is the app's public root (ffmpeg.wasm lives under it). */
export function browserWorkers(assetBase: string): WorkerSpawner {
  return {
    decoder: () =>
      new DecodeClient(new Worker(new URL('../../workers/decode.worker.ts', import.meta.url), { type: 'module', name: 'decode' }), assetBase),
    inference: () =>
      new InferenceClient(new Worker(new URL('../../workers/inference.worker.ts', import.meta.url), { type: 'module', name: 'inference' })),
    teach: () => new TeachClient(new Worker(new URL('../../workers/teach.worker.ts', import.meta.url), { type: 'module', name: 'teach' })),
  };
}
