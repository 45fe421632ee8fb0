import { describe, expect, it } from 'vitest';
import { hashFor, routeFromHash } from '../../src/ui/router';

describe('routeFromHash', () => {
  const known = ['clip', 'batch'];
  it('reads the screen id from the hash', () => {
    expect(routeFromHash('#/batch', known, 'clip')).toBe('batch');
    expect(routeFromHash('#batch', known, 'clip')).toBe('batch');
    expect(routeFromHash('#/batch/3?x=1', known, 'clip')).toBe('batch');
    expect(routeFromHash(hashFor('clip'), known, 'batch')).toBe('clip');
  });
  it('falls back for an empty or unknown hash', () => {
    expect(routeFromHash('', known, 'clip')).toBe('clip');
    expect(routeFromHash('#/nope', known, 'clip')).toBe('clip');
  });
});
