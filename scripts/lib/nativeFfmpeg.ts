// Native ffmpeg / ffprobe behind the same interface as ffmpeg.wasm's host (workers/decode), so
// the decode stage runs unchanged in Node: in unit tests and in the training-data extractor.
// "Mounting" a file links the mount point to a scratch folder holding it; output paths such as
// /f3.rgb are mapped into the scratch folder too.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, open, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DecodeHost } from '../../workers/decode/decodeClip';

export function runTool(cmd: string, args: string[]): Promise<{ exitCode: number; log: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ exitCode: code ?? -1, log }));
  });
}

/** The first bytes of a file (probeClip tells a cut-short container from a renamed one by them). */
export async function fileHead(path: string, bytes = 512): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export class NativeFfmpeg implements DecodeHost {
  readonly root = mkdtempSync(join(tmpdir(), 'reelscope-ffmpeg-'));
  #mounts = new Map<string, string>();

  /** Points `mountPoint/<name>` at a file already on disk (no copy). */
  async mountPath(path: string, name: string, mountPoint: string): Promise<void> {
    const dir = this.#local(mountPoint);
    await mkdir(dir, { recursive: true });
    await rm(join(dir, name), { force: true });
    await symlink(resolve(path), join(dir, name));
    this.#mounts.set(mountPoint, dir);
  }

  async mountFile(file: File, mountPoint: string): Promise<void> {
    const dir = this.#local(mountPoint);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, file.name), new Uint8Array(await file.arrayBuffer()));
    this.#mounts.set(mountPoint, dir);
  }

  async unmount(mountPoint: string): Promise<void> {
    const dir = this.#mounts.get(mountPoint);
    this.#mounts.delete(mountPoint);
    if (dir) await rm(dir, { recursive: true, force: true });
  }

  exec(args: string[]): Promise<{ exitCode: number; log: string }> {
    return runTool('ffmpeg', this.#mapPaths(args));
  }

  async ffprobe(args: string[]): Promise<{ log: string }> {
    return runTool('ffprobe', this.#mapPaths(args));
  }

  async take(path: string): Promise<Uint8Array | null> {
    const local = this.#local(path);
    try {
      const bytes = new Uint8Array(await readFile(local));
      await rm(local, { force: true });
      return bytes;
    } catch {
      return null;
    }
  }

  async takeText(path: string): Promise<string | null> {
    const bytes = await this.take(path);
    return bytes === null ? null : new TextDecoder().decode(bytes);
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  /** Absolute paths of the wasm file system (/input/clip.mp4, /f0.rgb) live under the scratch root. */
  #local(path: string): string {
    return path.startsWith('/') ? join(this.root, path) : path;
  }

  #mapPaths(args: string[]): string[] {
    // Only file names start with '/': filter graphs, options and times never do.
    return args.map((a) => (a.startsWith('/') ? this.#local(a) : a));
  }
}
