// From what the user picked (a folder's files, or a zip's entries) to a checked plan of a pack:
// its manifest, and where each file it lists comes from. Everything that can be decided without
// reading the model bytes is decided here, each failure with its own code and the field or file
// named; hashes and graphs are checked when the pack is added (packLibrary.ts).
import { ReelscopeError } from '../pipeline/errors';
import { HEAD_KINDS, ManifestError, parsePackManifest, type FileRef, type PackManifest } from '../pipeline/manifest';

export const MANIFEST_NAME = 'manifest.json';

/** One file of what the user picked, by its path there ("my-pack/ssm.seq.onnx", or "ssm.seq.onnx" in a zip). */
export interface PackEntry {
  path: string;
  size: number;
  blob(): Promise<Blob>;
}

export interface ImportContext {
  /** Files the app ships, by sha256 → URL: an added pack may leave these out (the shared backbone). */
  shippedFiles: ReadonlyMap<string, string>;
  /** Pack ids already in use. */
  takenIds: ReadonlySet<string>;
}

export type PlannedFileSource = { kind: 'entry'; entry: PackEntry } | { kind: 'shipped'; url: string };

export interface ImportPlan {
  /** The manifest as it will be kept (its id changed when the original was taken). */
  manifest: PackManifest;
  /** The manifest's own id, when it was taken and the pack is added under another. */
  renamedFrom: string | null;
  files: { ref: FileRef; source: PlannedFileSource }[];
  bytes: number;
}

export async function planPackImport(entries: readonly PackEntry[], context: ImportContext): Promise<ImportPlan> {
  const manifestEntry = findManifest(entries);
  const base = manifestEntry.path.slice(0, manifestEntry.path.length - MANIFEST_NAME.length);
  const json = await readJson(manifestEntry);
  checkHeadKinds(json);
  let manifest: PackManifest;
  try {
    manifest = parsePackManifest(json, MANIFEST_NAME);
  } catch (error) {
    if (error instanceof ManifestError) {
      throw new ReelscopeError('InvalidManifest', `manifest.json is not a valid pack manifest: ${error.problems[0]}`, error.problems.join('\n'));
    }
    throw error;
  }

  const byPath = new Map(entries.map((e) => [e.path, e]));
  const files: ImportPlan['files'] = [];
  const missing: string[] = [];
  manifest.files.forEach((ref, i) => {
    const inside = pathInside(ref.path);
    if (inside === null) {
      throw new ReelscopeError('InvalidManifest', `manifest.json is not a valid pack manifest: files.${i}.path "${ref.path}" leaves the pack's folder`);
    }
    const entry = byPath.get(base + inside);
    if (entry) {
      if (entry.size !== ref.bytes) {
        throw new ReelscopeError('ModelHashMismatch', `${ref.path} is ${entry.size} bytes, but the manifest says ${ref.bytes}: it is not the file the manifest names.`);
      }
      files.push({ ref, source: { kind: 'entry', entry } });
      return;
    }
    const shipped = context.shippedFiles.get(ref.sha256);
    if (shipped) files.push({ ref, source: { kind: 'shipped', url: shipped } });
    else missing.push(ref.path);
  });
  if (missing.length > 0) {
    throw new ReelscopeError(
      'PackFileMissing',
      `The pack lacks ${missing.length === 1 ? 'a file' : `${missing.length} files`} its manifest lists: ${missing.join(', ')}.`,
      `looked for them next to ${manifestEntry.path}; a file may be left out only if the app ships one with the same sha256`,
    );
  }

  const id = freeId(manifest.id, context.takenIds);
  const renamedFrom = id === manifest.id ? null : manifest.id;
  const kept = renamedFrom === null ? manifest : { ...manifest, id, title: `${manifest.title} (${id})` };
  return { manifest: kept, renamedFrom, files, bytes: manifest.files.reduce((sum, f) => sum + f.bytes, 0) };
}

/** The shallowest manifest.json: a folder picked with the pack inside it, or a zip of the pack's folder, both work. */
function findManifest(entries: readonly PackEntry[]): PackEntry {
  const manifests = entries
    .filter((e) => e.path === MANIFEST_NAME || e.path.endsWith(`/${MANIFEST_NAME}`))
    .sort((a, b) => depth(a.path) - depth(b.path));
  const first = manifests[0];
  if (!first) {
    throw new ReelscopeError('NotAPack', `There is no ${MANIFEST_NAME} in what was picked (${entries.length} file${entries.length === 1 ? '' : 's'}).`);
  }
  const tied = manifests.filter((m) => depth(m.path) === depth(first.path));
  if (tied.length > 1) {
    throw new ReelscopeError('NotAPack', `There are ${tied.length} packs side by side (${tied.map((m) => m.path).join(', ')}); add them one at a time.`);
  }
  return first;
}

const depth = (path: string): number => path.split('/').length;

async function readJson(entry: PackEntry): Promise<unknown> {
  const text = await (await entry.blob()).text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ReelscopeError('InvalidManifest', `manifest.json is not valid JSON: ${(error as Error).message}`);
  }
}

/** An unknown kind is its own error, not one of the schema's many complaints about the union. */
function checkHeadKinds(json: unknown): void {
  const heads = (json as { heads?: unknown } | null)?.heads;
  if (!Array.isArray(heads)) return;
  heads.forEach((head: unknown, i) => {
    const kind = (head as { kind?: unknown } | null)?.kind;
    if (typeof kind === 'string' && !HEAD_KINDS.includes(kind)) {
      throw new ReelscopeError(
        'UnknownHeadKind',
        `heads.${i}.kind is "${kind}", which this version of Reelscope cannot run (it runs ${HEAD_KINDS.join(', ')}).`,
      );
    }
  });
}

/** The path with "." and ".." resolved, or null if it is absolute or climbs out of the folder. */
export function pathInside(path: string): string | null {
  if (path.startsWith('/') || /^[a-z]+:/i.test(path)) return null;
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(part);
  }
  return out.length === 0 ? null : out.join('/');
}

/** `id`, or `id-2`, `id-3`, … whichever is free first. */
export function freeId(id: string, taken: ReadonlySet<string>): string {
  if (!taken.has(id)) return id;
  for (let n = 2; ; n++) if (!taken.has(`${id}-${n}`)) return `${id}-${n}`;
}
