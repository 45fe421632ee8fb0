import { describe, expect, it } from 'vitest';
import { DecodeClient } from '../../src/clients/decodeClient';
import { InferenceClient } from '../../src/clients/inferenceClient';
import { runFrameLoop, type FrameLoopJob, type ScoredFrame } from '../../src/engine/frameLoop';
import { ReelscopeError } from '../../src/pipeline/errors';
import { ScriptedDecodeWorker, ScriptedInferenceWorker, ucfManifest, type DecodeScript, type InferenceScript } from './scriptedWorkers';

function setup(decode: DecodeScript = {}, inference: InferenceScript = {}) {
  const decodePort = new ScriptedDecodeWorker(decode);
  const inferencePort = new ScriptedInferenceWorker(ucfManifest, inference);
  const services = { decode: new DecodeClient(decodePort, 'http://app/'), inference: new InferenceClient(inferencePort) };
  return { decodePort, inferencePort, services };
}

const job = (over: Partial<FrameLoopJob> = {}): FrameLoopJob => ({
  file: new File(['x'], 'clip.mp4'),
  manifest: ucfManifest,
  frames: 4,
  mode: { kind: 'batched', batch: 4 },
  signal: new AbortController().signal,
  keepPixels: false,
  ...over,
});

describe('runFrameLoop', () => {
  it('scores every frame once, in arrival order, with its pixels when asked for', async () => {
    const { services, inferencePort } = setup();
    const seen: ScoredFrame[] = [];
    const summary = await runFrameLoop(services, job({ keepPixels: true }), { frame: (f) => void seen.push(f) });
    expect(seen.map((f) => f.index)).toEqual([0, 1, 2, 3]);
    expect(inferencePort.frameIndices).toEqual([0, 1, 2, 3]);
    expect(seen[2]!.pixels![0]).toBe(2);
    expect(new Float32Array(seen[3]!.result.features)[0]).toBe(3);
    expect(summary.times).toHaveLength(4);
  });

  it('sends the frames that arrive while the backbone is busy together, as one batch', async () => {
    const { services, inferencePort } = setup({ burst: true });
    const seen: number[] = [];
    await runFrameLoop(services, job({ frames: 6 }), { frame: (f) => void seen.push(f.index) });
    expect(inferencePort.batches).toEqual([1, 5]);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('scores a frame the decoder sends again (after restarting) only once', async () => {
    const { services, inferencePort } = setup({ order: () => [0, 1, 1, 2, 0, 3] });
    const seen: number[] = [];
    await runFrameLoop(services, job(), { frame: (f) => void seen.push(f.index) });
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(inferencePort.frameIndices).toEqual([0, 1, 2, 3]);
  });

  it('stops the decoder at the first CNN failure and reports that failure, not the cancel', async () => {
    const failure = { code: 'InferenceFailed' as const, message: 'frame 1 failed' };
    const { services, decodePort } = setup({}, { failFrame: { index: 1, error: failure } });
    await expect(runFrameLoop(services, job({ frames: 8 }), { frame: () => undefined })).rejects.toMatchObject(failure);
    expect(decodePort.cancelled).toHaveLength(1);
  });

  it('fails the clip when the consumer of a frame throws', async () => {
    const { services } = setup();
    const loop = runFrameLoop(services, job(), {
      frame: (f) => {
        if (f.index === 2) throw new ReelscopeError('InferenceFailed', 'bad frame');
      },
    });
    await expect(loop).rejects.toMatchObject({ code: 'InferenceFailed', message: 'bad frame' });
  });

  it("reports the decoder's error after the frames in flight have settled", async () => {
    const { services } = setup({ order: () => [0, 1], error: { code: 'TruncatedFile', message: 'cut short' } });
    const seen: number[] = [];
    await expect(runFrameLoop(services, job(), { frame: (f) => void seen.push(f.index) })).rejects.toMatchObject({ code: 'TruncatedFile' });
    expect(seen).toEqual([0, 1]);
  });

  it('calls fewer frames than asked for a TruncatedFile', async () => {
    const { services } = setup({ order: () => [0, 1, 3] });
    await expect(runFrameLoop(services, job(), { frame: () => undefined })).rejects.toMatchObject({
      code: 'TruncatedFile',
      message: 'Only 3 of 4 frames could be decoded.',
    });
  });

  it('ends as an AbortError when the caller cancels, and tells the decoder', async () => {
    let release!: () => void;
    const { services, decodePort } = setup({ hold: new Promise((r) => (release = r)) });
    const abort = new AbortController();
    const loop = runFrameLoop(services, job({ signal: abort.signal }), { frame: () => undefined });
    await new Promise((r) => setTimeout(r, 20));
    abort.abort();
    release();
    await expect(loop).rejects.toMatchObject({ name: 'AbortError' });
    expect(decodePort.cancelled).toHaveLength(1);
  });
});
