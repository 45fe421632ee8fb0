// The controller's run logic (order of stages, stale runs, cancel, errors) against a scripted
// engine: the ModerationEngine seam, not ffmpeg.wasm or onnxruntime-web (the e2e runs those).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModerationController } from '../../../src/features/moderation/controller';
import type { ModerationEngine, ModerationPack, ScoreCallbacks } from '../../../src/features/moderation/engine';
import { abortError, ReelscopeError } from '../../../src/pipeline/errors';
import { parsePackManifest } from '../../../src/pipeline/manifest';
import type { ClipMetadata } from '../../../src/pipeline/probe';

const manifest = parsePackManifest(JSON.parse(readFileSync(join(__dirname, '../../../public/models/moderation/manifest.json'), 'utf8')));
const PACK: ModerationPack = { id: 'moderation', source: { kind: 'served', manifestUrl: 'http://x/models/moderation/manifest.json' }, added: null, manifest };
const actions = parsePackManifest(JSON.parse(readFileSync(join(__dirname, '../../../public/models/ucf101-6/manifest.json'), 'utf8')));
const ACTIONS: ModerationPack = { id: 'ucf101-6', source: { kind: 'served', manifestUrl: 'http://x/models/ucf101-6/manifest.json' }, added: null, manifest: actions };
const METADATA: ClipMetadata = {
  container: 'mp4', durationSec: 8, fps: 25, codec: 'h264', width: 320, height: 240, rotation: 0, displayWidth: 320, displayHeight: 240,
  streamIndex: 0, offsetSec: 0, lastFrameSec: 7.96, declaredDurationSec: 8, seekable: true,
};
const BACKEND = { backend: 'wasm' as const, reason: 'test', detail: 'wasm', threads: 1, crossOriginIsolated: false, adapter: null };

/**
 * Scores `frames` frames: Drawing 0.8 from 4 s on; the action pack's windows are out of scope
 * (score 3, threshold 2) from 6 s on. `hold` keeps score() pending until aborted.
 */
function engine(options: { hold?: boolean; fail?: ReelscopeError } = {}): ModerationEngine & { requested: number[] } {
  const requested: number[] = [];
  return {
    requested,
    loadPack: async (id) => {
      const pack = [PACK, ACTIONS].find((p) => p.id === id);
      if (!pack) throw new ReelscopeError('ModelLoadFailed', `No pack "${id}"`);
      return pack;
    },
    prepare: async () => ({ backend: BACKEND, precision: 'fp32', loadMs: 1 }),
    score: async (_pack, _file, frames, cb: ScoreCallbacks) => {
      requested.push(frames);
      const times = Array.from({ length: frames }, (_, i) => ((i + 0.5) * 8) / frames);
      cb.onMetadata(METADATA, times);
      if (options.fail) throw options.fail;
      if (options.hold) {
        await new Promise((_, reject) => cb.signal.addEventListener('abort', () => reject(abortError())));
      }
      times.forEach((t, i) => {
        const d = t >= 4 ? 0.8 : 0.01;
        const rgb = new Uint8Array(3);
        const probabilities = new Float32Array(_pack.manifest.labels.length);
        probabilities.set([d, 0, 1 - d]);
        cb.onFrame({ index: i, timeSec: t, rgb, probabilities, oodScore: _pack.id === ACTIONS.id ? (t >= 6 ? 3 : 1) : null });
        cb.onProgress(i + 1, frames);
      });
      return { metadata: METADATA, times };
    },
  };
}

const options = {
  backendPreference: () => 'wasm' as const,
  thumbnail: async () => 'blob:thumb',
  oodThreshold: (packId: string) => (packId === ACTIONS.id ? 2 : null),
};
const file = new File([new Uint8Array(10)], 'clip.mp4');

describe('ModerationController', () => {
  it('scores the chosen number of frames and derives segments and verdict', async () => {
    const e = engine();
    const c = new ModerationController(e, options);
    c.setFrameCount(48);
    c.setThreshold('Drawing', 0.5);
    c.setAction('Drawing', 'block');
    await c.analyse(file);
    const s = c.store.getState();
    expect(e.requested).toEqual([48]);
    expect(s.status).toBe('done');
    expect(s.frames).toHaveLength(48);
    expect(s.segments.map((x) => [x.category, x.startSec, x.endSec])).toEqual([['Drawing', 4, 8]]);
    expect(s.verdict!.decision).toBe('block');
    expect(s.model).toMatchObject({ packId: 'moderation', backend: 'wasm', backbone: { precision: 'fp32' } });
    expect(c.report()!.segments).toEqual(s.segments);
  });

  it('init shows the categories before any clip', async () => {
    const c = new ModerationController(engine(), options);
    await c.init();
    expect(c.store.getState().labels).toEqual(['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy']);
    expect(c.store.getState().status).toBe('idle');
  });

  it('a cancelled run is cancelled, not an error, and gives no report', async () => {
    const c = new ModerationController(engine({ hold: true }), options);
    const run = c.analyse(file);
    await new Promise((r) => setTimeout(r, 0));
    c.cancel();
    await run;
    expect(c.store.getState().status).toBe('cancelled');
    expect(c.store.getState().error).toBeNull();
    expect(c.report()).toBeNull();
  });

  it('a failure lands in the store with its code', async () => {
    const c = new ModerationController(engine({ fail: new ReelscopeError('TruncatedFile', 'cut short') }), options);
    await c.analyse(file);
    expect(c.store.getState().status).toBe('error');
    expect(c.store.getState().error).toEqual({ code: 'TruncatedFile', message: 'cut short' });
  });

  it('a newer clip replaces a running one', async () => {
    const held = engine({ hold: true });
    const c = new ModerationController(
      { ...held, score: (p, f, n, cb) => (f.name === 'first.mp4' ? held.score(p, f, n, cb) : engine().score(p, f, n, cb)) },
      options,
    );
    const first = c.analyse(new File([], 'first.mp4'));
    await new Promise((r) => setTimeout(r, 0));
    await c.analyse(new File([new Uint8Array(1)], 'second.mp4'));
    await first;
    expect(c.store.getState().fileName).toBe('second.mp4');
    expect(c.store.getState().status).toBe('done');
  });

  it('another pack: its labels replace the sliders, a running clip is dropped, the next clip is scored with it', async () => {
    const held = engine({ hold: true });
    const c = new ModerationController(held, options);
    await c.init();
    const first = c.analyse(new File([], 'first.mp4'));
    await new Promise((r) => setTimeout(r, 0));
    await c.selectPack('ucf101-6');
    await first;
    let s = c.store.getState();
    expect(s.packId).toBe('ucf101-6');
    expect(s.labels).toEqual(actions.labels);
    expect(Object.keys(s.thresholds.categories)).toEqual(actions.labels);
    expect(s.status).toBe('idle');
    expect(s.fileName).toBeNull();
    expect(s.error).toBeNull();

    const c2 = new ModerationController(engine(), options);
    await c2.selectPack('ucf101-6');
    await c2.analyse(file);
    s = c2.store.getState();
    expect(s.status).toBe('done');
    expect(s.model).toMatchObject({ packId: 'ucf101-6', scoring: { kind: 'window', headId: actions.defaultHead, window: 16 } });
    expect(s.frames[0]!.scores).toHaveLength(actions.labels.length);
  });

  it('a pack with a detector: windows out of scope are a "none of these" segment for review, which follows the open-set setting and can be turned off', async () => {
    const c = new ModerationController(engine(), options);
    await c.selectPack('ucf101-6');
    expect(c.store.getState().oodThreshold).toBe(2);
    await c.analyse(file);
    let s = c.store.getState();
    expect(s.segments.map((x) => [x.category, x.startSec, x.endSec, x.threshold])).toEqual([['none of these', 6, 8, 2]]);
    expect(s.verdict!.decision).toBe('review');
    expect(s.verdict!.reasons[0]!.text).toBe('None of these for 2.0 s (00:06–00:08): out-of-scope score above 2.00, peak 3.00');
    const report = c.report()!;
    expect(report.oodThreshold).toBe(2);
    expect(report.thresholds.outOfScope).toBe('review');
    expect(report.frames.at(-1)!.oodScore).toBe(3);

    c.setOodThreshold('moderation', 1); // another pack's setting changes nothing here
    expect(c.store.getState().segments).toHaveLength(1);
    c.setOodThreshold('ucf101-6', 0.5); // stricter (a lower threshold): every window is out of scope
    expect(c.store.getState().segments.map((x) => [x.startSec, x.endSec])).toEqual([[0, 8]]);
    c.setOodThreshold('ucf101-6', 5);
    expect(c.store.getState().segments).toEqual([]);
    expect(c.store.getState().verdict!.decision).toBe('allow');

    c.setOodThreshold('ucf101-6', 2);
    c.setOutOfScopeAction('off');
    s = c.store.getState();
    expect(s.segments).toEqual([]);
    expect(s.verdict!.decision).toBe('allow');
  });

  it('the moderation pack has no detector: no out-of-scope threshold, no such segment', async () => {
    const c = new ModerationController(engine(), options);
    await c.analyse(file);
    expect(c.store.getState().oodThreshold).toBeNull();
    expect(c.store.getState().segments.every((x) => x.category !== 'none of these')).toBe(true);
  });

  it('a pack that is gone is an error in the store, and another pack still works', async () => {
    const c = new ModerationController(engine(), options);
    await c.selectPack('removed');
    expect(c.store.getState().error).toMatchObject({ code: 'ModelLoadFailed' });
    await c.analyse(file);
    expect(c.store.getState().status).toBe('error');
    await c.selectPack('moderation');
    expect(c.store.getState().error).toBeNull();
    await c.analyse(file);
    expect(c.store.getState().status).toBe('done');
  });
});
