// Scores inputs with an exported ood.onnx in onnxruntime-node (used by ood.py to check the graph
// against numpy before shipping it).
//   npx tsx training/heads/ood-check.ts OOD.onnx ROWS.json
//   ROWS.json: [[...D numbers], ...] (clip-mean input [1, D]) or [[[...D], ...T rows], ...] (frames input [1, T, D])
//   → JSON scores
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';

async function main(): Promise<void> {
  const [file, rowsPath] = process.argv.slice(2);
  if (!file || !rowsPath) throw new Error('usage: ood-check.ts OOD.onnx ROWS.json');
  const rows = JSON.parse(readFileSync(rowsPath, 'utf8')) as (number[] | number[][])[];
  const session = await ort.InferenceSession.create(file);
  const input = session.inputNames[0]!;
  const output = session.outputNames[0]!;
  const scores: number[] = [];
  for (const row of rows) {
    const frames = Array.isArray(row[0]);
    const flat = frames ? (row as number[][]).flat() : (row as number[]);
    const dims = frames ? [1, row.length, (row as number[][])[0]!.length] : [1, row.length];
    const res = await session.run({ [input]: new ort.Tensor('float32', Float32Array.from(flat), dims) });
    scores.push((res[output]!.data as Float32Array)[0]!);
  }
  console.log(JSON.stringify(scores));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
