// Every shipped pack manifest is valid, every file it lists is there with the declared bytes and
// sha256, and what Python wrote into the manifests agrees with what the TypeScript side uses.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePackIndex, parsePackManifest, resolvePackPath, temporalHeads, type PackManifest } from '../../src/pipeline/manifest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MODELS = join(ROOT, 'public/models');
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

/** The frame geometry scripts/extract-features.ts and training/packs/build_packs.py both read. */
const packConfig = readJson(join(ROOT, 'training/packs/pack-config.json')) as {
  input: Record<string, unknown>;
  featureDim: number;
};

const index = parsePackIndex(readJson(join(MODELS, 'index.json')), 'public/models/index.json');
const manifests: [string, PackManifest][] = index.packs.map((p) => {
  const path = join(MODELS, p.manifest);
  return [p.manifest, parsePackManifest(readJson(path), p.manifest)];
});

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

describe('public/models/index.json', () => {
  it('lists each pack once, with a manifest whose id matches', () => {
    expect(new Set(index.packs.map((p) => p.id)).size).toBe(index.packs.length);
    for (const [source, pack] of manifests) expect(source.startsWith(`${pack.id}/`)).toBe(true);
  });

  it('ships the imagenet pack (the app tests with it)', () => {
    expect(index.packs.map((p) => p.id)).toContain('imagenet');
  });
});

describe.each(manifests)('%s', (source, pack) => {
  it('lists only files that exist with the declared bytes and sha256', () => {
    for (const file of pack.files) {
      const path = join(MODELS, resolvePackPath(source, file.path));
      expect(existsSync(path), `${file.path} (from ${source}) is missing`).toBe(true);
      expect(statSync(path).size, file.path).toBe(file.bytes);
      expect(sha256(path), file.path).toBe(file.sha256);
    }
  });

  it('uses the frame geometry of training/packs/pack-config.json (the extractor and Python agree)', () => {
    const { frames: _frames, ...geometry } = packConfig.input;
    const { frames, normalization: _n, liveSize: _live, ...manifestGeometry } = pack.input;
    expect(manifestGeometry).toEqual(geometry);
    expect([8, 16, 24]).toContain(frames);
  });

  it("uses its backbone's own normalisation, input name and feature size", () => {
    const variant = pack.backbone.variants[0]!;
    const backboneJson = join(MODELS, dirname(resolvePackPath(source, variant.file)), 'backbone.json');
    const info = readJson(backboneJson) as {
      featureDim: number;
      input: { name: string };
      normalization: { scale: number; mean: number[]; std: number[] };
      liveSize?: number;
    };
    expect(pack.input.liveSize).toBe(info.liveSize); // real time's input side is the backbone's to declare
    expect(pack.input.normalization).toEqual({
      scale: info.normalization.scale,
      mean: info.normalization.mean,
      std: info.normalization.std,
    });
    expect(pack.backbone.inputName).toBe(info.input.name);
    expect(pack.backbone.featureDim).toBe(info.featureDim);
  });

  it('gives every temporal head files and metrics measured under a stated protocol', () => {
    for (const head of temporalHeads(pack)) {
      expect(head.metrics?.protocol.length ?? 0).toBeGreaterThan(20);
      expect(head.step.state.length).toBeGreaterThan(0);
    }
  });
});

describe('ucf101-6 parity with the Python export', () => {
  const entry = manifests.find(([, p]) => p.id === 'ucf101-6');
  it('manifest T, feature size and labels equal those the heads were exported with', () => {
    expect(entry, 'public/models/ucf101-6/manifest.json is not in index.json').toBeDefined();
    const pack = entry![1];
    const fixture = readJson(join(ROOT, 'tests/fixtures/heads-parity.json')) as {
      frames: number;
      featureDim: number;
      labels: string[];
    };
    expect(pack.input.frames).toBe(fixture.frames);
    expect(pack.backbone.featureDim).toBe(fixture.featureDim);
    expect(pack.backbone.featureDim).toBe(packConfig.featureDim);
    expect(pack.labels).toEqual(fixture.labels);
    expect(pack.ood?.threshold).toBeTypeOf('number');
  });
});
