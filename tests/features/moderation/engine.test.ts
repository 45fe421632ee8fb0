// EngineModeration on a scripted engine: which pack scores how (the backbone's classifier, or the
// default head on a window of frames), which features each window carries, and out-of-order frames.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine';
import type { FrameLoopEvents } from '../../../src/engine/frameLoop';
import { EngineModeration, type ScoredFrame } from '../../../src/features/moderation/engine';
import { windowAround } from '../../../src/features/moderation/windows';
import { ReelscopeError } from '../../../src/pipeline/errors';
import { parsePackManifest } from '../../../src/pipeline/manifest';
import type { ClipMetadata } from '../../../src/pipeline/probe';
import type { HeadsResult } from '../../../src/protocol/inference';
import type { PackSummary } from '../../../src/store/types';

const summaryOf = (id: string): PackSummary => ({
  id,
  source: { kind: 'served', manifestUrl: `http://x/models/${id}/manifest.json` },
  added: null,
  manifest: parsePackManifest(JSON.parse(readFileSync(join(__dirname, `../../../public/models/${id}/manifest.json`), 'utf8'))),
});
const ACTIONS = summaryOf('ucf101-6');
const MODERATION = summaryOf('moderation');
const METADATA = { durationSec: 8 } as ClipMetadata;

/**
 * Delivers `frames` frames in `order`; frame i's features are all i. The heads answer, after a window's
 * last frame, [first frame, last frame, frames in the window, 0, …], so a test can read which window ran.
 */
function scripted(order: (frames: number) => number[], options: { headFails?: boolean } = {}) {
  const windows: number[][] = [];
  const engine = {
    loadPacks: async () => ({ packs: [ACTIONS, MODERATION], defaultPack: ACTIONS.id }),
    scoreFrames: async (pack: PackSummary, _file: File, frames: number, _signal: AbortSignal, events: FrameLoopEvents) => {
      const D = pack.manifest.backbone.featureDim;
      const C = pack.manifest.labels.length;
      const times = Array.from({ length: frames }, (_, i) => ((i + 0.5) * 8) / frames);
      events.metadata?.(METADATA, times);
      for (const index of order(frames)) {
        const probabilities = new Float32Array(C).fill(index / 100);
        await events.frame({
          index,
          timeSec: times[index]!,
          pixels: new Uint8Array(3),
          result: { index, features: new Float32Array(D).fill(index).buffer, frameProbabilities: probabilities.buffer, preprocessMs: 0, cnnMs: 0, batch: 1 },
        });
      }
      return { metadata: METADATA, times };
    },
    runHeads: async (pack: PackSummary, frames: number, features: Float32Array): Promise<HeadsResult> => {
      if (options.headFails) throw new ReelscopeError('InferenceFailed', 'head crashed');
      const D = pack.manifest.backbone.featureDim;
      const C = pack.manifest.labels.length;
      const rows = Array.from({ length: frames }, (_, r) => features[r * D]!);
      windows.push(rows);
      const probabilities = new Float32Array(frames * C);
      probabilities.set([rows[0]!, rows[frames - 1]!, frames], (frames - 1) * C);
      const heads = pack.manifest.heads.map((h) => ({ headId: h.id, probabilities: probabilities.slice().buffer, classes: C, ms: 0 }));
      return { heads, ood: pack.manifest.ood ? { score: 100 + rows[0]!, ms: 0 } : null };
    },
  } as unknown as Engine;
  return { moderation: new EngineModeration(engine), windows };
}

async function score(moderation: EngineModeration, pack: PackSummary, frames: number) {
  const scored: ScoredFrame[] = [];
  const progress: number[] = [];
  await moderation.score(pack, new File([], 'clip.mp4'), frames, {
    signal: new AbortController().signal,
    onMetadata: () => undefined,
    onFrame: (f) => scored.push(f),
    onProgress: (done) => progress.push(done),
  });
  return { scored, progress };
}

describe('EngineModeration', () => {
  it('an action pack scores each frame with its default head on the T frames around it, in frame order', async () => {
    const { moderation, windows } = scripted((n) => Array.from({ length: n }, (_, i) => i));
    const pack = await moderation.loadPack(ACTIONS.id);
    const T = pack.manifest.input.frames;
    const { scored, progress } = await score(moderation, pack, 32);
    expect(scored.map((f) => f.index)).toEqual(Array.from({ length: 32 }, (_, i) => i));
    expect(progress).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    for (const frame of scored) {
      const { start, end } = windowAround(frame.index, 32, T);
      expect(Array.from(frame.probabilities.slice(0, 3))).toEqual([start, end - 1, T]);
      expect(frame.probabilities).toHaveLength(pack.manifest.labels.length);
    }
    // The detector judged the same window: its score carries the window's first frame.
    expect(scored.map((f) => f.oodScore)).toEqual(scored.map((f) => 100 + windowAround(f.index, 32, T).start));
    // Each window carried its own frames' features, in order.
    expect(windows[10]).toEqual(Array.from({ length: T }, (_, r) => windowAround(10, 32, T).start + r));
  });

  it('frames that arrive out of order still give every frame its own window', async () => {
    const { moderation } = scripted((n) => Array.from({ length: n }, (_, i) => (i * 7) % n)); // a permutation for n = 20
    const { scored } = await score(moderation, await moderation.loadPack(ACTIONS.id), 20);
    expect(scored.map((f) => f.index).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    for (const frame of scored) expect(frame.probabilities[0]).toBe(windowAround(frame.index, 20, 16).start);
  });

  it('a clip of fewer frames than T runs every window on the whole clip', async () => {
    const { moderation, windows } = scripted((n) => Array.from({ length: n }, (_, i) => i));
    await score(moderation, await moderation.loadPack(ACTIONS.id), 5);
    expect(windows).toEqual(Array.from({ length: 5 }, () => [0, 1, 2, 3, 4]));
  });

  it('the moderation pack scores each frame with the backbone classifier, no head', async () => {
    const { moderation, windows } = scripted((n) => Array.from({ length: n }, (_, i) => i));
    const { scored } = await score(moderation, await moderation.loadPack(MODERATION.id), 8);
    expect(windows).toEqual([]);
    expect(scored.map((f) => f.probabilities[0])).toEqual(Array.from({ length: 8 }, (_, i) => Math.fround(i / 100)));
    expect(scored.every((f) => f.oodScore === null)).toBe(true);
  });

  it("a head's failure fails the clip", async () => {
    const { moderation } = scripted((n) => Array.from({ length: n }, (_, i) => i), { headFails: true });
    await expect(score(moderation, await moderation.loadPack(ACTIONS.id), 32)).rejects.toMatchObject({ code: 'InferenceFailed' });
  });

  it('an unknown pack is a clear error', async () => {
    const { moderation } = scripted(() => []);
    await expect(moderation.loadPack('gone')).rejects.toMatchObject({ code: 'ModelLoadFailed', message: expect.stringContaining('"gone"') });
  });
});
