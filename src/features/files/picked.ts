// From what the user picked or dropped to a flat list of files with their paths. Folders are
// walked recursively (drag-and-drop gives FileSystemEntry trees; <input webkitdirectory> gives
// files with webkitRelativePath). Files found inside folders are kept only when `keep` accepts
// their name (videos, by default); a file picked on its own is always kept, so a broken one gets
// its own error.

/** A file picked or dropped, with its path inside the picked folder ("Class/clip.avi"), or its name. */
export interface PickedFile {
  file: File;
  path: string;
}

export type KeepName = (name: string) => boolean;

const VIDEO_NAME = /\.(avi|mp4|m4v|mov|webm|mkv|gif|ogv)$/i;

export function isVideoName(name: string): boolean {
  return VIDEO_NAME.test(name) && !name.startsWith('.');
}

/** Files of an <input type=file> (with or without webkitdirectory). */
export function pickedFromFiles(files: Iterable<File>, keep: KeepName = isVideoName): PickedFile[] {
  const picked: PickedFile[] = [];
  for (const file of files) {
    const relative = file.webkitRelativePath || ''; // absent outside browsers
    if (relative !== '' && !keep(file.name)) continue;
    picked.push({ file, path: relative || file.name });
  }
  return sortByPath(picked);
}

// The parts of the File and Directory Entries API we use (structural, so tests can fake them).
export interface FileEntryLike {
  isFile: true;
  isDirectory: false;
  name: string;
  file(success: (file: File) => void, failure?: (error: unknown) => void): void;
}
export interface DirectoryReaderLike {
  readEntries(success: (entries: EntryLike[]) => void, failure?: (error: unknown) => void): void;
}
export interface DirectoryEntryLike {
  isFile: false;
  isDirectory: true;
  name: string;
  createReader(): DirectoryReaderLike;
}
export type EntryLike = FileEntryLike | DirectoryEntryLike;

/**
 * The entries of a drop. Call it inside the drop handler: DataTransferItems are emptied when the
 * event returns. Items with no entry (not from the file system) fall back to getAsFile().
 */
export function entriesOfDrop(dataTransfer: DataTransfer): (EntryLike | File)[] {
  const out: (EntryLike | File)[] = [];
  for (const item of Array.from(dataTransfer.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry() as unknown as EntryLike | null;
    const file = entry ? null : item.getAsFile();
    if (entry) out.push(entry);
    else if (file) out.push(file);
  }
  return out;
}

/** Walks dropped entries: files as they are, folders recursively (what `keep` accepts), paths from the dropped item. */
export async function pickedFromEntries(entries: readonly (EntryLike | File)[], keep: KeepName = isVideoName): Promise<PickedFile[]> {
  const picked: PickedFile[] = [];
  for (const entry of entries) {
    if (entry instanceof File) picked.push({ file: entry, path: entry.name });
    else if (entry.isFile) picked.push({ file: await fileOf(entry), path: entry.name });
    else await walk(entry, entry.name, picked, keep);
  }
  return sortByPath(picked);
}

async function walk(dir: DirectoryEntryLike, path: string, into: PickedFile[], keep: KeepName): Promise<void> {
  for (const entry of await readAll(dir)) {
    const childPath = `${path}/${entry.name}`;
    if (entry.isDirectory) await walk(entry, childPath, into, keep);
    else if (keep(entry.name)) into.push({ file: await fileOf(entry), path: childPath });
  }
}

/** readEntries returns a folder in chunks (Chromium: 100 at a time) until an empty one. */
async function readAll(dir: DirectoryEntryLike): Promise<EntryLike[]> {
  const reader = dir.createReader();
  const all: EntryLike[] = [];
  for (;;) {
    const chunk = await new Promise<EntryLike[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (chunk.length === 0) return all;
    all.push(...chunk);
  }
}

function fileOf(entry: FileEntryLike): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

function sortByPath(files: PickedFile[]): PickedFile[] {
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
