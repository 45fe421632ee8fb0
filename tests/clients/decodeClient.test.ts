import { describe, expect, it } from 'vitest';
import { DecodeClient, decodePathFromSearch } from '../../src/clients/decodeClient';
import { ReelscopeError } from '../../src/pipeline/errors';
import type { DecodeJob } from '../../src/protocol/decode';
import { TestPort } from './port';

const job = (): DecodeJob => ({
  file: new File([new Uint8Array([1, 2, 3])], 'a.avi'),
  frames: 2,
  geometry: { resizeShortSide: 8, size: 8, interpolation: 'bilinear' },
  mode: { kind: 'per-frame' },
});
const metadata = { container: 'avi', durationSec: 2, fps: 25, codec: 'mpeg4', width: 8, height: 8, rotation: 0, displayWidth: 8, displayHeight: 8 };

describe('DecodeClient', () => {
  it('passes events to callbacks and resolves with the summary', async () => {
    const port = new TestPort();
    const client = new DecodeClient(port, 'http://x/');
    const frames: number[] = [];
    const progress: number[] = [];
    const done = client.decode(job(), { onFrame: (f) => frames.push(f.index), onProgress: (d) => progress.push(d) });
    const { id } = port.last();
    expect(port.last()).toMatchObject({ type: 'decode', assetBase: 'http://x/' });
    port.reply({ type: 'metadata', id, metadata, times: [0.5, 1.5] });
    for (const index of [0, 1]) {
      port.reply({ type: 'frame', id, frame: { index, requestedSec: 0, timeSec: 0, width: 8, height: 8, rgb: new ArrayBuffer(192) } });
      port.reply({ type: 'progress', id, done: index + 1, total: 2 });
    }
    const summary = { metadata, times: [0.5, 1.5], decodeMs: 1, probeMs: 1, loadMs: 0, execs: 3, mode: { kind: 'per-frame' } };
    port.reply({ type: 'done', id, summary });
    await expect(done).resolves.toEqual(summary);
    expect(frames).toEqual([0, 1]);
    expect(progress).toEqual([1, 2]);
  });

  it('rejects with the worker\'s error code', async () => {
    const port = new TestPort();
    const client = new DecodeClient(port, 'http://x/');
    const done = client.decode(job());
    port.reply({ type: 'error', id: port.last().id, error: { code: 'TruncatedFile', message: 'cut short' } });
    await expect(done).rejects.toMatchObject({ code: 'TruncatedFile', message: 'cut short' });
  });

  it('abort rejects at once with AbortError and tells the worker to cancel that request', async () => {
    const port = new TestPort();
    const client = new DecodeClient(port, 'http://x/');
    const abort = new AbortController();
    const done = client.decode(job(), { signal: abort.signal });
    const { id } = port.last();
    abort.abort();
    await expect(done).rejects.toMatchObject({ code: 'Aborted', name: 'AbortError' });
    expect(port.last()).toMatchObject({ type: 'cancel', target: id });
    // A late answer to the cancelled request is ignored (no throw, nothing resolved twice).
    port.reply({ type: 'done', id, summary: {} });
  });

  it('terminate() rejects everything pending and refuses new work', async () => {
    const port = new TestPort();
    const client = new DecodeClient(port, 'http://x/');
    const a = client.decode(job());
    const b = client.load();
    client.terminate();
    await expect(a).rejects.toBeInstanceOf(ReelscopeError);
    await expect(b).rejects.toMatchObject({ code: 'Aborted' });
    expect(port.terminated).toBe(true);
    await expect(client.decode(job())).rejects.toMatchObject({ code: 'Aborted' });
  });

  it('a worker crash rejects pending requests with WorkerCrashed and marks the client dead', async () => {
    const port = new TestPort();
    const client = new DecodeClient(port, 'http://x/');
    const a = client.decode(job());
    port.fail('error', 'out of memory');
    await expect(a).rejects.toMatchObject({ code: 'WorkerCrashed', detail: 'out of memory' });
    expect(client.deadReason?.code).toBe('WorkerCrashed');
  });

  it('a message that cannot be deserialised rejects pending requests', async () => {
    const port = new TestPort();
    const client = new DecodeClient(port, 'http://x/');
    const a = client.decode(job());
    port.fail('messageerror');
    await expect(a).rejects.toMatchObject({ code: 'WorkerCrashed' });
  });
});

describe('decode path', () => {
  it('reads ?decode= from a page query, and is auto for none or anything else', () => {
    expect(decodePathFromSearch('?decode=ffmpeg')).toBe('ffmpeg');
    expect(decodePathFromSearch('?x=1&decode=webcodecs')).toBe('webcodecs');
    expect(decodePathFromSearch('?decode=auto')).toBe('auto');
    expect(decodePathFromSearch('')).toBe('auto');
    expect(decodePathFromSearch('?decode=gpu')).toBe('auto');
  });

  it('gives jobs that name no path the client\'s default, and leaves a job\'s own path alone', () => {
    const port = new TestPort();
    const client = new DecodeClient(port, 'http://x/', 'ffmpeg');
    void client.decode(job()).catch(() => undefined);
    expect(port.last()).toMatchObject({ type: 'decode', job: { path: 'ffmpeg' } });
    void client.decode({ ...job(), path: 'webcodecs' }).catch(() => undefined);
    expect(port.last()).toMatchObject({ type: 'decode', job: { path: 'webcodecs' } });
    client.terminate();
  });

  it('defaults to what the page URL asks for (auto in Node, which has no location)', () => {
    const port = new TestPort();
    void new DecodeClient(port, 'http://x/').decode(job()).catch(() => undefined);
    expect(port.last()).toMatchObject({ job: { path: 'auto' } });
  });
});
