import { describe, expect, it } from 'vitest';
import { buildHeadRuns, runningMeanRows } from '../../src/app/aggregate';
import { parsePackManifest, type PackManifest } from '../../src/pipeline/manifest';
import { NONE_OF_THESE } from '../../src/pipeline/postprocess';

const sha = 'a'.repeat(64);
const file = (path: string) => ({ path, sha256: sha, bytes: 1, origin: 'test', license: 'test' });
function pack(): PackManifest {
  return parsePackManifest({
    schemaVersion: 1,
    id: 'toy',
    title: 'Toy',
    task: 'action',
    description: 'test pack',
    labels: ['a', 'b'],
    input: {
      frames: 2, sampling: 'segment-centers', resizeShortSide: 8, size: 8, interpolation: 'bilinear', color: 'RGB', layout: 'NCHW',
      normalization: { scale: 255, mean: [0, 0, 0], std: [1, 1, 1] },
    },
    backbone: {
      id: 'bb', title: 'bb', featureDim: 2, inputName: 'input', featuresOutput: 'features',
      frameOutput: { name: 'logits', kind: 'logits', labels: ['a', 'b'] },
      variants: [{ precision: 'fp32', file: 'bb.onnx', backends: ['wasm'] }],
    },
    heads: [
      { id: 'mean', kind: 'frame-mean', title: 'Mean', parameters: 0 },
      {
        id: 'ssm', kind: 'ssm', title: 'SSM', hidden: 4, layers: 1, parameters: 10,
        sequence: { file: 'ssm.onnx', input: 'x', output: 'y' },
        step: { file: 'ssm-step.onnx', input: 'x', output: 'y', state: [{ input: 'h', output: 'h_out', shape: [1, 4] }] },
      },
    ],
    defaultHead: 'ssm',
    ood: { method: 'mahalanobis', file: 'ood.onnx', input: 'f', output: 's', threshold: 5, protocol: 'test' },
    files: [file('bb.onnx'), file('ssm.onnx'), file('ssm-step.onnx'), file('ood.onnx')],
    provenance: { command: 'test' },
  });
}

describe('runningMeanRows', () => {
  it('row t is the mean of rows 0..t', () => {
    expect(runningMeanRows([[1, 0], [0, 1], [0.5, 0.5]])).toEqual([[1, 0], [0.5, 0.5], [0.5, 0.5]]);
    expect(runningMeanRows([])).toEqual([]);
  });
});

describe('buildHeadRuns', () => {
  const ssmProbs = new Float32Array([0.9, 0.1, 0.2, 0.8]);
  it('gives every head its probabilities over time and its decision from the last frame', () => {
    const runs = buildHeadRuns(pack(), [new Float32Array([0.6, 0.4]), new Float32Array([0.8, 0.2])], {
      heads: [{ headId: 'ssm', probabilities: ssmProbs.slice().buffer, classes: 2, ms: 3 }],
      ood: { score: 1, ms: 1 },
    });
    expect(runs.map((r) => r.headId)).toEqual(['mean', 'ssm']);
    expect(runs[0]!.probabilities[1]![0]).toBeCloseTo(0.7, 6);
    expect(runs[0]!.decision.label).toBe('a');
    expect(runs[1]!.probabilities).toHaveLength(2);
    expect(runs[1]!.decision.label).toBe('b'); // the causal head's answer after the last frame
    expect(runs[1]!.ms).toBe(3);
  });
  it('applies "none of these" to every head when the OOD score is over the threshold', () => {
    const runs = buildHeadRuns(pack(), [new Float32Array([0.6, 0.4]), new Float32Array([0.8, 0.2])], {
      heads: [{ headId: 'ssm', probabilities: ssmProbs.slice().buffer, classes: 2, ms: 3 }],
      ood: { score: 9, ms: 1 },
    });
    expect(runs.every((r) => r.decision.label === NONE_OF_THESE && r.decision.outOfScope)).toBe(true);
  });
  it('fails loudly when a temporal head has no output', () => {
    expect(() => buildHeadRuns(pack(), [new Float32Array([1, 0])], { heads: [], ood: null })).toThrow(/ssm/);
  });
});
