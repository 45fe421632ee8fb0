import { describe, expect, it } from 'vitest';
import { FeatureCache, featureKey, type PersistentFeatures } from '../../../src/features/teach/featureCache';

const key = (view: number) => featureKey({ sha256: 'ab'.repeat(32), backboneId: 'mobilenetv2-imagenet', frames: 16, view, seed: 7 });

function memoryStore(): PersistentFeatures & { data: Map<string, Float32Array> } {
  const data = new Map<string, Float32Array>();
  return { data, get: async (k) => data.get(k) ?? null, put: async (k, v) => void data.set(k, v.slice()) };
}

describe('FeatureCache', () => {
  it('keys by content, backbone, frame count, view and seed', () => {
    expect(key(0)).not.toBe(key(1));
    expect(featureKey({ sha256: 'x', backboneId: 'b', frames: 16, view: 0, seed: 1 })).not.toBe(featureKey({ sha256: 'x', backboneId: 'b', frames: 8, view: 0, seed: 1 }));
  });

  it('answers from memory, and from the persistent store in a new session', async () => {
    const persistent = memoryStore();
    const first = new FeatureCache(persistent);
    expect(await first.get(key(0))).toBeNull();
    await first.put(key(0), Float32Array.of(1, 2, 3));
    expect(Array.from((await first.get(key(0)))!)).toEqual([1, 2, 3]);
    const second = new FeatureCache(persistent);
    expect(Array.from((await second.get(key(0)))!)).toEqual([1, 2, 3]);
    expect(second.size).toBe(1);
  });

  it('sets a failing persistent store aside, says why, and keeps the session cache', async () => {
    const broken: PersistentFeatures = {
      get: async () => {
        throw new Error('IndexedDB is disabled');
      },
      put: async () => {
        throw new Error('unreachable');
      },
    };
    const cache = new FeatureCache(broken);
    expect(await cache.get(key(0))).toBeNull();
    expect(cache.persistentError).toBe('IndexedDB is disabled');
    await cache.put(key(0), Float32Array.of(4));
    expect(Array.from((await cache.get(key(0)))!)).toEqual([4]);
  });
});
