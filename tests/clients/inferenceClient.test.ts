import { describe, expect, it } from 'vitest';
import { InferenceClient } from '../../src/clients/inferenceClient';
import { TestPort } from './port';

describe('InferenceClient', () => {
  it('transfers the frames\' buffers to the worker (they are not copied) and returns one result per frame', async () => {
    const port = new TestPort();
    const client = new InferenceClient(port);
    const rgb = [new ArrayBuffer(12), new ArrayBuffer(12)];
    const done = client.frames('pack', [3, 4], rgb);
    const sent = port.sent.at(-1)!;
    expect(sent.message).toMatchObject({ type: 'frames', indices: [3, 4], packId: 'pack' });
    expect(sent.transfer).toEqual(rgb);
    const result = (index: number) => ({ index, features: new ArrayBuffer(8), frameProbabilities: null, preprocessMs: 1, cnnMs: 2, batch: 2 });
    port.reply({ type: 'framesResult', id: sent.message.id, results: [result(3), result(4)] });
    await expect(done).resolves.toEqual([result(3), result(4)]);
  });

  it('resolves concurrent requests by id, in whatever order answers come', async () => {
    const port = new TestPort();
    const client = new InferenceClient(port);
    const a = client.frame('p', 0, new ArrayBuffer(4));
    const b = client.frame('p', 1, new ArrayBuffer(4));
    const [ma, mb] = port.sent.map((s) => s.message);
    port.reply({ type: 'framesResult', id: mb!.id, results: [{ index: 1 }] });
    port.reply({ type: 'framesResult', id: ma!.id, results: [{ index: 0 }] });
    expect((await a).index).toBe(0);
    expect((await b).index).toBe(1);
  });

  it('sends features of a subarray as their own buffer', async () => {
    const port = new TestPort();
    const client = new InferenceClient(port);
    const all = new Float32Array(10);
    void client.heads('p', 1, all.subarray(2, 6)).catch(() => undefined);
    const sent = port.sent.at(-1)!;
    expect((sent.transfer[0] as ArrayBuffer).byteLength).toBe(16);
    client.terminate();
  });

  it('streaming: open, step, reset, close address the same session', async () => {
    const port = new TestPort();
    const client = new InferenceClient(port);
    const opening = client.openStream('ucf', 'ssm');
    expect(port.last()).toMatchObject({ type: 'stepOpen', headId: 'ssm' });
    const sessionId = (port.last() as unknown as { sessionId: string }).sessionId;
    port.reply({ type: 'ok', id: port.last().id });
    const stream = await opening;
    const stepping = stream.step(new Float32Array(4));
    expect(port.last()).toMatchObject({ type: 'step', sessionId });
    port.reply({ type: 'stepResult', id: port.last().id, result: { probabilities: new ArrayBuffer(8), ms: 1, step: 1 } });
    expect((await stepping).step).toBe(1);
    const resetting = stream.reset();
    expect(port.last()).toMatchObject({ type: 'stepReset', sessionId });
    port.reply({ type: 'ok', id: port.last().id });
    await resetting;
  });
});
