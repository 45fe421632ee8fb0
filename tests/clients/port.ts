// An in-memory stand-in for a Worker's port: records what the client sends and lets a test
// answer as the worker would. It replaces only the thread boundary, not ffmpeg or ORT.
import type { WorkerPort } from '../../src/clients/workerRpc';

export class TestPort implements WorkerPort {
  readonly sent: { message: { type: string; id: number; target?: number }; transfer: Transferable[] }[] = [];
  terminated = false;
  readonly #listeners = new Map<string, ((event: Event) => void)[]>();

  postMessage(message: unknown, transfer: Transferable[]): void {
    this.sent.push({ message: message as { type: string; id: number }, transfer });
  }
  addEventListener(type: string, listener: (event: Event) => void): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(data: unknown): void {
    for (const l of this.#listeners.get('message') ?? []) l(new MessageEvent('message', { data }));
  }
  fail(type: 'error' | 'messageerror', message = 'boom'): void {
    const event = Object.assign(new Event(type), { message });
    for (const l of this.#listeners.get(type) ?? []) l(event);
  }
  last(): { type: string; id: number; target?: number } {
    const m = this.sent.at(-1);
    if (!m) throw new Error('nothing sent');
    return m.message;
  }
}
