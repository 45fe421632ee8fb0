import { describe, expect, it } from 'vitest';
import { defaultGroup, normaliseGroup, packIdFor } from '../../../src/features/teach/groups';

describe('defaultGroup', () => {
  it('reads the gNN of UCF101 names, so the clips of one video share a fold', () => {
    expect(defaultGroup('v_Archery_g08_c01.avi')).toBe('g08');
    expect(defaultGroup('v_PlayingPiano_g22_c07.AVI')).toBe('g22');
    expect(defaultGroup('v_X_g9_c1.mp4')).toBe('g09');
  });

  it('makes any other file its own source (its name without the extension)', () => {
    expect(defaultGroup('holiday.mp4')).toBe('holiday');
    expect(defaultGroup('clips/drill_g08.mov')).toBe('drill_g08');
    expect(defaultGroup('noext')).toBe('noext');
  });

  it('a typed group is trimmed; an empty one goes back to the default', () => {
    expect(normaliseGroup('  session 2 ', 'a.mp4')).toBe('session 2');
    expect(normaliseGroup('   ', 'v_A_g10_c02.avi')).toBe('g10');
  });
});

describe('packIdFor', () => {
  it('gives an id the manifest schema accepts', () => {
    expect(packIdFor('My Drills!')).toBe('taught-my-drills');
    expect(packIdFor('Café crème')).toBe('taught-cafe-creme');
    expect(packIdFor('***')).toBe('taught-pack');
    expect(packIdFor('x'.repeat(100))).toMatch(/^[a-z0-9][a-z0-9-]*$/);
  });
});
