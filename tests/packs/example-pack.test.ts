// The example pack, built for real by `bash training/packs/example-pack.sh` (features of 18 UCF101 clips,
// a tiny SSM head trained in seconds, training/packs/export_pack.py), checked as the app will check an
// imported pack (docs/packs.md): the app's schema, paths inside the folder, files present with their sha256
// or left out only where the app ships the same bytes, graphs whose names and shapes are the manifest's,
// the worker's PackRuntime on real features, and the step graph run T times equal to the sequence graph.
// Needs /usr/bin/python3 with torch + onnx (scripts/test-all.sh installs them) and ../shared/data/ucf101-6.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePackIndex, parsePackManifest, temporalHeads, type PackManifest } from '../../src/pipeline/manifest';
import { PackRuntime } from '../../workers/inference/packRuntime';
import type { PackFileReader } from '../../workers/inference/packFiles';
import { nodeRuntime } from '../../scripts/lib/nativePipeline';
import { decodeTensor, type ParityFixture } from '../../training/heads/parity';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DATA = resolve(process.env.REELSCOPE_DATA ?? join(ROOT, '../shared/data/ucf101-6'));
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function missingPrerequisite(): string | null {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch, onnx, numpy'], { stdio: 'pipe' });
  } catch {
    return '/usr/bin/python3 cannot import torch, onnx and numpy (apt install python3-torch python3-onnx python3-numpy; scripts/test-all.sh does)';
  }
  if (!existsSync(DATA)) return `the UCF101 clips are missing at ${DATA} (set REELSCOPE_DATA)`;
  return null;
}
const skipReason = missingPrerequisite();
if (skipReason) console.warn(`tests/packs/example-pack.test.ts skipped: ${skipReason}`);

/** Every .onnx file the app serves itself (public/models/**), by sha256: what an imported pack may leave out. */
function shippedFilesBySha(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.onnx')) out.set(sha256(readFileSync(path)), path);
    }
  };
  walk(join(ROOT, 'public/models'));
  return out;
}

/** onnxruntime-node sessions for an imported pack: its own files from the folder, the rest from the app's by sha256. */
/** The imported pack's files from its folder, or (left out there) the app's own file with the same sha256. */
function importedPackReader(packDir: string, shipped: Map<string, string>): PackFileReader {
  return async (ref) => {
    const local = join(packDir, ref.path);
    const path = existsSync(local) ? local : shipped.get(ref.sha256);
    if (!path) throw new Error(`${ref.path}: not in the pack folder and not shipped by the app`);
    return readFileSync(path);
  };
}

describe.skipIf(skipReason !== null)('the example pack (training/packs/example-pack.sh)', () => {
  const work = mkdtempSync(join(tmpdir(), 'reelscope-example-pack-'));
  let packDir = '';
  let manifest: PackManifest;
  let scriptSeconds = 0;
  const shipped = shippedFilesBySha();
  // Real backbone features of a clip (v_Archery_g20_c01 view 0, float16-rounded), from the heads' golden fixture.
  const fixture = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/heads-parity.json'), 'utf8')) as ParityFixture;
  const realKey = Object.keys(fixture.inputs).find((k) => k.startsWith('real:'))!;
  const features = decodeTensor(fixture.inputs[realKey]!);
  const T = fixture.frames;
  const D = fixture.featureDim;

  beforeAll(async () => {
    const started = performance.now();
    const { stdout } = await promisify(execFile)('bash', ['training/packs/example-pack.sh', join(work, 'example-pack')], {
      cwd: ROOT,
      timeout: 240_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    scriptSeconds = (performance.now() - started) / 1000;
    packDir = stdout.trim().split('\n').pop()!;
    manifest = parsePackManifest(JSON.parse(readFileSync(join(packDir, 'manifest.json'), 'utf8')), join(packDir, 'manifest.json'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('is built in well under 2 minutes and the script prints the pack folder', () => {
    expect(packDir).toBe(join(work, 'example-pack'));
    expect(scriptSeconds).toBeLessThan(120);
  });

  it('passes the app’s schema, with an id the app does not ship and the exact export command', () => {
    const shippedIds = parsePackIndex(JSON.parse(readFileSync(join(ROOT, 'public/models/index.json'), 'utf8'))).packs.map((p) => p.id);
    expect(manifest.id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    expect(shippedIds).not.toContain(manifest.id);
    expect(manifest.labels).toEqual(['BasketballDunk', 'HorseRace', 'PlayingPiano']);
    expect(manifest.input.frames).toBe(T);
    expect(manifest.provenance.command).toMatch(/^\/usr\/bin\/python3 -m training\.packs\.export_pack .*--id example-ucf101-3/);
    for (const head of temporalHeads(manifest)) expect(head.metrics?.protocol).toMatch(/groups g08, g09, g10.*groups g20/);
    expect(manifest.ood?.operatingCurve?.length).toBeGreaterThanOrEqual(2);
  });

  it('names only files inside its folder, each present with its sha256 and size, or left out because the app ships the same bytes', () => {
    for (const file of manifest.files) {
      expect(isAbsolute(file.path)).toBe(false);
      expect(file.path.split('/')).not.toContain('..');
      expect(relative(packDir, resolve(packDir, file.path)).startsWith('..')).toBe(false);
      expect(file.origin.length * file.license.length).toBeGreaterThan(0);
      const path = join(packDir, file.path);
      if (existsSync(path)) {
        expect(statSync(path).size).toBe(file.bytes);
        expect(sha256(readFileSync(path))).toBe(file.sha256);
      } else {
        expect(shipped.has(file.sha256), `${file.path} is missing and the app ships no file with its sha256`).toBe(true);
      }
    }
    const backbone = manifest.files.find((f) => f.path === manifest.backbone.variants[0]!.file)!;
    expect(backbone.path).toBe('backbone/fp32.onnx');
    expect(existsSync(join(packDir, backbone.path))).toBe(false); // left out by default (--include-backbone copies it)
    expect(shipped.get(backbone.sha256)).toBe(join(ROOT, 'public/models/backbones/mobilenetv2-imagenet/fp32.onnx'));
  });

  it('has graphs whose input and output names are the manifest’s, giving [1, T, C] and the step state shapes', async () => {
    const C = manifest.labels.length;
    for (const head of temporalHeads(manifest)) {
      const seq = await ort.InferenceSession.create(join(packDir, head.sequence.file));
      expect(seq.inputNames).toEqual([head.sequence.input]);
      expect(seq.outputNames).toEqual([head.sequence.output]);
      const logits = (await seq.run({ [head.sequence.input]: new ort.Tensor('float32', features.slice(), [1, T, D]) }))[head.sequence.output]!;
      expect(logits.dims).toEqual([1, T, C]);
      const short = (await seq.run({ [head.sequence.input]: new ort.Tensor('float32', features.slice(0, 8 * D), [1, 8, D]) }))[head.sequence.output]!;
      expect(short.dims).toEqual([1, 8, C]); // T is dynamic

      const step = await ort.InferenceSession.create(join(packDir, head.step.file));
      expect(step.inputNames).toEqual([head.step.input, ...head.step.state.map((s) => s.input)]);
      expect(step.outputNames).toEqual([head.step.output, ...head.step.state.map((s) => s.output)]);
      let state: ort.Tensor[] = head.step.state.map((s) => new ort.Tensor('float32', new Float32Array(s.shape.reduce((a, b) => a * b, 1)), s.shape));
      let last: ArrayLike<number> = [];
      for (let t = 0; t < T; t++) {
        const feeds: Record<string, ort.Tensor> = { [head.step.input]: new ort.Tensor('float32', features.slice(t * D, (t + 1) * D), [1, D]) };
        head.step.state.forEach((s, i) => (feeds[s.input] = state[i]!));
        const out = await step.run(feeds);
        expect(out[head.step.output]!.dims).toEqual([1, C]);
        head.step.state.forEach((s) => expect(out[s.output]!.dims).toEqual(s.shape));
        state = head.step.state.map((s) => out[s.output]!);
        last = out[head.step.output]!.data as Float32Array;
      }
      const seqLast = (logits.data as Float32Array).subarray((T - 1) * C);
      for (let c = 0; c < C; c++) expect(Math.abs(last[c]! - seqLast[c]!)).toBeLessThanOrEqual(1e-4);
    }
  });

  it('runs in the inference worker’s PackRuntime, the backbone taken from the app by sha256', async () => {
    const { pack } = await PackRuntime.open({ manifest, source: { kind: 'stored' } }, nodeRuntime(1), {}, { read: importedPackReader(packDir, shipped) });
    const { heads, ood } = await pack.heads(T, features.slice().buffer);
    const C = manifest.labels.length;
    expect(heads.map((h) => h.headId)).toEqual([manifest.defaultHead]);
    const probabilities = new Float32Array(heads[0]!.probabilities);
    expect(probabilities).toHaveLength(T * C);
    expect(probabilities.subarray((T - 1) * C).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    // An Archery clip is none of the three classes: the detector's score is finite, and above its threshold.
    expect(Number.isFinite(ood!.score)).toBe(true);
    expect(ood!.score).toBeGreaterThan(manifest.ood!.threshold);
    const rgb = new Uint8Array(manifest.input.size * manifest.input.size * 3).map((_, i) => (i * 7) % 256);
    expect(new Float32Array((await pack.frame(0, rgb.buffer)).features)).toHaveLength(D);
  });
});
