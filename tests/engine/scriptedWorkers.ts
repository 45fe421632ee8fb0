// Stand-ins for the two workers at the thread boundary: they answer the real protocol
// (src/protocol/*) from a script, so the engine's own logic (frame loop, pools, queue) runs
// unchanged. ffmpeg and onnxruntime are exercised by the decode tests and the e2e suite.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkerPort } from '../../src/clients/workerRpc';
import { DecodeClient } from '../../src/clients/decodeClient';
import { InferenceClient } from '../../src/clients/inferenceClient';
import type { WorkerSpawner } from '../../src/engine/workers';
import type { SerializedError } from '../../src/pipeline/errors';
import { parsePackManifest, type PackManifest } from '../../src/pipeline/manifest';
import type { ClipMetadata } from '../../src/pipeline/probe';
import type { DecodeRequest, DecodeResponse } from '../../src/protocol/decode';
import type { InferenceRequest, InferenceResponse } from '../../src/protocol/inference';

export const ucfManifest: PackManifest = parsePackManifest(
  JSON.parse(readFileSync(join(__dirname, '../../public/models/ucf101-6/manifest.json'), 'utf8')),
);

const tick = () => new Promise((r) => setTimeout(r, 0));

abstract class ScriptedPort<Req extends { type: string; id: number }, Res> implements WorkerPort {
  readonly received: Req[] = [];
  terminated = false;
  readonly #listeners = new Map<string, ((event: Event) => void)[]>();

  postMessage(message: unknown): void {
    const request = message as Req;
    this.received.push(request);
    void this.answer(request);
  }
  addEventListener(type: string, listener: (event: Event) => void): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }
  terminate(): void {
    this.terminated = true;
  }
  protected send(data: Res): void {
    if (this.terminated) return;
    for (const l of this.#listeners.get('message') ?? []) l(new MessageEvent('message', { data }));
  }
  crash(message = 'boom'): void {
    const event = Object.assign(new Event('error'), { message });
    for (const l of this.#listeners.get('error') ?? []) l(event);
  }
  count(type: Req['type']): number {
    return this.received.filter((r) => r.type === type).length;
  }
  protected abstract answer(request: Req): Promise<void>;
}

export interface DecodeScript {
  /** Frame indices in the order they are sent (a repeat is a re-sent frame); default 0..T-1. */
  order?: (frames: number) => number[];
  /** Ends with this error after the frames of `order` (instead of 'done'). */
  error?: SerializedError;
  /** Sends every frame at once, as one ffmpeg exec that outputs several picks does. */
  burst?: boolean;
  /** Waits for this before answering 'done' (lets a test hold a clip open). */
  hold?: Promise<void>;
}

export class ScriptedDecodeWorker extends ScriptedPort<DecodeRequest, DecodeResponse> {
  readonly cancelled: number[] = [];
  constructor(readonly script: DecodeScript = {}) {
    super();
  }
  protected async answer(request: DecodeRequest): Promise<void> {
    if (request.type === 'cancel') {
      this.cancelled.push(request.target);
      return;
    }
    if (request.type === 'load') return this.send({ type: 'loaded', id: request.id, loadMs: 1 });
    const { id, job } = request;
    const times = Array.from({ length: job.frames }, (_, i) => (i + 0.5) / job.frames);
    const metadata = { durationSec: 1, fps: 25, codec: 'h264', width: 320, height: 240 } as ClipMetadata;
    await tick();
    this.send({ type: 'metadata', id, metadata, times });
    const size = job.geometry.size;
    for (const index of this.script.order?.(job.frames) ?? times.map((_, i) => i)) {
      if (!this.script.burst) await tick();
      if (this.cancelled.includes(id)) return;
      const rgb = new Uint8Array(size * size * 3).fill(index).buffer;
      this.send({ type: 'frame', id, frame: { index, requestedSec: times[index]!, timeSec: times[index]!, width: size, height: size, rgb } });
      this.send({ type: 'progress', id, done: index + 1, total: job.frames });
    }
    await this.script.hold;
    await tick();
    if (this.script.error) return this.send({ type: 'error', id, error: this.script.error });
    this.send({ type: 'done', id, summary: { metadata, times, decodeMs: 5, probeMs: 1, loadMs: 0, execs: 1, mode: job.mode, path: 'ffmpeg' } });
  }
}

export interface InferenceScript {
  /** Fails the frame request of this frame index. */
  failFrame?: { index: number; error: SerializedError };
}

export class ScriptedInferenceWorker extends ScriptedPort<InferenceRequest, InferenceResponse> {
  readonly frameIndices: number[] = [];
  /** The size of each backbone batch asked for. */
  readonly batches: number[] = [];
  /** Each frames request's input side (undefined: the manifest's) and its frames' byte lengths. */
  readonly frameInputs: Array<{ size: number | undefined; bytes: number[] }> = [];
  constructor(
    readonly manifest: PackManifest = ucfManifest,
    readonly script: InferenceScript = {},
  ) {
    super();
  }
  protected async answer(request: InferenceRequest): Promise<void> {
    await tick();
    const { id } = request;
    const D = this.manifest.backbone.featureDim;
    const C = this.manifest.labels.length;
    switch (request.type) {
      case 'configure':
        return this.send({
          type: 'configured',
          id,
          backend: { backend: 'wasm', reason: 'scripted', detail: 'wasm, 1 thread', threads: 1, crossOriginIsolated: false, adapter: null },
        });
      case 'prepare':
        return this.send({
          type: 'prepared',
          id,
          result: {
            backend: { backend: 'wasm', reason: 'scripted', detail: 'wasm', threads: 1, crossOriginIsolated: false, adapter: null },
            loadMs: 1,
            precision: 'fp32',
            cached: false,
          },
        });
      case 'frames': {
        this.frameIndices.push(...request.indices);
        this.batches.push(request.indices.length);
        this.frameInputs.push({ size: request.size, bytes: request.rgb.map((b) => b.byteLength) });
        const fail = this.script.failFrame;
        if (fail && request.indices.includes(fail.index)) return this.send({ type: 'error', id, error: fail.error });
        const results = request.indices.map((index) => ({
          index, features: new Float32Array(D).fill(index).buffer, frameProbabilities: null, preprocessMs: 1, cnnMs: 2, batch: request.indices.length,
        }));
        return this.send({ type: 'framesResult', id, results });
      }
      case 'heads': {
        const heads = this.manifest.heads
          .filter((h) => h.kind !== 'frame-mean')
          .map((h) => {
            const p = new Float32Array(request.frames * C);
            for (let t = 0; t < request.frames; t++) p[t * C] = 1; // class 0 after every frame
            return { headId: h.id, probabilities: p.buffer, classes: C, ms: 1 };
          });
        return this.send({ type: 'headsResult', id, result: { heads, ood: this.manifest.ood ? { score: 0, ms: 1 } : null } });
      }
      case 'stepOpen':
      case 'stepReset':
      case 'stepClose':
        return this.send({ type: 'ok', id });
      case 'step': {
        // Class 1 after every frame; `step` counts frames since the last reset, as the step graph does.
        const p = new Float32Array(C);
        p[1] = 1;
        const step = this.received.slice(0, this.received.indexOf(request) + 1).reverse().findIndex((r) => r.type === 'stepReset' || r.type === 'stepOpen');
        return this.send({ type: 'stepResult', id, result: { probabilities: p.buffer, ms: 1, step } });
      }
      case 'cancel':
        return;
    }
  }
}

/** A spawner that records every worker it starts. */
export function scriptedWorkers(options: { decode?: () => DecodeScript; inference?: () => InferenceScript } = {}) {
  const decoders: ScriptedDecodeWorker[] = [];
  const inferences: ScriptedInferenceWorker[] = [];
  const spawner: WorkerSpawner = {
    decoder: () => {
      const port = new ScriptedDecodeWorker(options.decode?.());
      decoders.push(port);
      return new DecodeClient(port, 'http://app/');
    },
    inference: () => {
      const port = new ScriptedInferenceWorker(ucfManifest, options.inference?.());
      inferences.push(port);
      return new InferenceClient(port);
    },
    teach: () => {
      throw new Error('the scripted workers have no teach worker (tests/features/teach use a fake TeachService)');
    },
  };
  return { spawner, decoders, inferences };
}
