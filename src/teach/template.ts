// What a taught pack takes from the pack whose features it was taught on: the input and backbone
// sections and the backbone's file entries. No TensorFlow.js here, so the main thread can use it.
import type { Backbone, FileRef, InputSpec, PackManifest } from '../pipeline/manifest';

/** The backbone and input sections a taught pack shares with the pack whose features it was taught on. */
export interface PackTemplate {
  input: InputSpec;
  backbone: Backbone;
  /** The manifest's file entries for the backbone variants (paths relative to the taught pack's folder). */
  backboneFiles: FileRef[];
}

export function templateFrom(manifest: PackManifest): PackTemplate {
  const variantFiles = new Set(manifest.backbone.variants.map((v) => v.file));
  return { input: manifest.input, backbone: manifest.backbone, backboneFiles: manifest.files.filter((f) => variantFiles.has(f.path)) };
}

