// The app's pipeline run natively, for benchmarks and tests: the same decode stage
// (workers/decode/decodeClip.ts on native ffmpeg) and the same pack runtime as the inference
// worker (workers/inference/packRuntime.ts), with onnxruntime-node in place of onnxruntime-web.
// Same code, same graphs, same frames: what is left between the two is the runtime and the browser.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { PackManifest } from '../../src/pipeline/manifest';
import { topK } from '../../src/pipeline/postprocess';
import type { ExtractMode } from '../../src/protocol/decode';
import type { OrtRuntime } from '../../workers/inference/backend';
import type { PackFileReader } from '../../workers/inference/packFiles';
import { PackRuntime } from '../../workers/inference/packRuntime';
import { decodeClip } from '../../workers/decode/decodeClip';
import { NativeFfmpeg } from './nativeFfmpeg';

/** onnxruntime-node in place of onnxruntime-web, with sessions kept per file content as the worker keeps them. */
export function nodeRuntime(threads: number): OrtRuntime {
  const sessions = new Map<string, Promise<ort.InferenceSession>>();
  const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' };
  return {
    backend: 'wasm',
    ort,
    session: (sha256: string, _name: string, read: () => Promise<Uint8Array>) => {
      const cached = sessions.has(sha256);
      if (!cached) sessions.set(sha256, read().then((bytes) => ort.InferenceSession.create(bytes, options)));
      return { session: sessions.get(sha256)!, cached };
    },
  } as unknown as OrtRuntime;
}

/** A pack's files read from disk, each at its path relative to the manifest's folder. */
export function diskFileReader(manifestDir: string): PackFileReader {
  return async (ref) => readFileSync(join(manifestDir, ref.path));
}

export interface NativeTimings {
  decodeMs: number;
  cnnMs: number;
  headsMs: number;
  totalMs: number;
}

/** One native pipeline for one pack: decode (native ffmpeg) → backbone in one batch → heads + OOD. */
export class NativePipeline {
  private constructor(
    readonly manifest: PackManifest,
    readonly pack: PackRuntime,
  ) {}

  static async open(modelsDir: string, packId: string, threads: number, manifest: PackManifest): Promise<NativePipeline> {
    const source = { kind: 'served' as const, manifestUrl: `native://models/${packId}/manifest.json` };
    const { pack } = await PackRuntime.open({ manifest, source }, nodeRuntime(threads), {}, { read: diskFileReader(join(modelsDir, packId)) });
    return new NativePipeline(manifest, pack);
  }

  async classify(path: string, mode: ExtractMode = { kind: 'batched', batch: 4 }): Promise<{ timings: NativeTimings; label: string }> {
    const { input, backbone, labels } = this.manifest;
    const host = new NativeFfmpeg();
    const frames: { index: number; rgb: ArrayBuffer }[] = [];
    try {
      const t0 = performance.now();
      const file = new File([readFileSync(path)], path.split('/').pop()!);
      await decodeClip(host, { file, frames: input.frames, geometry: input, mode },
        { metadata: () => undefined, frame: (f) => frames.push({ index: f.index, rgb: f.rgb }), progress: () => undefined }, new AbortController().signal);
      const t1 = performance.now();
      frames.sort((a, b) => a.index - b.index);
      const results = await this.pack.frames(frames.map((f) => f.index), frames.map((f) => f.rgb));
      const t2 = performance.now();
      const features = new Float32Array(input.frames * backbone.featureDim);
      results.forEach((r, t) => features.set(new Float32Array(r.features), t * backbone.featureDim));
      const heads = await this.pack.heads(input.frames, features.buffer);
      const t3 = performance.now();
      const head = heads.heads.find((h) => h.headId === this.manifest.defaultHead) ?? heads.heads[0];
      const label = head ? topK(new Float32Array(head.probabilities).subarray((input.frames - 1) * labels.length), labels, 1)[0]!.label : '';
      return { timings: { decodeMs: t1 - t0, cnnMs: t2 - t1, headsMs: t3 - t2, totalMs: t3 - t0 }, label };
    } finally {
      host.dispose();
    }
  }
}
