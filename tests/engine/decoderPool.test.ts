import { describe, expect, it } from 'vitest';
import { DecodeClient } from '../../src/clients/decodeClient';
import { DecoderPool } from '../../src/engine/decoderPool';
import { ScriptedDecodeWorker } from './scriptedWorkers';

function pool(size: number) {
  const ports: ScriptedDecodeWorker[] = [];
  const spawn = () => {
    const port = new ScriptedDecodeWorker();
    ports.push(port);
    return new DecodeClient(port, 'http://app/');
  };
  return { pool: new DecoderPool(spawn, size), ports };
}

describe('DecoderPool', () => {
  it('starts workers only when needed, never more than its size, and hands a released one to the next in line', async () => {
    const { pool: p, ports } = pool(2);
    expect(ports).toHaveLength(0);
    const a = await p.acquire();
    const b = await p.acquire();
    expect(ports).toHaveLength(2);
    let third: DecodeClient | null = null;
    const waiting = p.acquire().then((d) => (third = d));
    await new Promise((r) => setTimeout(r, 0));
    expect(third).toBeNull();
    p.release(a);
    await waiting;
    expect(third).toBe(a);
    expect(ports).toHaveLength(2);
    p.release(b);
    p.release(third!);
    expect(await p.acquire()).toBeDefined();
    expect(ports).toHaveLength(2);
  });

  it('drops a worker that crashed and starts a new one for the next clip', async () => {
    const { pool: p, ports } = pool(1);
    const a = await p.acquire();
    ports[0]!.crash();
    expect(a.deadReason).not.toBeNull();
    p.release(a);
    expect(ports[0]!.terminated).toBe(true);
    const b = await p.acquire();
    expect(b).not.toBe(a);
    expect(ports).toHaveLength(2);
  });

  it('gives up waiting when the clip is cancelled, and releases the worker after `with` however it ends', async () => {
    const { pool: p } = pool(1);
    const held = await p.acquire();
    const abort = new AbortController();
    const waiting = p.acquire(abort.signal);
    abort.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    p.release(held);
    await expect(p.with(undefined, async () => Promise.reject(new Error('clip failed')))).rejects.toThrow('clip failed');
    expect(await p.with(undefined, async (d) => d)).toBe(held);
    expect(p.alive).toBe(1);
  });
});
