import { describe, expect, it } from 'vitest';
import { fetchVerified } from '../../src/pipeline/fetchVerified';
import { sha256Hex } from '../../src/pipeline/sha256';

const bytes = new TextEncoder().encode('model bytes');
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code);

/** A fetch that answers with `answers` in turn (an Error is thrown as the network layer would); records the URLs. */
function scripted(...answers: (Response | Error)[]) {
  const urls: string[] = [];
  const fetchFn = (async (url: string) => {
    urls.push(url);
    const next = answers.shift()!;
    if (next instanceof Error) throw next;
    return next;
  }) as unknown as typeof fetch;
  return { fetchFn, urls };
}

describe('fetchVerified', () => {
  it('asks for the file by its sha256 and returns the bytes that match it', async () => {
    const sha = await sha256Hex(bytes);
    const { fetchFn, urls } = scripted(new Response(bytes));
    expect(await fetchVerified('http://app/models/a.onnx', sha, fetchFn)).toEqual(bytes);
    expect(urls).toEqual([`http://app/models/a.onnx?sha256=${sha}`]);
  });

  it('tries once more after a failure of the network layer, and then gives up in words', async () => {
    const sha = await sha256Hex(bytes);
    const once = scripted(new TypeError('Failed to fetch'), new Response(bytes));
    expect(await fetchVerified('http://app/a.onnx', sha, once.fetchFn)).toEqual(bytes);
    expect(once.urls).toHaveLength(2);
    const twice = scripted(new TypeError('Failed to fetch'), new TypeError('Failed to fetch'), new Response(bytes));
    expect(await codeOf(fetchVerified('http://app/a.onnx', sha, twice.fetchFn))).toBe('ModelLoadFailed');
    expect(twice.urls).toHaveLength(2);
  });

  it('does not retry an HTTP error, and refuses bytes with another sha256', async () => {
    const sha = await sha256Hex(bytes);
    const missing = scripted(new Response('no', { status: 404 }), new Response(bytes));
    expect(await codeOf(fetchVerified('http://app/a.onnx', sha, missing.fetchFn))).toBe('ModelLoadFailed');
    expect(missing.urls).toHaveLength(1);
    expect(await codeOf(fetchVerified('http://app/a.onnx', sha, scripted(new Response('other bytes')).fetchFn))).toBe('ModelHashMismatch');
  });
});
