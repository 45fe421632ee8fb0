// A pack as a .zip, both ways, with zip.js (a maintained zip library that reads entries from the
// Blob on demand, so a large pack is never held in memory twice). Compression runs on the page's
// native (De)CompressionStream; zip.js starts no workers of its own (workers.ts spawns them all).
import { BlobReader, BlobWriter, configure, TextReader, ZipReader, ZipWriter } from '@zip.js/zip.js';
import { ReelscopeError } from '../pipeline/errors';
import type { FileRef, PackManifest } from '../pipeline/manifest';
import { MANIFEST_NAME, pathInside, type PackEntry } from './packImport';

configure({ useWebWorkers: false, useCompressionStream: true });

/** The files of a .zip as pack entries; a file that is not a zip is NotAPack. */
export async function entriesFromZip(zip: Blob, name: string): Promise<PackEntry[]> {
  let entries;
  try {
    entries = await new ZipReader(new BlobReader(zip)).getEntries();
  } catch (error) {
    throw new ReelscopeError('NotAPack', `${name} could not be read as a .zip file.`, String(error));
  }
  return entries
    .filter((entry) => !entry.directory)
    .map((entry) => ({
      path: entry.filename,
      size: entry.uncompressedSize,
      blob: async () => {
        if (entry.directory) throw new Error('a directory has no data');
        return entry.getData(new BlobWriter());
      },
    }));
}

/** Picked files (a folder) as pack entries, by their path inside the picked folder. */
export function entriesFromFiles(files: readonly { file: File; path: string }[]): PackEntry[] {
  return files.map(({ file, path }) => ({ path, size: file.size, blob: async () => file }));
}

/**
 * Every file of the pack under one folder named after it, with the manifest's paths rewritten to
 * point inside that folder (a shipped pack's "../backbones/…" becomes "backbones/…"), so the zip
 * is a pack on its own: it can be added anywhere, the backbone included.
 */
export async function packZip(manifest: PackManifest, read: (ref: FileRef) => Promise<Blob>): Promise<Blob> {
  const { manifest: relocated, moves } = selfContained(manifest);
  const writer = new ZipWriter(new BlobWriter('application/zip'));
  const folder = `${manifest.id}/`;
  await writer.add(`${folder}${MANIFEST_NAME}`, new TextReader(`${JSON.stringify(relocated, null, 2)}\n`));
  for (const ref of manifest.files) {
    // ONNX weights barely deflate (a few %), so they are stored: the zip is written at disk speed.
    await writer.add(`${folder}${moves.get(ref.path)!}`, new BlobReader(await read(ref)), { level: 0 });
  }
  return writer.close();
}

/** The manifest with every file moved inside the pack's folder, and where each path went. */
export function selfContained(manifest: PackManifest): { manifest: PackManifest; moves: Map<string, string> } {
  const moves = new Map<string, string>();
  const used = new Set<string>([MANIFEST_NAME]);
  for (const { path } of manifest.files) {
    const inside = pathInside(path) ?? path.split('/').filter((p) => p !== '..' && p !== '.' && p !== '').join('/');
    let target = inside;
    for (let n = 2; used.has(target); n++) target = inside.replace(/(\.[^./]+)?$/, (ext) => `-${n}${ext}`);
    used.add(target);
    moves.set(path, target);
  }
  const to = (path: string): string => moves.get(path) ?? path;
  return {
    moves,
    manifest: {
      ...manifest,
      backbone: { ...manifest.backbone, variants: manifest.backbone.variants.map((v) => ({ ...v, file: to(v.file) })) },
      heads: manifest.heads.map((head) =>
        head.kind === 'frame-mean'
          ? head
          : { ...head, sequence: { ...head.sequence, file: to(head.sequence.file) }, step: { ...head.step, file: to(head.step.file) } },
      ),
      ...(manifest.ood ? { ood: { ...manifest.ood, file: to(manifest.ood.file) } } : {}),
      files: manifest.files.map((f) => ({ ...f, path: to(f.path) })),
    },
  };
}
