// Owns the worker's one ffmpeg.wasm instance: loads it from our own origin, runs one exec at a
// time with its log captured, and kills it when a job is cancelled (ffmpeg.wasm cannot abort an
// exec, so the instance is terminated and a fresh one is loaded on next use).
import { FFmpeg, FFFSType, type LogEvent } from '@ffmpeg/ffmpeg';
import { ReelscopeError } from '../../src/pipeline/errors';
import type { DecodeHost } from './decodeClip';

export interface ExecResult {
  exitCode: number;
  log: string;
}

export class FfmpegHost implements DecodeHost {
  #ffmpeg: FFmpeg | null = null;
  #loading: Promise<FFmpeg> | null = null;
  #assetBase: string | null = null;
  #log: string[] = [];
  /** Execs run by the current instance: ffmpeg.wasm 0.12 leaks and eventually corrupts its heap. */
  #execs = 0;
  readonly #onLog = (event: LogEvent): void => {
    this.#log.push(event.message);
  };

  /** Loads ffmpeg-core from `${assetBase}ffmpeg/`; returns the ms it took (0 when already loaded). */
  async load(assetBase: string): Promise<number> {
    this.#assetBase = assetBase;
    const t0 = performance.now();
    const wasLoaded = this.#ffmpeg !== null;
    await this.#instance();
    return wasLoaded ? 0 : performance.now() - t0;
  }

  #instance(): Promise<FFmpeg> {
    if (this.#ffmpeg) return Promise.resolve(this.#ffmpeg);
    if (this.#loading) return this.#loading;
    const base = this.#assetBase;
    if (base === null) return Promise.reject(new ReelscopeError('DecodeFailed', 'ffmpeg was used before load()'));
    const ffmpeg = new FFmpeg();
    ffmpeg.on('log', this.#onLog);
    const loading = ffmpeg
      .load({ coreURL: `${base}ffmpeg/ffmpeg-core.js`, wasmURL: `${base}ffmpeg/ffmpeg-core.wasm` })
      .then(() => {
        this.#ffmpeg = ffmpeg;
        this.#execs = 0;
        return ffmpeg;
      })
      .catch((error: unknown) => {
        ffmpeg.terminate();
        throw new ReelscopeError('DecodeFailed', 'Could not load the video decoder (ffmpeg.wasm).', String(error));
      })
      .finally(() => {
        if (this.#loading === loading) this.#loading = null;
      });
    this.#loading = loading;
    return loading;
  }

  /** Kills the instance and whatever it is running; the next call loads a fresh one. */
  kill(): void {
    const ffmpeg = this.#ffmpeg;
    this.#ffmpeg = null;
    this.#loading = null;
    ffmpeg?.terminate();
  }

  /** Execs run since this instance was loaded. */
  get execs(): number {
    return this.#execs;
  }

  async mountFile(file: File, mountPoint: string): Promise<void> {
    const ffmpeg = await this.#instance();
    await ffmpeg.createDir(mountPoint).catch(() => undefined); // exists after an earlier clip
    await ffmpeg.mount(FFFSType.WORKERFS, { files: [file] }, mountPoint);
  }

  async unmount(mountPoint: string): Promise<void> {
    const ffmpeg = this.#ffmpeg;
    if (!ffmpeg) return;
    await ffmpeg.unmount(mountPoint).catch(() => undefined);
  }

  async exec(args: string[]): Promise<ExecResult> {
    const ffmpeg = await this.#instance();
    this.#log = [];
    this.#execs++;
    const exitCode = await ffmpeg.exec(args);
    const log = this.#log.join('\n');
    this.#log = [];
    return { exitCode, log };
  }

  /** Runs ffprobe (built into the same core). Its exit code is not reliable in ffmpeg.wasm 0.12, so callers read its output file. */
  async ffprobe(args: string[]): Promise<{ log: string }> {
    const ffmpeg = await this.#instance();
    this.#log = [];
    this.#execs++;
    await ffmpeg.ffprobe(args);
    const log = this.#log.join('\n');
    this.#log = [];
    return { log };
  }

  async takeText(path: string): Promise<string | null> {
    const bytes = await this.take(path);
    return bytes === null ? null : new TextDecoder().decode(bytes);
  }

  /** Reads and deletes an output file; null when ffmpeg wrote none. */
  async take(path: string): Promise<Uint8Array | null> {
    const ffmpeg = await this.#instance();
    let data: Uint8Array | string;
    try {
      data = await ffmpeg.readFile(path);
    } catch {
      return null;
    }
    await ffmpeg.deleteFile(path).catch(() => undefined);
    return typeof data === 'string' ? null : data;
  }
}
