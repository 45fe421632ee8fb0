// The request/response plumbing both worker clients share: ids, a pending-request map, progress
// events, AbortSignal, and terminate()/crash handling that rejects everything pending, so no
// promise is left hanging. Knows nothing about decoding or inference.
import { abortError, deserializeError, ReelscopeError, type SerializedError } from '../pipeline/errors';

/** The part of Worker the clients use (a real Worker in the app; a port in tests). */
export interface WorkerPort {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message' | 'messageerror' | 'error', listener: (event: Event) => void): void;
  terminate(): void;
}

interface Identified {
  type: string;
  id: number;
}

type ErrorResponse = { type: 'error'; id: number; error: SerializedError };

export interface RpcProtocol<Req extends Identified, Res extends Identified> {
  /** Names the worker in error messages. */
  name: string;
  requestTransfer: (request: Req) => Transferable[];
  /** True for the response that ends a request (the others are events passed to `onEvent`). */
  isFinal: (response: Res) => boolean;
  /** The request that tells the worker to drop request `target`, if the protocol has one. */
  cancel?: (id: number, target: number) => Req;
}

interface Pending<Res> {
  resolve: (response: Res) => void;
  reject: (error: ReelscopeError) => void;
  onEvent: ((response: Res) => void) | undefined;
  cleanup: () => void;
}

export interface RequestOptions<Res> {
  signal?: AbortSignal;
  onEvent?: (response: Res) => void;
}

export class WorkerRpc<Req extends Identified, Res extends Identified> {
  readonly #worker: WorkerPort;
  readonly #protocol: RpcProtocol<Req, Res>;
  readonly #pending = new Map<number, Pending<Res>>();
  #nextId = 1;
  #dead: ReelscopeError | null = null;
  #terminated = false;

  constructor(worker: WorkerPort, protocol: RpcProtocol<Req, Res>) {
    this.#worker = worker;
    this.#protocol = protocol;
    worker.addEventListener('message', (event) => this.#onMessage((event as MessageEvent<Res | ErrorResponse>).data));
    worker.addEventListener('messageerror', () =>
      this.#failAll(new ReelscopeError('WorkerCrashed', `${protocol.name} worker sent a message that could not be read`)),
    );
    worker.addEventListener('error', (event) => {
      const detail = (event as ErrorEvent).message || undefined;
      this.#die(new ReelscopeError('WorkerCrashed', `${protocol.name} worker crashed`, detail));
    });
  }

  /** Why the worker can take no more requests (crashed or terminated), or null while it is usable. */
  get deadReason(): ReelscopeError | null {
    return this.#dead;
  }

  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Sends `build(id)` and resolves with its final response; an error response rejects with its code. */
  request<R extends Res>(build: (id: number) => Req, options: RequestOptions<Res> = {}): Promise<R> {
    if (this.#dead) return Promise.reject(this.#dead);
    const { signal, onEvent } = options;
    if (signal?.aborted) return Promise.reject(abortError());
    const id = this.#nextId++;
    const request = build(id);
    return new Promise<R>((resolve, reject) => {
      const onAbort = (): void => {
        const pending = this.#pending.get(id);
        if (!pending) return;
        this.#pending.delete(id);
        pending.cleanup();
        if (this.#protocol.cancel && !this.#dead) {
          const cancel = this.#protocol.cancel(this.#nextId++, id);
          this.#worker.postMessage(cancel, []);
        }
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending.set(id, {
        resolve: resolve as (response: Res) => void,
        reject,
        onEvent,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      });
      try {
        this.#worker.postMessage(request, this.#protocol.requestTransfer(request));
      } catch (error) {
        this.#settle(id)?.reject(
          new ReelscopeError('WorkerCrashed', `could not send to the ${this.#protocol.name} worker`, String(error)),
        );
      }
    });
  }

  /**
   * Ends the worker; every pending request rejects (Aborted by default, or with `reason`). A worker
   * that reported a crash may still be running (an uncaught error does not end a worker), so it is
   * terminated too.
   */
  terminate(reason: ReelscopeError = abortError()): void {
    if (!this.#terminated) this.#worker.terminate();
    this.#terminated = true;
    this.#die(reason);
  }

  #die(reason: ReelscopeError): void {
    this.#dead ??= reason;
    this.#failAll(reason);
  }

  #failAll(reason: ReelscopeError): void {
    for (const id of [...this.#pending.keys()]) this.#settle(id)?.reject(reason);
  }

  #settle(id: number): Pending<Res> | undefined {
    const pending = this.#pending.get(id);
    if (!pending) return undefined;
    this.#pending.delete(id);
    pending.cleanup();
    return pending;
  }

  #onMessage(message: Res | ErrorResponse): void {
    const pending = this.#pending.get(message.id);
    if (!pending) return; // a late message of a cancelled request
    if (isErrorResponse(message)) {
      this.#settle(message.id)?.reject(deserializeError(message.error));
    } else if (this.#protocol.isFinal(message)) {
      this.#settle(message.id)?.resolve(message);
    } else {
      pending.onEvent?.(message);
    }
  }
}

function isErrorResponse(message: { type: string }): message is ErrorResponse {
  return message.type === 'error';
}
