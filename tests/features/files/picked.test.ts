import { describe, expect, it } from 'vitest';
import { isVideoName, pickedFromEntries, pickedFromFiles, type EntryLike } from '../../../src/features/files/picked';

function fileWithPath(name: string, relative: string): File {
  const file = new File(['x'], name);
  Object.defineProperty(file, 'webkitRelativePath', { value: relative });
  return file;
}

const fileEntry = (name: string): EntryLike => ({
  isFile: true,
  isDirectory: false,
  name,
  file: (ok) => ok(new File(['x'], name)),
});

/** A folder whose reader hands out entries two at a time, like Chromium's (in chunks of 100). */
const dirEntry = (name: string, children: EntryLike[]): EntryLike => ({
  isFile: false,
  isDirectory: true,
  name,
  createReader: () => {
    let at = 0;
    return {
      readEntries: (ok) => {
        ok(children.slice(at, at + 2));
        at += 2;
      },
    };
  },
});

describe('isVideoName', () => {
  it('knows video extensions and skips hidden files', () => {
    expect(isVideoName('a.AVI')).toBe(true);
    expect(isVideoName('a.webm')).toBe(true);
    expect(isVideoName('MANIFEST.tsv')).toBe(false);
    expect(isVideoName('._a.avi')).toBe(false);
  });
});

describe('pickedFromFiles', () => {
  it('keeps every file picked on its own and only videos from a folder, with their relative paths', () => {
    const picked = pickedFromFiles([
      new File(['x'], 'notes.txt'),
      fileWithPath('b.avi', 'data/Surfing/b.avi'),
      fileWithPath('README.md', 'data/README.md'),
      fileWithPath('a.avi', 'data/Archery/a.avi'),
    ]);
    expect(picked.map((p) => p.path)).toEqual(['data/Archery/a.avi', 'data/Surfing/b.avi', 'notes.txt']);
  });
});

describe('pickedFromEntries', () => {
  it('walks dropped folders recursively, reading every chunk, with paths from the dropped item', async () => {
    const tree = dirEntry('data', [
      fileEntry('MANIFEST.tsv'),
      dirEntry('Archery', [fileEntry('a1.avi'), fileEntry('a2.avi'), fileEntry('a3.avi')]),
      dirEntry('Surfing', [fileEntry('s1.avi')]),
    ]);
    const picked = await pickedFromEntries([tree, fileEntry('loose.txt'), new File(['x'], 'plain.mp4')]);
    expect(picked.map((p) => p.path)).toEqual([
      'data/Archery/a1.avi',
      'data/Archery/a2.avi',
      'data/Archery/a3.avi',
      'data/Surfing/s1.avi',
      'loose.txt',
      'plain.mp4',
    ]);
    expect(picked[0]!.file.name).toBe('a1.avi');
  });
});
