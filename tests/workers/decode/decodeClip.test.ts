// The decode stage on native ffmpeg (the same ffmpeg 5.1 that ffmpeg.wasm is built from), over the
// odd-input corpus: each input gets the outcome it should (e2e/corpus.spec.ts checks the same in
// the browser). Rendering needs ffmpeg with libx264 / libx265, as test-all.sh installs.
import { readFileSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReelscopeError } from '../../../src/pipeline/errors';
import { isPartial, type ClipMetadata } from '../../../src/pipeline/probe';
import type { DecodedFrame } from '../../../src/protocol/decode';
import { decodeClip } from '../../../workers/decode/decodeClip';
import { corpusDir, ODD_INPUTS } from '../../../e2e/support/corpus';
import { NativeFfmpeg } from '../../../scripts/lib/nativeFfmpeg';

const dir = corpusDir();
const geometry = { resizeShortSide: 64, size: 56, interpolation: 'bilinear' as const };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function decode(path: string): Promise<{ metadata: ClipMetadata; frames: DecodedFrame[] }> {
  const host = new NativeFfmpeg();
  const frames: DecodedFrame[] = [];
  try {
    const file = new File([readFileSync(path)], basename(path));
    const summary = await decodeClip(
      host,
      { file, frames: 16, geometry, mode: { kind: 'batched', batch: 4 } },
      { metadata: () => undefined, frame: (f) => frames.push(f), progress: () => undefined },
      new AbortController().signal,
    );
    return { metadata: summary.metadata, frames };
  } finally {
    host.dispose();
  }
}

function distinct(frames: DecodedFrame[]): number {
  return new Set(frames.map((f) => Buffer.from(f.rgb).toString('base64'))).size;
}

describe('decodeClip on odd real inputs (native ffmpeg)', () => {
  for (const input of ODD_INPUTS.filter((c) => !c.heavy)) {
    it(`${input.name}: ${input.what}`, async () => {
      const path = input.render(dir);
      const expected = input.expect;
      if (expected.outcome === 'error') {
        const error = await decode(path).then(() => null, (e: unknown) => e);
        expect(error).toBeInstanceOf(ReelscopeError);
        expect((error as ReelscopeError).code).toBe(expected.code);
        return;
      }
      const { metadata, frames } = await decode(path);
      expect(frames.map((f) => f.index).sort((a, b) => a - b)).toEqual([...Array(16).keys()]);
      expect(isPartial(metadata)).toBe(expected.partial);
      if (expected.stream !== undefined) expect(metadata.streamIndex).toBe(expected.stream);
      expect(distinct(frames)).toBeGreaterThanOrEqual(expected.minDistinctFrames ?? 1);
      // Every pick lies inside the video's own range.
      for (const f of frames) {
        expect(f.timeSec).toBeGreaterThanOrEqual(metadata.offsetSec - 1e-6);
        expect(f.timeSec).toBeLessThanOrEqual(metadata.lastFrameSec + 1e-6);
      }
    }, 60_000);
  }
});
