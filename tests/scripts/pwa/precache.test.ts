import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultPackPrecache, PACK_INDEX_PATH } from '../../../scripts/pwa/precache';
import { contentKeyedUrl, parsePackIndex, parsePackManifest } from '../../../src/pipeline/manifest';

const PUBLIC = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'public');
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(PUBLIC, path), 'utf8'));

describe('contentKeyedUrl', () => {
  it('appends the sha256 as a query parameter', () => {
    expect(contentKeyedUrl('https://h/models/a.onnx', 'ab12')).toBe('https://h/models/a.onnx?sha256=ab12');
    expect(contentKeyedUrl('models/a.onnx?v=1', 'ab12')).toBe('models/a.onnx?v=1&sha256=ab12');
  });
});

describe('defaultPackPrecache', () => {
  it("lists every file of the shipped default pack, keyed by the sha256 of the bytes it serves", () => {
    const index = parsePackIndex(readJson(PACK_INDEX_PATH));
    const manifestPath = `models/${index.packs.find((p) => p.id === index.defaultPack)!.manifest}`;
    const manifest = parsePackManifest(readJson(manifestPath));
    const entries = defaultPackPrecache(readJson);
    expect(entries).toHaveLength(manifest.files.length);
    for (const { url, revision } of entries) {
      expect(revision).toBeNull();
      const [path, query] = url.split('?');
      expect(path).toMatch(/^models\/[^.]/); // resolved: no "../" left
      const bytes = readFileSync(join(PUBLIC, path!));
      expect(query, url).toBe(`sha256=${createHash('sha256').update(bytes).digest('hex')}`);
    }
  });

  it('names the default pack of the index, not the first one listed', () => {
    const files: Record<string, unknown> = {
      [PACK_INDEX_PATH]: { packs: [{ id: 'a', manifest: 'a/manifest.json' }, { id: 'b', manifest: 'b/manifest.json' }], defaultPack: 'b' },
    };
    const read = (path: string): unknown => {
      if (path === 'models/b/manifest.json') return readJson('models/ucf101-6/manifest.json');
      if (path in files) return files[path];
      throw new Error(`read ${path}`);
    };
    // The shipped manifest's id is ucf101-6; the index here calls it "b". Only b's manifest is read.
    const urls = defaultPackPrecache(read).map((e) => e.url);
    expect(urls.some((u) => u.startsWith('models/b/ssm.seq.onnx?sha256='))).toBe(true);
    expect(urls.some((u) => u.startsWith('models/backbones/mobilenetv2-imagenet/fp32.onnx?sha256='))).toBe(true);
  });
});
