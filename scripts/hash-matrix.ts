/**
 * Writes the hash support matrix (generated from the registry) between the README markers.
 *
 *   npx tsx scripts/hash-matrix.ts          # rewrite README.md
 *   npx tsx scripts/hash-matrix.ts --check  # exit 1 if README.md is stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderSupportMatrix, spliceMatrix } from '../src/hashes/matrix.js';

const readmePath = new URL('../README.md', import.meta.url);
const current = readFileSync(readmePath, 'utf8');
const next = spliceMatrix(current, renderSupportMatrix());

if (process.argv.includes('--check')) {
  if (next !== current) {
    console.error('README.md hash matrix is stale: run npx tsx scripts/hash-matrix.ts');
    process.exitCode = 1;
  }
} else if (next !== current) {
  writeFileSync(readmePath, next);
  console.log('README.md: hash support matrix updated');
} else {
  console.log('README.md: hash support matrix already up to date');
}
