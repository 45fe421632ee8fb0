// A model pack opened on one backend: its backbone, temporal heads and OOD detector as ONNX
// sessions, and the stage functions the inference worker exposes (frame, heads, streaming steps).
import { ReelscopeError } from '../../src/pipeline/errors';
import { graphProblems, packGraphExpectations, type GraphInfo } from '../../src/pipeline/graphContract';
import { fileRef, temporalHeads, type PackManifest, type TemporalHead } from '../../src/pipeline/manifest';
import { meanRows, softmax, softmaxRows, temperatureOf } from '../../src/pipeline/postprocess';
import { framesToBatch } from '../../src/pipeline/preprocess';
import type { BackboneBench, FrameResult, HeadsResult, PackRef, StepResult } from '../../src/protocol/inference';
import { pickVariant, type OrtRuntime, type Overrides, type Session, type Tensor } from './backend';
import { packFileReader, type PackFileReader } from './packFiles';

interface StepSession {
  head: TemporalHead;
  session: Session;
  state: Map<string, Tensor>;
  steps: number;
}

export class PackRuntime {
  readonly manifest: PackManifest;
  readonly precision: string;
  readonly #runtime: OrtRuntime;
  readonly #read: PackFileReader;
  readonly #backbone: Session;
  readonly #heads: { head: TemporalHead; session: Session }[];
  readonly #ood: Session | null;

  private constructor(init: {
    pack: PackRef;
    read: PackFileReader;
    runtime: OrtRuntime;
    precision: string;
    backbone: Session;
    heads: { head: TemporalHead; session: Session }[];
    ood: Session | null;
  }) {
    this.manifest = init.pack.manifest;
    this.#read = init.read;
    this.#runtime = init.runtime;
    this.precision = init.precision;
    this.#backbone = init.backbone;
    this.#heads = init.heads;
    this.#ood = init.ood;
  }

  /**
   * Opens (or reuses) every session the pack needs per clip, and checks each graph's inputs and
   * outputs against the manifest; `cached` if none had to be created. Step graphs are opened (and
   * checked) by openStep. `read` defaults to where the pack's source says its files are.
   */
  static async open(
    pack: PackRef,
    runtime: OrtRuntime,
    overrides: Overrides,
    { read = packFileReader(pack.source) }: { read?: PackFileReader } = {},
  ): Promise<{ pack: PackRuntime; cached: boolean }> {
    const manifest = pack.manifest;
    let cached = true;
    const sessions = new Map<string, Session>();
    const open = async (path: string): Promise<Session> => {
      const result = openFile(runtime, read, manifest, path);
      cached &&= result.cached;
      const session = await result.session;
      sessions.set(path, session);
      return session;
    };
    const variant = pickVariant(manifest, runtime.backend, overrides.precision);
    const [backbone, heads, ood] = await Promise.all([
      open(variant.file),
      Promise.all(temporalHeads(manifest).map(async (head) => ({ head, session: await open(head.sequence.file) }))),
      manifest.ood ? open(manifest.ood.file) : Promise.resolve(null),
    ]);
    checkGraphs(manifest, variant.file, sessions);
    const runtimeForPack = new PackRuntime({ pack, read, runtime, precision: variant.precision, backbone, heads, ood });
    if (!cached) await runtimeForPack.#warmUp();
    return { pack: runtimeForPack, cached };
  }

  /**
   * One throw-away run of every graph on constant input: onnxruntime's first run of a session
   * allocates and plans (tens of ms), which belongs in "load model", not in the first clip's
   * CNN and head timings.
   */
  async #warmUp(): Promise<void> {
    const { input, backbone } = this.manifest;
    await this.frame(0, new ArrayBuffer(input.size * input.size * 3));
    // Ones, not zeros: a detector on L2-normalised features (k-NN) has no direction for a zero vector and scores it NaN.
    await this.heads(input.frames, new Float32Array(input.frames * backbone.featureDim).fill(1).buffer);
  }

  #tensor(data: Float32Array, dims: number[]): Tensor {
    return new this.#runtime.ort.Tensor('float32', data, dims);
  }

  /** One frame through the backbone (a batch of one). */
  async frame(index: number, rgb: ArrayBuffer, size?: number): Promise<FrameResult> {
    return (await this.frames([index], [rgb], size))[0]!;
  }

  /**
   * Frames through the backbone in one [N, 3, size, size] run; results in the order given. `size` is
   * the manifest's input.size (the default) or its input.liveSize (real time).
   */
  async frames(indices: readonly number[], rgb: readonly ArrayBuffer[], size = this.manifest.input.size): Promise<FrameResult[]> {
    const { input, backbone } = this.manifest;
    const n = indices.length;
    if (n === 0 || rgb.length !== n) throw new ReelscopeError('InferenceFailed', `expected one RGB frame per index, got ${rgb.length} for ${n}`);
    if (size !== input.size && size !== input.liveSize) {
      throw new ReelscopeError('InferenceFailed', `pack "${this.manifest.id}" runs at ${[input.size, input.liveSize].filter(Boolean).join(' or ')} px, not ${size}`);
    }
    const t0 = performance.now();
    const batch = framesToBatch(rgb.map((b) => new Uint8Array(b)), { size, normalization: input.normalization });
    const t1 = performance.now();
    const fetches = [backbone.featuresOutput, ...(backbone.frameOutput ? [backbone.frameOutput.name] : [])];
    const outputs = await this.#run(this.#backbone, { [backbone.inputName]: this.#tensor(batch, [n, 3, size, size]) }, fetches);
    const t2 = performance.now();
    const D = backbone.featureDim;
    const features = floats(outputs[backbone.featuresOutput], 'backbone features');
    if (features.length !== n * D) {
      throw new ReelscopeError('InferenceFailed', `backbone gave ${features.length / n} features per frame, the manifest says ${D}`);
    }
    const classifier = backbone.frameOutput ? floats(outputs[backbone.frameOutput.name], 'frame classifier') : null;
    const classes = classifier ? classifier.length / n : 0;
    return indices.map((index, i) => {
      let frameProbabilities: ArrayBuffer | null = null;
      if (classifier && backbone.frameOutput) {
        const raw = classifier.subarray(i * classes, (i + 1) * classes);
        const probs = backbone.frameOutput.kind === 'logits' ? softmax(raw) : Float32Array.from(raw);
        frameProbabilities = probs.buffer as ArrayBuffer;
      }
      return {
        index,
        features: features.slice(i * D, (i + 1) * D).buffer as ArrayBuffer,
        frameProbabilities,
        preprocessMs: (t1 - t0) / n,
        cnnMs: (t2 - t1) / n,
        batch: n,
      };
    });
  }

  /** The backbone session alone, `runs` times on one [batch, 3, size, size] tensor of a synthetic picture. */
  async benchBackbone(batch: number, runs: number): Promise<BackboneBench> {
    const { input, backbone } = this.manifest;
    const frame = new Uint8Array(input.size * input.size * 3).map((_, i) => (i * 37) % 251);
    const tensor = this.#tensor(framesToBatch(Array.from({ length: batch }, () => frame), input), [batch, 3, input.size, input.size]);
    const msPerRun: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      await this.#run(this.#backbone, { [backbone.inputName]: tensor }, [backbone.featuresOutput]);
      msPerRun.push(performance.now() - t0);
    }
    return { batch, precision: this.precision, msPerRun };
  }

  /**
   * Every temporal head's sequence graph on the clip's [1, T, D] features (probabilities at the
   * head's calibrated temperature), and the OOD score of the clip-mean [1, D] or of the frames
   * [1, T, D], as the manifest's ood.inputKind says.
   */
  async heads(frames: number, features: ArrayBuffer): Promise<HeadsResult> {
    const dim = this.manifest.backbone.featureDim;
    const all = new Float32Array(features);
    if (all.length !== frames * dim) throw new ReelscopeError('InferenceFailed', `expected ${frames}×${dim} features, got ${all.length}`);
    const classes = this.manifest.labels.length;
    const heads: HeadsResult['heads'] = [];
    for (const { head, session } of this.#heads) {
      const t0 = performance.now();
      const out = await this.#run(session, { [head.sequence.input]: this.#tensor(all, [1, frames, dim]) }, [head.sequence.output]);
      const logits = floats(out[head.sequence.output], `head ${head.id}`);
      if (logits.length !== frames * classes) throw labelMismatch(this.manifest, head, logits.length / frames);
      const rows = softmaxRows(logits, classes, temperatureOf(head));
      const probabilities = new Float32Array(frames * classes);
      rows.forEach((row, t) => probabilities.set(row, t * classes));
      heads.push({ headId: head.id, probabilities: probabilities.buffer as ArrayBuffer, classes, ms: performance.now() - t0 });
    }
    let ood: HeadsResult['ood'] = null;
    if (this.#ood && this.manifest.ood) {
      const spec = this.manifest.ood;
      const t0 = performance.now();
      const feed =
        spec.inputKind === 'frames'
          ? this.#tensor(all, [1, frames, dim])
          : this.#tensor(meanRows(Array.from({ length: frames }, (_, t) => all.subarray(t * dim, (t + 1) * dim))), [1, dim]);
      const out = await this.#run(this.#ood, { [spec.input]: feed }, [spec.output]);
      const score = floats(out[spec.output], 'ood')[0];
      if (score === undefined || !Number.isFinite(score)) throw new ReelscopeError('InferenceFailed', 'the OOD detector gave no score');
      ood = { score, ms: performance.now() - t0 };
    }
    return { heads, ood };
  }

  // --- streaming (step graphs) ---

  async openStep(headId: string): Promise<StepSession> {
    const head = temporalHeads(this.manifest).find((h) => h.id === headId);
    if (!head) throw new ReelscopeError('InferenceFailed', `pack "${this.manifest.id}" has no temporal head "${headId}"`);
    const session = await openFile(this.#runtime, this.#read, this.manifest, head.step.file).session;
    checkGraphs(this.manifest, null, new Map([[head.step.file, session]]));
    const step: StepSession = { head, session, state: new Map(), steps: 0 };
    this.resetStep(step);
    return step;
  }

  resetStep(step: StepSession): void {
    step.state.clear();
    for (const s of step.head.step.state) {
      step.state.set(s.input, this.#tensor(new Float32Array(s.shape.reduce((a, b) => a * b, 1)), s.shape));
    }
    step.steps = 0;
  }

  async step(step: StepSession, features: ArrayBuffer): Promise<StepResult> {
    const dim = this.manifest.backbone.featureDim;
    const x = new Float32Array(features);
    if (x.length !== dim) throw new ReelscopeError('InferenceFailed', `a step takes ${dim} features, got ${x.length}`);
    const t0 = performance.now();
    const spec = step.head.step;
    const feeds: Record<string, Tensor> = { [spec.input]: this.#tensor(x, [1, dim]) };
    for (const [name, tensor] of step.state) feeds[name] = tensor;
    const out = await this.#run(step.session, feeds, [spec.output, ...spec.state.map((s) => s.output)]);
    for (const s of spec.state) {
      const next = out[s.output];
      if (!next) throw new ReelscopeError('InferenceFailed', `step graph gave no state "${s.output}"`);
      step.state.set(s.input, next);
    }
    const logits = floats(out[spec.output], `step ${step.head.id}`);
    if (logits.length !== this.manifest.labels.length) throw labelMismatch(this.manifest, step.head, logits.length);
    const probabilities = softmax(logits, temperatureOf(step.head));
    step.steps++;
    return { probabilities: probabilities.buffer as ArrayBuffer, ms: performance.now() - t0, step: step.steps };
  }

  async #run(session: Session, feeds: Record<string, Tensor>, fetches: string[]): Promise<Record<string, Tensor>> {
    try {
      return (await session.run(feeds, fetches)) as Record<string, Tensor>;
    } catch (error) {
      throw new ReelscopeError('InferenceFailed', 'onnxruntime-web failed to run a model.', String(error));
    }
  }
}

function openFile(runtime: OrtRuntime, read: PackFileReader, manifest: PackManifest, path: string): { session: Promise<Session>; cached: boolean } {
  const ref = fileRef(manifest, path);
  return runtime.session(ref.sha256, path, () => read(ref));
}

/** Throws PackLabelMismatch or PackGraphMismatch, naming every difference, if a graph is not what the manifest says. */
function checkGraphs(manifest: PackManifest, backboneFile: string | null, sessions: Map<string, Session>): void {
  const problems = packGraphExpectations(manifest, backboneFile).flatMap((expected) => {
    const session = sessions.get(expected.file);
    return session ? graphProblems(expected, graphInfo(session)) : [];
  });
  if (problems.length === 0) return;
  const detail = problems.map((p) => p.message).join('\n');
  if (problems.some((p) => p.kind === 'labels')) {
    throw new ReelscopeError('PackLabelMismatch', `Pack "${manifest.id}" lists ${manifest.labels.length} labels, but its classifier gives another number of classes.`, detail);
  }
  throw new ReelscopeError('PackGraphMismatch', `Pack "${manifest.id}": a graph's inputs or outputs differ from its manifest.`, detail);
}

function labelMismatch(manifest: PackManifest, head: TemporalHead, classes: number): ReelscopeError {
  return new ReelscopeError(
    'PackLabelMismatch',
    `Pack "${manifest.id}" lists ${manifest.labels.length} labels, but head "${head.id}" gives ${classes} classes.`,
  );
}

function graphInfo(session: Session): GraphInfo {
  const info = (metadata: Session['inputMetadata']) => metadata.map((m) => ({ name: m.name, shape: m.isTensor ? m.shape : [] }));
  return { inputs: info(session.inputMetadata), outputs: info(session.outputMetadata) };
}

function floats(tensor: Tensor | undefined, what: string): Float32Array {
  if (!tensor || !(tensor.data instanceof Float32Array)) {
    throw new ReelscopeError('InferenceFailed', `${what}: expected a float32 output`);
  }
  return tensor.data;
}
