import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/pipeline/sha256';
import { decideBackend, pickVariant } from '../../../workers/inference/backend';
import type { PackManifest } from '../../../src/pipeline/manifest';

const isolated = { crossOriginIsolated: true, hardwareConcurrency: 8 };
const swiftshader = { vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader', isFallback: true };
const nvidia = { vendor: 'nvidia', architecture: 'ampere', description: '', isFallback: false };

describe('decideBackend', () => {
  it('auto prefers WASM over a software fallback adapter and says why', () => {
    const info = decideBackend('auto', swiftshader, isolated);
    expect(info.backend).toBe('wasm');
    expect(info.reason).toMatch(/fallback/);
    expect(info.adapter).toEqual(swiftshader);
  });
  it('auto takes a hardware adapter', () => {
    expect(decideBackend('auto', nvidia, isolated).backend).toBe('webgpu');
  });
  it('forcing WebGPU on a fallback adapter is allowed and reported', () => {
    const info = decideBackend('webgpu', swiftshader, isolated);
    expect(info.backend).toBe('webgpu');
    expect(info.reason).toMatch(/forced.*fallback/i);
  });
  it('threads: min(4, cores − 1) when cross-origin isolated (a core stays with the decoder), else 1', () => {
    expect(decideBackend('wasm', null, isolated).threads).toBe(4);
    expect(decideBackend('wasm', null, { crossOriginIsolated: true, hardwareConcurrency: 4 }).threads).toBe(3);
    expect(decideBackend('wasm', null, { crossOriginIsolated: true, hardwareConcurrency: 2 }).threads).toBe(1);
    expect(decideBackend('wasm', null, { crossOriginIsolated: true, hardwareConcurrency: 1 }).threads).toBe(1);
    expect(decideBackend('wasm', null, { crossOriginIsolated: false, hardwareConcurrency: 8 }).threads).toBe(1);
    expect(decideBackend('auto', null, isolated).reason).toMatch(/no WebGPU adapter/);
  });
});

describe('pickVariant', () => {
  const pack = {
    id: 'p',
    backbone: {
      variants: [
        { precision: 'int8', file: 'int8.onnx', backends: ['wasm'] },
        { precision: 'fp32', file: 'fp32.onnx', backends: ['webgpu', 'wasm'] },
      ],
    },
  } as unknown as PackManifest;
  it('int8 for wasm, fp32 for webgpu, or as asked', () => {
    expect(pickVariant(pack, 'wasm').precision).toBe('int8');
    expect(pickVariant(pack, 'webgpu').precision).toBe('fp32');
    expect(pickVariant(pack, 'wasm', 'fp32').precision).toBe('fp32');
    expect(() => pickVariant(pack, 'webgpu', 'int8')).toThrow(/no backbone/);
  });
});

describe('sha256Hex', () => {
  it('matches the known digest of "abc"', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
