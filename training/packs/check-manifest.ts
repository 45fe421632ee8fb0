// Checks a pack manifest with the app's own schema (src/pipeline/manifest.ts), so Python never
// writes a manifest the app would refuse. Used by training/packs/export_pack.py before it writes a pack.
//
//   npx tsx training/packs/check-manifest.ts PACK/manifest.json   → exit 0, or the problems on stderr and exit 1
import { readFileSync } from 'node:fs';
import { ManifestError, parsePackManifest } from '../../src/pipeline/manifest';

const [path] = process.argv.slice(2);
if (!path) {
  console.error('usage: check-manifest.ts PACK/manifest.json');
  process.exit(2);
}
try {
  const pack = parsePackManifest(JSON.parse(readFileSync(path, 'utf8')), path);
  console.log(`${path}: pack ${pack.id}, ${pack.labels.length} labels, heads ${pack.heads.map((h) => h.id).join(', ')}`);
} catch (error) {
  console.error(error instanceof ManifestError ? error.problems.join('\n') : String(error));
  process.exit(1);
}
