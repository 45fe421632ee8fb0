import { describe, expect, it } from 'vitest';
import { LatestWinsGate } from '../../../src/features/realtime/backpressure';

describe('LatestWinsGate', () => {
  it('runs a frame at once when idle', () => {
    const gate = new LatestWinsGate<number>();
    expect(gate.offer(1)).toBe(1);
    expect(gate.busy).toBe(true);
    expect(gate.done()).toBeNull();
    expect(gate.busy).toBe(false);
  });

  it('holds one frame while busy, replaces it with newer ones and counts each replaced one as dropped', () => {
    const gate = new LatestWinsGate<number>();
    gate.offer(1);
    expect(gate.offer(2)).toBeNull();
    expect(gate.offer(3)).toBeNull();
    expect(gate.offer(4)).toBeNull();
    expect(gate.dropped).toBe(2); // 2 and 3 never ran
    expect(gate.done()).toBe(4); // the latest runs next
    expect(gate.busy).toBe(true);
    expect(gate.done()).toBeNull();
    expect(gate.dropped).toBe(2);
  });

  it('never holds more than one frame however slow the model is (bounded memory)', () => {
    const gate = new LatestWinsGate<Uint8Array>();
    gate.offer(new Uint8Array(1));
    for (let i = 0; i < 1000; i++) gate.offer(new Uint8Array(1));
    expect(gate.dropped).toBe(999);
    expect(gate.done()).not.toBeNull();
    expect(gate.done()).toBeNull();
  });

  it('clear() forgets the waiting frame (counted as dropped) and goes idle', () => {
    const gate = new LatestWinsGate<number>();
    gate.offer(1);
    gate.offer(2);
    gate.clear();
    expect(gate.dropped).toBe(1);
    expect(gate.busy).toBe(false);
    expect(gate.offer(3)).toBe(3);
  });
});
