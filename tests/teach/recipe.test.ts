// The whole recipe on real features (linear probe, to stay quick): an honest out-of-fold score, a
// progress report per epoch and phase, and a pack the app's import planner accepts with the shared
// backbone left out (resolved to the shipped file by sha256).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packEntries } from '../../src/features/teach/controller';
import { planPackImport } from '../../src/engine/packImport';
import { parsePackManifest } from '../../src/pipeline/manifest';
import type { TeachProgress } from '../../src/protocol/teach';
import { templateFrom } from '../../src/teach/pack';
import { portableTemplate, teachPack } from '../../src/teach/recipe';
import { realDataset, ROOT, useCpuBackend } from './fixtures';

const data = realDataset();
const shipped = parsePackManifest(JSON.parse(readFileSync(join(ROOT, 'public/models/ucf101-6/manifest.json'), 'utf8')));

beforeAll(useCpuBackend);

describe('portableTemplate', () => {
  it('lists the shared backbone under backbone/, same sha256 and size', () => {
    const t = portableTemplate(templateFrom(shipped));
    expect(t.backbone.variants.map((v) => v.file)).toEqual(['backbone/fp32.onnx']);
    expect(t.backboneFiles).toMatchObject([{ path: 'backbone/fp32.onnx', sha256: shipped.files[0]!.sha256, bytes: shipped.files[0]!.bytes }]);
  });
});

describe('teachPack', () => {
  it('scores by group CV, reports progress, and gives a pack the import planner accepts', async () => {
    const seen: TeachProgress['phase'][] = [];
    const spec = {
      packId: 'taught-test',
      title: 'Taught (test)',
      labels: data.labels,
      frames: data.frames,
      featureDim: data.featureDim,
      template: templateFrom(shipped),
      heads: ['linear' as const],
      seed: 1,
      epochs: 12, // sizeForData's 80 take minutes on a loaded 2-core machine
    };
    const outcome = await teachPack(spec, data, (p) => seen.push(p.phase));
    expect(new Set(seen)).toEqual(new Set(['validate', 'train', 'export']));
    const [score] = outcome.scores;
    expect(score).toMatchObject({ headId: 'linear', folds: 3 });
    expect(score!.metrics.n).toBe(data.clips.length);
    expect(score!.metrics.accuracy).toBeGreaterThan(0.5); // chance is 1/3
    expect(outcome.files.map((f) => f.path).sort()).toEqual(['linear.seq.onnx', 'linear.step.onnx', 'ood.onnx']);
    const backbone = join(ROOT, 'public/models/backbones/mobilenetv2-imagenet/fp32.onnx');
    const plan = await planPackImport(packEntries(outcome), {
      shippedFiles: new Map([[shipped.files[0]!.sha256, backbone]]),
      takenIds: new Set(['ucf101-6']),
    });
    expect(plan.manifest.id).toBe('taught-test');
    expect(plan.files.find((f) => f.ref.path === 'backbone/fp32.onnx')!.source).toEqual({ kind: 'shipped', url: backbone });
  }, 60_000);

  it('with every class from one source: still a pack, without the out-of-scope detector, and a warning says why', async () => {
    const oneEach = { ...data, clips: data.clips.map((c) => ({ ...c, source: `video-${c.label}` })) };
    const spec = { packId: 'taught-one', title: 'One each', labels: data.labels, frames: data.frames, featureDim: data.featureDim, template: templateFrom(shipped), heads: ['linear' as const], seed: 1, epochs: 2 };
    const outcome = await teachPack(spec, oneEach);
    expect(outcome.manifest.ood).toBeUndefined();
    expect(outcome.oodThreshold).toBeNull();
    expect(outcome.files.map((f) => f.path)).not.toContain('ood.onnx');
    expect(outcome.warnings.join('\n')).toMatch(/cannot say "none of these"/);
  }, 30_000);
});
