import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../src/pipeline/errors';
import { ERROR_CODES, errorText } from '../../src/ui/errorText';

// Every code the pipeline can raise, listed by hand: adding one to ErrorCode without words
// fails the type check of errorText.ts, and adding one here without words fails this test.
const ALL: ErrorCode[] = [
  'NotAVideo',
  'NoVideoStream',
  'TruncatedFile',
  'UnsupportedCodec',
  'EmptyFile',
  'DecodeFailed',
  'ModelLoadFailed',
  'PackNotDownloaded',
  'ModelHashMismatch',
  'InvalidManifest',
  'BackendUnavailable',
  'InferenceFailed',
  'WorkerCrashed',
  'CameraUnavailable',
  'TooFewClips',
  'TooFewSources',
  'NotAPack',
  'UnknownHeadKind',
  'PackFileMissing',
  'PackGraphMismatch',
  'PackLabelMismatch',
  'PackTooLarge',
  'StorageUnavailable',
  'Aborted',
];

describe('errorText', () => {
  it('has words and a next step for every code', () => {
    expect([...ERROR_CODES].sort()).toEqual([...ALL].sort());
    for (const code of ALL) {
      const { title, action } = errorText(code);
      expect(title.length, code).toBeGreaterThan(8);
      expect(action.length, code).toBeGreaterThan(8);
      expect(title, code).not.toMatch(/[A-Z][a-z]+[A-Z]/); // no CamelCase codes leak into the words
    }
  });

  it('says what the user can act on for file problems', () => {
    expect(errorText('NotAVideo').title).toBe("This file isn't a video ffmpeg can read.");
    expect(errorText('TruncatedFile').title).toBe('The file ends early: it looks truncated.');
    expect(errorText('BackendUnavailable').action).toMatch(/WASM/);
  });
});
