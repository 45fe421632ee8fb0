// The one place that decides how models run: probes the real WebGPU adapter, picks WASM or
// WebGPU with a reason the UI can show, loads onnxruntime-web for it (dynamically: a static
// import would make ORT's pthread workers re-run this worker's entry and hang), fetches model
// files with their sha256 checked, and creates each session once per file content.
import type * as OrtModule from 'onnxruntime-web';
import { ReelscopeError } from '../../src/pipeline/errors';
import type { Backend, BackboneVariant, PackManifest } from '../../src/pipeline/manifest';
import type { InferenceOverrides } from '../../src/protocol/inference';
import type { BackendInfo, BackendPreference } from '../../src/protocol/inference';

export type Ort = typeof OrtModule;
export type Session = OrtModule.InferenceSession;
export type Tensor = OrtModule.Tensor;

// navigator.gpu is not in TypeScript's DOM lib yet: the little we read of it.
interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface GpuAdapterLike {
  info?: GpuAdapterInfoLike;
  isFallbackAdapter?: boolean;
  requestAdapterInfo?: () => Promise<GpuAdapterInfoLike>;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

export type AdapterSummary = NonNullable<BackendInfo['adapter']>;

/** threads default to min(4, hardwareConcurrency) when cross-origin isolated; precision to the manifest's preference. */
export type Overrides = InferenceOverrides;

/** What WebGPU offers here, or null when there is no adapter at all. */
export async function probeAdapter(): Promise<AdapterSummary | null> {
  const gpu = (navigator as Navigator & { gpu?: GpuLike }).gpu;
  if (!gpu) return null;
  let adapter: GpuAdapterLike | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch {
    return null;
  }
  if (!adapter) return null;
  const info = adapter.info ?? (await adapter.requestAdapterInfo?.().catch(() => undefined)) ?? {};
  const text = `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''}`;
  const isFallback = Boolean(adapter.isFallbackAdapter ?? info.isFallbackAdapter) || /swiftshader|llvmpipe|lavapipe/i.test(text);
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    description: info.description ?? '',
    isFallback,
  };
}

/** The backend decision: pure given the probe results, so it can be tested. */
export function decideBackend(
  preference: BackendPreference,
  adapter: AdapterSummary | null,
  env: { crossOriginIsolated: boolean; hardwareConcurrency: number },
  overrides: Overrides = {},
): BackendInfo {
  // One core is left to the decoder and the page: on 2 cores, 1 ORT thread beat 2 end to end by
  // 9–36 % in same-run A/B tests (the decoder and the CNN run at the same time), and the backbone
  // alone ran 72.8 vs 174.5 ms a frame with 1 vs 2 threads on a busy machine (bench:cnn).
  const threads = overrides.threads ?? (env.crossOriginIsolated ? Math.max(1, Math.min(4, env.hardwareConcurrency - 1)) : 1);
  const adapterName = adapter ? [adapter.vendor, adapter.architecture || adapter.description].filter(Boolean).join(' / ') || 'unnamed adapter' : '';
  const wasm = (reason: string): BackendInfo => ({
    backend: 'wasm',
    reason,
    detail: `wasm, ${threads} thread${threads === 1 ? '' : 's'}${env.crossOriginIsolated ? ' (cross-origin isolated)' : ' (not cross-origin isolated)'}`,
    threads,
    crossOriginIsolated: env.crossOriginIsolated,
    adapter,
  });
  const webgpu = (reason: string): BackendInfo => ({
    backend: 'webgpu',
    reason,
    detail: `webgpu: ${adapterName}${adapter?.isFallback ? ' (software fallback)' : ''}`,
    threads,
    crossOriginIsolated: env.crossOriginIsolated,
    adapter,
  });
  switch (preference) {
    case 'wasm':
      return wasm('WASM chosen in settings');
    case 'webgpu':
      if (!adapter) return wasm('WebGPU was asked for, but this browser offers no WebGPU adapter');
      return webgpu(
        adapter.isFallback
          ? `WebGPU forced in settings on a software fallback adapter (${adapterName}): expect it to be much slower than WASM`
          : 'WebGPU chosen in settings',
      );
    case 'auto':
      if (!adapter) return wasm('no WebGPU adapter in this browser');
      if (adapter.isFallback) {
        return wasm(`WebGPU offers only a software fallback adapter (${adapterName}), far slower than WASM`);
      }
      return webgpu(`a hardware WebGPU adapter is available (${adapterName})`);
    default:
      return preference satisfies never;
  }
}

/** The backbone variant for a backend: one listing the backend first wins, then any listing it. */
export function pickVariant(pack: PackManifest, backend: Backend, precision?: BackboneVariant['precision']): BackboneVariant {
  const candidates = pack.backbone.variants.filter((v) => v.backends.includes(backend) && (!precision || v.precision === precision));
  const best = [...candidates].sort((a, b) => a.backends.indexOf(backend) - b.backends.indexOf(backend))[0];
  if (!best) {
    throw new ReelscopeError('BackendUnavailable', `Pack "${pack.id}" has no backbone for ${backend}${precision ? ` at ${precision}` : ''}.`);
  }
  return best;
}

/** onnxruntime-web configured for one backend, with its sessions. */
export class OrtRuntime {
  readonly #sessions = new Map<string, Promise<Session>>();
  /** Session creation is serialised: two callers never build (or download) the same session twice. */
  #chain: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly backend: Backend,
    readonly ort: Ort,
  ) {}

  static async load(backend: Backend, threads: number): Promise<OrtRuntime> {
    let ort: Ort;
    try {
      ort = backend === 'webgpu' ? await import('onnxruntime-web/webgpu') : await import('onnxruntime-web/wasm');
    } catch (error) {
      throw new ReelscopeError('BackendUnavailable', `Could not load onnxruntime-web for ${backend}.`, String(error));
    }
    ort.env.wasm.numThreads = threads;
    ort.env.wasm.proxy = false; // we are already in a worker
    return new OrtRuntime(backend, ort);
  }

  /**
   * The session of a model file, created once per content (`sha256`): packs that share a file
   * (every taught pack shares the backbone) share its session. `cached` tells whether it existed.
   */
  session(sha256: string, name: string, read: () => Promise<Uint8Array>): { session: Promise<Session>; cached: boolean } {
    const existing = this.#sessions.get(sha256);
    if (existing) return { session: existing, cached: true };
    const created = this.#chain.then(async () => {
      const bytes = await read();
      try {
        return await this.ort.InferenceSession.create(bytes, {
          executionProviders: this.backend === 'webgpu' ? ['webgpu', 'wasm'] : ['wasm'],
          graphOptimizationLevel: 'all',
        });
      } catch (error) {
        throw new ReelscopeError('ModelLoadFailed', `onnxruntime-web could not open ${name} on ${this.backend}.`, String(error));
      }
    });
    this.#chain = created.catch(() => undefined);
    this.#sessions.set(sha256, created);
    created.catch(() => this.#sessions.delete(sha256)); // a failed load may be retried later
    return { session: created, cached: false };
  }
}
