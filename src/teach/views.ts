// The views a taught clip is seen through: the same as training/ (scripts/extract-features.ts): view 0
// the canonical sampling, views 1.. augmented by src/pipeline/sampling.ts augmentedSample with a
// per-clip seed derived from the extraction seed of training/packs/pack-config.json.
import packConfig from '../../training/packs/pack-config.json';

/** training/'s extraction seed and view count (pack-config.json, the single source). */
export const EXTRACTION = { seed: packConfig.extraction.seed, views: packConfig.extraction.views } as const;

/**
 * The seed of a clip's augmented views: the extraction seed XOR the first four bytes (little-endian)
 * of a sha256, as extract-features' clipSeed does with the clip's key; here the key is the clip's
 * content hash, so the same bytes get the same views under any name.
 */
export function clipViewSeed(sha256Hex: string, base: number = EXTRACTION.seed): number {
  const bytes = sha256Hex.slice(0, 8).match(/../g)!.map((h) => parseInt(h, 16));
  const word = (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0;
  return (base ^ word) >>> 0;
}
