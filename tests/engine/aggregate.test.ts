import { describe, expect, it } from 'vitest';
import { atOodThreshold, buildHeadRuns, oodResult, runningMeanRows } from '../../src/engine/aggregate';
import { parsePackManifest, type PackManifest } from '../../src/pipeline/manifest';
import { NONE_OF_THESE } from '../../src/pipeline/postprocess';

const sha = 'a'.repeat(64);
const file = (path: string) => ({ path, sha256: sha, bytes: 1, origin: 'test', license: 'test' });
function pack(trust: { calibration?: object; operatingCurve?: object[] } = {}): PackManifest {
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
        ...(trust.calibration ? { calibration: trust.calibration } : {}),
      },
    ],
    defaultHead: 'ssm',
    ood: {
      method: 'mahalanobis', file: 'ood.onnx', input: 'f', output: 's', threshold: 5, protocol: 'test',
      ...(trust.operatingCurve ? { operatingCurve: trust.operatingCurve } : {}),
    },
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

describe('calibration and operating points', () => {
  const ssmProbs = new Float32Array([0.9, 0.1, 0.45, 0.55]);
  const frames = [new Float32Array([0.6, 0.4]), new Float32Array([0.8, 0.2])];
  const calibration = { temperature: 1.5, unsureBelow: 0.6, ece: 0.03, protocol: 'group CV' };
  const curve = [
    { threshold: 3, falseNone: 0.1, catchRate: 0.95 },
    { threshold: 5, falseNone: 0.02, catchRate: 0.9 },
    { threshold: 8, falseNone: 0.01, catchRate: 0.7 },
  ];
  const outputs = (score: number) => ({ heads: [{ headId: 'ssm', probabilities: ssmProbs.slice().buffer, classes: 2, ms: 3 }], ood: { score, ms: 1 } });

  it('a calibrated head is unsure below its level; an uncalibrated head and the frame mean never are', () => {
    const calibrated = buildHeadRuns(pack({ calibration }), frames, outputs(1));
    expect(calibrated[1]!.decision).toMatchObject({ label: 'b', unsure: true });
    expect(calibrated[0]!.decision.unsure).toBe(false);
    expect(buildHeadRuns(pack(), frames, outputs(1))[1]!.decision.unsure).toBe(false);
  });
  it('the manifest fields parse, and the default inputKind is the clip mean', () => {
    const p = pack({ calibration, operatingCurve: curve });
    expect(p.ood!.inputKind).toBe('clip-mean');
    expect(p.ood!.operatingCurve).toEqual(curve);
    expect(() => pack({ operatingCurve: [curve[1]!, curve[0]!] })).toThrow(/ascending/);
  });
  it('re-decides every head and the OOD verdict at another threshold from the kept score', () => {
    const p = pack({ calibration, operatingCurve: curve });
    const runs = buildHeadRuns(p, frames, outputs(6));
    const ood = oodResult(p, { score: 6, ms: 1 });
    expect(runs.every((r) => r.decision.outOfScope)).toBe(true);
    const looser = atOodThreshold(runs, ood, 8);
    expect(looser.heads.map((h) => h.decision.label)).toEqual(['a', 'b']);
    expect(looser.heads[1]!.decision.unsure).toBe(true);
    expect(looser.ood).toMatchObject({ score: 6, threshold: 8, outOfScope: false });
    const back = atOodThreshold(looser.heads, looser.ood, 5);
    expect(back.heads.map((h) => h.decision)).toEqual(runs.map((r) => r.decision));
    expect(back.ood).toEqual(ood);
    expect(atOodThreshold(runs, null, 8).ood).toBeNull();
  });
});
