// Back-pressure between the camera and the model: at most one frame in flight and one waiting.
// A frame that arrives while another waits replaces it (latest wins) and the replaced one is
// counted as dropped, so a slow model never builds a queue and the label never lags behind.

export class LatestWinsGate<T> {
  #busy = false;
  #waiting: T | null = null;
  #dropped = 0;

  /** A new frame: returned to run now if nothing is in flight, else it waits (replacing, and dropping, the one waiting). */
  offer(frame: T): T | null {
    if (!this.#busy) {
      this.#busy = true;
      return frame;
    }
    if (this.#waiting !== null) this.#dropped++;
    this.#waiting = frame;
    return null;
  }

  /** The frame in flight is done: returns the waiting frame to run next (still busy), or null (idle). */
  done(): T | null {
    const next = this.#waiting;
    this.#waiting = null;
    this.#busy = next !== null;
    return next;
  }

  /** Forgets the waiting frame (it counts as dropped) and the in-flight mark; for stop and reset. */
  clear(): void {
    if (this.#waiting !== null) this.#dropped++;
    this.#waiting = null;
    this.#busy = false;
  }

  get busy(): boolean {
    return this.#busy;
  }

  get waiting(): boolean {
    return this.#waiting !== null;
  }

  get dropped(): number {
    return this.#dropped;
  }
}
