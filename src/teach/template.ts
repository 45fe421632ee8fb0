// What a taught pack takes from the pack whose features it was taught on: the input and backbone
// sections and the backbone's file entries. No TensorFlow.js here, so the main thread can use it.
import type { PackManifest } from '../pipeline/manifest';
import type { PackTemplate } from '../protocol/teach';

export type { PackTemplate };

export function templateFrom(manifest: PackManifest): PackTemplate {
  const variantFiles = new Set(manifest.backbone.variants.map((v) => v.file));
  return { input: manifest.input, backbone: manifest.backbone, backboneFiles: manifest.files.filter((f) => variantFiles.has(f.path)) };
}

