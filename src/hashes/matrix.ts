/**
 * The README's support matrix, rendered from the registry's scheme modules so the docs cannot
 * drift from the code. scripts/hash-matrix.ts writes it; matrix.test.ts fails when README is stale.
 */
import { SCHEMES } from './registry.js';
import type { MatrixRow } from './scheme.js';
import { HASH_PARAMS } from './types.js';

export const MATRIX_START = '<!-- hash-matrix:start -->';
export const MATRIX_END = '<!-- hash-matrix:end -->';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function formatResult(result: string): string {
  return result
    .split(' / ')
    .map((r) => `\`${r}\``)
    .join(' / ');
}

export function matrixRows(): Array<MatrixRow & { scheme: string }> {
  // Records without a hash read best after the formats, though the registry checks them first.
  const ordered = [
    ...SCHEMES.filter((s) => s.id !== 'no-hash'),
    ...SCHEMES.filter((s) => s.id === 'no-hash'),
  ];
  return ordered.flatMap((s) => s.matrix.map((row) => ({ ...row, scheme: s.id })));
}

export function renderSupportMatrix(): string {
  const lines = [
    '_Generated from `src/hashes/schemes/*` by `npx tsx scripts/hash-matrix.ts`; do not edit by hand._',
    '',
    '| source | recognised by | WorkOS type / reason | conversion, or why not | scheme (`--from`) |',
    '|---|---|---|---|---|',
    ...matrixRows().map(
      (r) =>
        `| ${cell(r.source)} | ${cell(r.recognise)} | ${formatResult(r.result)} | ${cell(r.how)} | \`${r.scheme}\` |`,
    ),
    '',
    'Parameters that do not live in the hash string (`HashInput.params`; on the CLI `--salt`, `--firebase-*` or `--param key=value`):',
    '',
    ...Object.entries(HASH_PARAMS).map(([key, meaning]) => `- \`${key}\`: ${meaning}`),
  ];
  return lines.join('\n');
}

/** Replaces what sits between the markers; throws if the markers are missing. */
export function spliceMatrix(readme: string, matrix: string): string {
  const start = readme.indexOf(MATRIX_START);
  const end = readme.indexOf(MATRIX_END);
  if (start < 0 || end < start) throw new Error(`README lacks the ${MATRIX_START} … ${MATRIX_END} markers`);
  return `${readme.slice(0, start + MATRIX_START.length)}\n${matrix}\n${readme.slice(end)}`;
}
