// What each graph of a pack must take and give, derived from its manifest, and the check of a
// graph's own input / output metadata (as an ONNX session reports it) against that. A pack made
// elsewhere fails here with every difference named, instead of failing inside session.run later.
import { temporalHeads, type PackManifest } from './manifest';

/** A tensor as the session reports it; `shape` is [] when the graph does not say. Strings are symbolic (dynamic) dims. */
export interface TensorInfo {
  name: string;
  shape: readonly (number | string)[];
}

export interface GraphInfo {
  inputs: readonly TensorInfo[];
  outputs: readonly TensorInfo[];
}


interface ExpectedTensor {
  name: string;
  /** 'dynamic': the graph must leave this dim symbolic (it is fed more than one size). */
  shape: readonly (number | 'any' | 'dynamic')[];
  /** The axis that counts classes: a mismatch there is the labels' fault, not the graph's shape. */
  classAxis?: number;
  /** A single score: any rank, every dim 1 (or dynamic). */
  scalar?: boolean;
}

export interface GraphExpectation {
  /** In words: "the backbone", "head \"ssm\"'s step graph". */
  role: string;
  file: string;
  inputs: readonly ExpectedTensor[];
  outputs: readonly ExpectedTensor[];
}

export interface GraphProblem {
  /** 'labels': the class count differs from the manifest's labels; 'graph': names or shapes differ. */
  kind: 'graph' | 'labels';
  message: string;
}

/** Every graph the pack runs per clip or per step; `backboneFile` is the variant chosen (null: leave the backbone out). */
export function packGraphExpectations(manifest: PackManifest, backboneFile: string | null): GraphExpectation[] {
  const { backbone, input, labels } = manifest;
  const D = backbone.featureDim;
  const C = labels.length;
  const graphs: GraphExpectation[] = [];
  if (backboneFile !== null) {
    graphs.push({
      role: 'the backbone',
      file: backboneFile,
      // With a live size the backbone is fed two sizes, so its H and W must be left open.
      inputs: [{ name: backbone.inputName, shape: ['any', 3, ...(input.liveSize === undefined ? [input.size, input.size] : (['dynamic', 'dynamic'] as const))] }],
      outputs: [
        { name: backbone.featuresOutput, shape: ['any', D] },
        ...(backbone.frameOutput ? [{ name: backbone.frameOutput.name, shape: ['any' as const, backbone.frameOutput.labels.length], classAxis: 1 }] : []),
      ],
    });
  }
  for (const head of temporalHeads(manifest)) {
    graphs.push({
      role: `head "${head.id}"'s sequence graph`,
      file: head.sequence.file,
      inputs: [{ name: head.sequence.input, shape: [1, 'any', D] }],
      outputs: [{ name: head.sequence.output, shape: [1, 'any', C], classAxis: 2 }],
    });
    graphs.push({
      role: `head "${head.id}"'s step graph`,
      file: head.step.file,
      inputs: [{ name: head.step.input, shape: [1, D] }, ...head.step.state.map((s) => ({ name: s.input, shape: s.shape }))],
      outputs: [{ name: head.step.output, shape: [1, C], classAxis: 1 }, ...head.step.state.map((s) => ({ name: s.output, shape: s.shape }))],
    });
  }
  if (manifest.ood) {
    const ood = manifest.ood;
    graphs.push({
      role: 'the out-of-scope detector',
      file: ood.file,
      inputs: [{ name: ood.input, shape: ood.inputKind === 'frames' ? [1, 'any', D] : [1, D] }],
      outputs: [{ name: ood.output, shape: [], scalar: true }],
    });
  }
  return graphs;
}

/** Every way `graph` differs from what the app will feed it and read from it. */
export function graphProblems(expected: GraphExpectation, graph: GraphInfo): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const where = `${expected.role} (${expected.file})`;
  const check = (side: 'input' | 'output', want: ExpectedTensor, have: readonly TensorInfo[]): void => {
    const found = have.find((t) => t.name === want.name);
    if (!found) {
      const names = have.map((t) => `"${t.name}"`).join(', ') || 'none';
      problems.push({ kind: 'graph', message: `${where} has no ${side} "${want.name}" (its ${side}s: ${names})` });
      return;
    }
    if (found.shape.length === 0) return; // the graph does not say; the run will tell
    if (want.scalar) {
      if (found.shape.some((d) => typeof d === 'number' && d !== 1)) {
        problems.push({ kind: 'graph', message: `${where}: ${side} "${want.name}" is ${shapeText(found.shape)}, expected one score` });
      }
      return;
    }
    if (found.shape.length !== want.shape.length) {
      problems.push({ kind: 'graph', message: `${where}: ${side} "${want.name}" is ${shapeText(found.shape)}, expected ${shapeText(want.shape)}` });
      return;
    }
    if (want.shape.some((dim, axis) => dim === 'dynamic' && typeof found.shape[axis] === 'number')) {
      problems.push({ kind: 'graph', message: `${where}: ${side} "${want.name}" is ${shapeText(found.shape)}, but input.liveSize needs its H and W dynamic` });
    }
    want.shape.forEach((dim, axis) => {
      const actual = found.shape[axis]!;
      if (dim === 'dynamic' || dim === 'any' || typeof actual === 'string' || actual === dim) return;
      if (axis === want.classAxis) {
        problems.push({ kind: 'labels', message: `${where} gives ${actual} classes on "${want.name}", but the manifest lists ${dim} labels` });
      } else {
        problems.push({ kind: 'graph', message: `${where}: ${side} "${want.name}" is ${shapeText(found.shape)}, expected ${shapeText(want.shape)}` });
      }
    });
  };
  for (const want of expected.inputs) check('input', want, graph.inputs);
  for (const want of expected.outputs) check('output', want, graph.outputs);
  const fed = new Set(expected.inputs.map((t) => t.name));
  for (const extra of graph.inputs.filter((t) => !fed.has(t.name))) {
    problems.push({ kind: 'graph', message: `${where} also needs input "${extra.name}", which the manifest does not name` });
  }
  return problems;
}

function shapeText(shape: readonly (number | string)[]): string {
  return `[${shape.map((d) => (d === 'any' || d === 'dynamic' ? '?' : String(d))).join(', ')}]`;
}
