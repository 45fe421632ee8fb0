// Scores rows of clip-mean features with an exported ood.onnx in onnxruntime-node (used by ood.py
// to check the graph against numpy before shipping it).
//   npx tsx training/heads/ood-check.ts OOD.onnx '[[...1280 numbers], ...]'   → JSON scores
import * as ort from 'onnxruntime-node';

async function main(): Promise<void> {
  const [file, rowsJson] = process.argv.slice(2);
  if (!file || !rowsJson) throw new Error('usage: ood-check.ts OOD.onnx ROWS_JSON');
  const rows = JSON.parse(rowsJson) as number[][];
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
