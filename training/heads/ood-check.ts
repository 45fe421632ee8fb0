// Scores rows of clip-mean features with an exported ood.onnx in onnxruntime-node (used by ood.py
// to check the graph against numpy before shipping it).
//   npx tsx training/heads/ood-check.ts OOD.onnx ROWS.json   (ROWS.json: [[...1280 numbers], ...]) → JSON scores
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';

async function main(): Promise<void> {
  const [file, rowsPath] = process.argv.slice(2);
  if (!file || !rowsPath) throw new Error('usage: ood-check.ts OOD.onnx ROWS.json');
  const rows = JSON.parse(readFileSync(rowsPath, 'utf8')) as number[][];
  const session = await ort.InferenceSession.create(file);
  const scores: number[] = [];
  for (const row of rows) {
    const res = await session.run({ features: new ort.Tensor('float32', Float32Array.from(row), [1, row.length]) });
    scores.push((res.score!.data as Float32Array)[0]!);
  }
  console.log(JSON.stringify(scores));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
