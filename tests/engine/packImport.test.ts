// The import planner and the graph contract on the shipped ucf101-6 manifest: each bad case gets its own code.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freeId, pathInside, planPackImport, type PackEntry } from '../../src/engine/packImport';
import { selfContained } from '../../src/engine/packZip';
import { graphProblems, packGraphExpectations } from '../../src/pipeline/graphContract';
import { parsePackManifest, type PackManifest } from '../../src/pipeline/manifest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const shipped = parsePackManifest(JSON.parse(readFileSync(join(ROOT, 'public/models/ucf101-6/manifest.json'), 'utf8')));
// The shipped pack made self-contained, as its exported zip holds it.
const manifest = selfContained(shipped).manifest;

const entry = (path: string, content: string | number): PackEntry => ({
  path,
  size: typeof content === 'number' ? content : content.length,
  blob: async () => new Blob([typeof content === 'number' ? new Uint8Array(content) : content]),
});
const folder = (m: unknown, skip: (path: string) => boolean = () => false): PackEntry[] => [
  entry('pack/manifest.json', JSON.stringify(m)),
  ...(m as PackManifest).files.filter((f) => !skip(f.path)).map((f) => entry(`pack/${f.path}`, f.bytes)),
];
const context = { shippedFiles: new Map<string, string>(), takenIds: new Set<string>() };
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code);

describe('planPackImport', () => {
  it('plans a whole folder, every file from the folder', async () => {
    const plan = await planPackImport(folder(manifest), context);
    expect(plan.files.map((f) => f.source.kind)).toEqual(manifest.files.map(() => 'entry'));
    expect(plan.renamedFrom).toBeNull();
  });

  it('takes a file left out from the app when it ships the same sha256, and renames a taken id', async () => {
    const backbone = manifest.files.find((f) => f.path.endsWith('fp32.onnx'))!;
    const plan = await planPackImport(folder(manifest, (p) => p === backbone.path), {
      shippedFiles: new Map([[backbone.sha256, 'http://app/models/backbones/fp32.onnx']]),
      takenIds: new Set([manifest.id]),
    });
    expect(plan.files.find((f) => f.ref.path === backbone.path)!.source).toEqual({ kind: 'shipped', url: 'http://app/models/backbones/fp32.onnx' });
    expect(plan.manifest.id).toBe(`${manifest.id}-2`);
    expect(plan.renamedFrom).toBe(manifest.id);
  });

  it('gives each bad pack its own code', async () => {
    expect(await codeOf(planPackImport([entry('a.onnx', 3)], context))).toBe('NotAPack');
    expect(await codeOf(planPackImport([entry('manifest.json', '{not json')], context))).toBe('InvalidManifest');
    expect(await codeOf(planPackImport(folder({ ...manifest, title: 7 }), context))).toBe('InvalidManifest');
    const unknownKind = { ...manifest, heads: [{ ...manifest.heads[0], kind: 'transformer' }] };
    expect(await codeOf(planPackImport(folder(unknownKind), context))).toBe('UnknownHeadKind');
    expect(await codeOf(planPackImport(folder(shipped), context))).toBe('InvalidManifest'); // "../backbones" leaves the folder
    expect(await codeOf(planPackImport(folder(manifest, (p) => p.endsWith('ood.onnx')), context))).toBe('PackFileMissing');
    const wrongSize = folder(manifest).map((e) => (e.path.endsWith('ood.onnx') ? entry(e.path, 10) : e));
    expect(await codeOf(planPackImport(wrongSize, context))).toBe('ModelHashMismatch');
  });

  it('keeps paths inside the folder and finds free ids', () => {
    expect(pathInside('a/./b/../c.onnx')).toBe('a/c.onnx');
    expect(pathInside('../x')).toBeNull();
    expect(pathInside('/etc/x')).toBeNull();
    expect(freeId('p', new Set(['p', 'p-2']))).toBe('p-3');
  });
});

describe('graphProblems', () => {
  const seq = packGraphExpectations(manifest, null).find((g) => g.role.includes('sequence'))!;
  const D = manifest.backbone.featureDim;
  it('accepts the graph the manifest describes, symbolic dims included', () => {
    expect(graphProblems(seq, { inputs: [{ name: 'features', shape: [1, 'T', D] }], outputs: [{ name: 'logits', shape: [1, 'T', 6] }] })).toEqual([]);
  });
  it('names a wrong name, a wrong shape, an extra input and a class count that differs from the labels', () => {
    const kinds = (g: Parameters<typeof graphProblems>[1]) => graphProblems(seq, g).map((p) => p.kind);
    expect(kinds({ inputs: [{ name: 'x', shape: [1, 'T', D] }], outputs: [{ name: 'logits', shape: [1, 'T', 6] }] })).toEqual(['graph', 'graph']);
    expect(kinds({ inputs: [{ name: 'features', shape: [1, 'T', 512] }], outputs: [{ name: 'logits', shape: [1, 'T', 6] }] })).toEqual(['graph']);
    expect(kinds({ inputs: [{ name: 'features', shape: [1, 'T', D] }], outputs: [{ name: 'logits', shape: [1, 'T', 5] }] })).toEqual(['labels']);
  });
  it('a pack with a live size needs a backbone that takes any H × W; without one, 224 × 224 is fine', () => {
    const outputs = [{ name: manifest.backbone.featuresOutput, shape: ['N', D] }];
    const backboneOf = (m: typeof manifest) => packGraphExpectations(m, 'fp32.onnx').find((g) => g.role === 'the backbone')!;
    const fixed = { inputs: [{ name: manifest.backbone.inputName, shape: ['N', 3, 224, 224] }], outputs };
    const open = { inputs: [{ name: manifest.backbone.inputName, shape: ['N', 3, 'H', 'W'] }], outputs };
    expect(manifest.input.liveSize).toBeDefined();
    expect(graphProblems(backboneOf(manifest), open)).toEqual([]);
    expect(graphProblems(backboneOf(manifest), fixed).map((p) => p.message)).toEqual([expect.stringContaining('input.liveSize needs its H and W dynamic')]);
    const { liveSize: _live, ...noLive } = manifest.input;
    expect(graphProblems(backboneOf({ ...manifest, input: noLive }), fixed)).toEqual([]);
  });
});
