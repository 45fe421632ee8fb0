// npx tsx scripts/ab-threads.ts [-- --runs 4 --clips h264-360p,h264-1080p,mpeg4-avi-240p]
// Same-run A/B of onnxruntime-web's WASM thread count on whole clips through the built app
// (decode, CNN and heads overlapping as they do for a user), alternating 1 and 2 threads per run.
// Clips come from `npm run bench -- --render-only` (.cache/bench/clips). Run on an idle machine.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { AppDriver } from '../e2e/support/app';
import { chromiumLaunchOptions } from '../e2e/support/browser';
import { quantile } from '../src/pipeline/metrics';
import { parseCli } from './lib/cli';

const { runs: RUNS, clips } = parseCli('ab-threads', 'npx tsx scripts/ab-threads.ts [--runs 4] [--clips h264-360p,h264-1080p,mpeg4-avi-240p]', {
  runs: { kind: 'positive-int', default: 4 },
  clips: { kind: 'string', default: 'h264-360p,h264-1080p,mpeg4-avi-240p' },
});
const CLIPS = clips.split(',');
const DIR = join(process.cwd(), '.cache/bench/clips');

async function main(): Promise<void> {
  const server = await preview({ logLevel: 'silent', preview: { port: 0, host: '127.0.0.1', open: false } });
  const url = server.resolvedUrls!.local[0]!;
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    const app = new AppDriver(page);
    await app.open(url);
    await app.setBackend('wasm');
    for (const clip of CLIPS) {
      const name = [`${clip}.mp4`, `${clip}.avi`, `${clip}.webm`].find((n) => existsSync(join(DIR, n)));
      if (!name) throw new Error(`${clip} is not in ${DIR}: run npm run bench -- --render-only`);
      const bytes = Array.from(readFileSync(join(DIR, name)));
      const ms: Record<number, number[]> = { 1: [], 2: [] };
      for (let run = 0; run <= RUNS; run++) {
        for (const threads of [1, 2]) {
          const s = await page.evaluate(({ b, n, t }) => window.__reelscope!.classifyBytes(b, n, { overrides: { threads: t }, thumbnails: false }), { b: bytes, n: name, t: threads });
          if (s.status !== 'done') throw new Error(`${name}: ${s.error?.message}`);
          if (run > 0) ms[threads]!.push(s.timings!.totalMs - s.timings!.loadModelMs);
        }
      }
      const [one, two] = [quantile(ms[1]!, 0.5), quantile(ms[2]!, 0.5)];
      console.log(JSON.stringify({ clip: name, oneThreadMs: Math.round(one), twoThreadsMs: Math.round(two), twoOverOne: +(two / one).toFixed(2) }));
    }
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.httpServer.close(() => r()));
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
