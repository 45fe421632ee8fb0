import { describe, expect, it } from 'vitest';
import { TeachClient } from '../../src/clients/teachClient';
import { teachResponseTransfer, type TeachOutcome, type TeachProgress, type TeachSpec } from '../../src/protocol/teach';
import { TestPort } from './port';

const spec = { packId: 'taught-x', title: 'X', labels: ['a', 'b'], frames: 2, featureDim: 2, heads: ['ssm'], seed: 0 } as unknown as TeachSpec;
const clips = [{ views: [new Float32Array(4)], label: 0, source: 's' }];
const outcome = { files: [{ path: 'ssm.seq.onnx', bytes: new ArrayBuffer(3) }] } as unknown as TeachOutcome;

describe('TeachClient', () => {
  it('copies the features (the cache keeps them), passes progress on, resolves with the outcome', async () => {
    const port = new TestPort();
    const client = new TeachClient(port);
    const seen: TeachProgress[] = [];
    const done = client.teach(spec, clips, (p) => seen.push(p));
    const { id } = port.last();
    expect(port.sent[0]!.transfer).toEqual([]);
    port.reply({ type: 'progress', id, progress: { phase: 'export' } });
    port.reply({ type: 'taught', id, outcome });
    await expect(done).resolves.toBe(outcome);
    expect(seen).toEqual([{ phase: 'export' }]);
    expect(teachResponseTransfer({ type: 'taught', id, outcome })).toEqual([outcome.files[0]!.bytes]);
  });

  it('rejects with the worker’s code, and a cancel tells the worker', async () => {
    const port = new TestPort();
    const client = new TeachClient(port);
    const failing = client.teach(spec, clips, () => {});
    port.reply({ type: 'error', id: port.last().id, error: { code: 'TooFewSources', message: 'one source' } });
    await expect(failing).rejects.toMatchObject({ code: 'TooFewSources' });

    const controller = new AbortController();
    const cancelled = client.teach(spec, clips, () => {}, controller.signal);
    const { id } = port.last();
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    expect(port.last()).toMatchObject({ type: 'cancel', target: id });
  });

  it('terminate rejects what is pending', async () => {
    const port = new TestPort();
    const client = new TeachClient(port);
    const pending = client.teach(spec, clips, () => {});
    client.terminate();
    await expect(pending).rejects.toMatchObject({ code: 'Aborted' });
    expect(port.terminated).toBe(true);
  });
});
