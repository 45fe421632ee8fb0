/// <reference lib="webworker" />
// Inference worker: wires the protocol (src/protocol/inference.ts) to onnxruntime-web through
// workers/inference/backend.ts (backend choice, sessions) and workers/inference/packRuntime.ts
// (stage functions). Requests run one at a time, in order; a cancelled one is skipped or its
// result dropped. onnxruntime-web is imported dynamically inside backend.ts, never statically.
import { ReelscopeError, serializeError } from '../src/pipeline/errors';
import type { Backend } from '../src/pipeline/manifest';
import { assertNever } from '../src/protocol/decode';
import { temporalHeads } from '../src/pipeline/manifest';
import { inferenceResponseTransfer, type InferenceOverrides, type InferenceRequest, type InferenceResponse, type PackRef } from '../src/protocol/inference';
import type { BackendInfo } from '../src/protocol/inference';
import { decideBackend, OrtRuntime, probeAdapter } from './inference/backend';
import { PackRuntime } from './inference/packRuntime';

declare const self: DedicatedWorkerGlobalScope;

type Step = Awaited<ReturnType<PackRuntime['openStep']>>;

class InferenceWorker {
  #overrides: InferenceOverrides = {};
  #backend: BackendInfo | null = null;
  readonly #runtimes = new Map<Backend, Promise<OrtRuntime>>();
  /** Open packs by backend, precision and id, with the manifest each was opened with. */
  readonly #packs = new Map<string, { manifestJson: string; opening: Promise<{ pack: PackRuntime; cached: boolean }> }>();
  readonly #steps = new Map<string, { pack: PackRuntime; step: Step }>();
  readonly #cancelled = new Set<number>();
  #queue: Promise<unknown> = Promise.resolve();

  handle(request: InferenceRequest): void {
    if (request.type === 'cancel') {
      this.#cancelled.add(request.target);
      return;
    }
    this.#queue = this.#queue.then(async () => {
      if (this.#cancelled.delete(request.id)) return;
      try {
        const response = await this.#answer(request);
        if (!this.#cancelled.delete(request.id)) this.#send(response);
      } catch (error) {
        this.#cancelled.delete(request.id);
        const reason = error instanceof ReelscopeError ? error : new ReelscopeError('InferenceFailed', 'Inference failed.', String(error));
        this.#send({ type: 'error', id: request.id, error: serializeError(reason) });
      }
    });
  }

  async #answer(request: Exclude<InferenceRequest, { type: 'cancel' }>): Promise<InferenceResponse> {
    const { id } = request;
    switch (request.type) {
      case 'configure': {
        this.#overrides = request.overrides ?? {};
        const adapter = await probeAdapter();
        const info = decideBackend(
          request.preference,
          adapter,
          { crossOriginIsolated: self.crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency || 1 },
          this.#overrides,
        );
        await this.#runtime(info);
        this.#backend = info;
        return { type: 'configured', id, backend: info };
      }
      case 'prepare': {
        const backend = this.#requireBackend();
        const t0 = performance.now();
        const { pack, cached } = await this.#pack(request.pack.manifest.id, request.pack);
        // Opening a step session checks its graph; the session itself is not kept.
        if (request.allGraphs) for (const head of temporalHeads(pack.manifest)) await pack.openStep(head.id);
        return {
          type: 'prepared',
          id,
          result: { backend, loadMs: performance.now() - t0, precision: pack.precision, cached },
        };
      }
      case 'frames': {
        const { pack } = await this.#pack(request.packId);
        return { type: 'framesResult', id, results: await pack.frames(request.indices, request.rgb, request.size) };
      }
      case 'heads': {
        const { pack } = await this.#pack(request.packId);
        return { type: 'headsResult', id, result: await pack.heads(request.frames, request.features) };
      }
      case 'benchBackbone': {
        const { pack } = await this.#pack(request.packId);
        return { type: 'benchResult', id, result: await pack.benchBackbone(request.batch, request.runs) };
      }
      case 'stepOpen': {
        const { pack } = await this.#pack(request.packId);
        this.#steps.set(request.sessionId, { pack, step: await pack.openStep(request.headId) });
        return { type: 'ok', id };
      }
      case 'step': {
        const open = this.#stepSession(request.sessionId);
        return { type: 'stepResult', id, result: await open.pack.step(open.step, request.features) };
      }
      case 'stepReset': {
        const open = this.#stepSession(request.sessionId);
        open.pack.resetStep(open.step);
        return { type: 'ok', id };
      }
      case 'stepClose':
        this.#steps.delete(request.sessionId);
        return { type: 'ok', id };
      default:
        return assertNever(request);
    }
  }

  #requireBackend(): BackendInfo {
    if (!this.#backend) throw new ReelscopeError('BackendUnavailable', 'the inference worker was not configured');
    return this.#backend;
  }

  #runtime(info: BackendInfo): Promise<OrtRuntime> {
    let runtime = this.#runtimes.get(info.backend);
    if (!runtime) {
      runtime = OrtRuntime.load(info.backend, info.threads);
      runtime.catch(() => this.#runtimes.delete(info.backend));
      this.#runtimes.set(info.backend, runtime);
    }
    return runtime;
  }

  /**
   * The pack opened on the current backend; `pack` is needed the first time, and a `pack` whose
   * manifest differs from the one opened under its id (removed and added anew) replaces it.
   */
  #pack(packId: string, pack?: PackRef): Promise<{ pack: PackRuntime; cached: boolean }> {
    const backend = this.#requireBackend();
    const key = `${backend.backend}:${this.#overrides.precision ?? ''}:${packId}`;
    const existing = this.#packs.get(key);
    const manifestJson = pack ? JSON.stringify(pack.manifest) : existing?.manifestJson;
    if (existing && existing.manifestJson === manifestJson) return existing.opening.then(({ pack: p }) => ({ pack: p, cached: true }));
    if (!pack) return Promise.reject(new ReelscopeError('InferenceFailed', `pack "${packId}" was not prepared`));
    const opening = this.#runtime(backend).then((runtime) => PackRuntime.open(pack, runtime, this.#overrides));
    opening.catch(() => {
      if (this.#packs.get(key)?.opening === opening) this.#packs.delete(key);
    });
    this.#packs.set(key, { manifestJson: JSON.stringify(pack.manifest), opening });
    return opening;
  }

  #stepSession(sessionId: string): { pack: PackRuntime; step: Step } {
    const open = this.#steps.get(sessionId);
    if (!open) throw new ReelscopeError('InferenceFailed', `no streaming session "${sessionId}"`);
    return open;
  }

  #send(message: InferenceResponse): void {
    self.postMessage(message, inferenceResponseTransfer(message));
  }
}

const worker = new InferenceWorker();
self.addEventListener('message', (event: MessageEvent<InferenceRequest>) => worker.handle(event.data));
