// The content hash pack files are named and checked by (WebCrypto: the browser, its workers and Node 20).
import { ReelscopeError } from './errors';

export async function sha256Hex(bytes: BufferSource): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** `bytes` when their sha256 is `expected`; otherwise ModelHashMismatch with `message` (which file, in words). */
export async function verifySha256<T extends Uint8Array<ArrayBuffer>>(bytes: T, expected: string, message: string): Promise<T> {
  const actual = await sha256Hex(bytes);
  if (actual !== expected) throw new ReelscopeError('ModelHashMismatch', message, `sha256 ${actual}, expected ${expected}`);
  return bytes;
}
