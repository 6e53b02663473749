/**
 * The repository must stand alone: a clone with nothing beside it passes its tests. The team's notes
 * folder that sits next to the worktrees is not part of it, so no file may read or cite it; the
 * facts we rely on live in docs/ and the hash vectors in test/fixtures/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const SCANNED_DIRS = ['src', 'test', 'bench', 'scripts', 'docs', '.ci'];
const SCANNED_FILES = ['package.json', 'README.md', 'vitest.config.ts', 'eslint.config.js'];

// Spelled in pieces so this file does not match itself.
const folder = 'shared';
const FORBIDDEN: Array<[string, RegExp]> = [
  [`../${folder}`, new RegExp(`\\.\\./${folder}\\b`)],
  [`join(…, '..', '${folder}')`, new RegExp(`['"]\\.\\.['"]\\s*,\\s*['"]${folder}['"]`)],
  [`${folder}/vectors`, new RegExp(`\\b${folder}/vectors\\b`)],
  [`${folder}/workos-api.md`, new RegExp(`\\b${folder}/workos-api\\.md`)],
  [`${folder}/hash-formats.md`, new RegExp(`\\b${folder}/hash-formats\\.md`)],
];

function* filesUnder(dir: string): Generator<string> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // a folder this checkout does not have
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* filesUnder(path);
    else if (e.isFile()) yield path;
  }
}

function scannedFiles(): string[] {
  const files = SCANNED_DIRS.flatMap((d) => [...filesUnder(join(root, d))]);
  for (const f of SCANNED_FILES) {
    try {
      if (statSync(join(root, f)).isFile()) files.push(join(root, f));
    } catch {
      // not in this checkout
    }
  }
  return files;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const line of markdown.split('\n')) {
    const m = /^#{1,6}\s+(.*)$/.exec(line);
    if (!m) continue;
    const base = m[1]!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    let anchor = base;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${base}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

describe('the repository stands alone', () => {
  it('no file reads or cites the notes folder beside the repository', () => {
    const files = scannedFiles();
    expect(files.length).toBeGreaterThan(100); // the walk found the tree, not an empty folder
    const hits: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      text.split('\n').forEach((line, i) => {
        for (const [name, pattern] of FORBIDDEN)
          if (pattern.test(line)) hits.push(`${relative(root, file)}:${i + 1} cites ${name}`);
      });
    }
    expect(hits, 'restate the fact in docs/ or copy the data into test/fixtures/ instead').toEqual([]);
  });

  it('every docs/…md#anchor cited in the code is a heading of that doc', () => {
    const anchorsOf = new Map<string, Set<string>>();
    const broken: string[] = [];
    let cited = 0;
    for (const file of scannedFiles()) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/docs\/([\w-]+\.md)#([\w-]+)/g)) {
        cited++;
        const doc = m[1]!;
        if (!anchorsOf.has(doc)) {
          let markdown = '';
          try {
            markdown = readFileSync(join(root, 'docs', doc), 'utf8');
          } catch {
            // reported below as a missing anchor
          }
          anchorsOf.set(doc, headingAnchors(markdown));
        }
        if (!anchorsOf.get(doc)!.has(m[2]!)) broken.push(`${relative(root, file)}: docs/${doc}#${m[2]}`);
      }
    }
    expect(cited).toBeGreaterThan(10);
    expect(broken, 'rename the citation or restore the heading').toEqual([]);
  });

  it('the links between the docs land on a heading', () => {
    const broken: string[] = [];
    for (const file of [...filesUnder(join(root, 'docs'))].filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\]\(([\w-]+\.md)?#([\w-]+)\)/g)) {
        const target = m[1] ? join(root, 'docs', m[1]) : file;
        let markdown = '';
        try {
          markdown = readFileSync(target, 'utf8');
        } catch {
          // reported as broken
        }
        if (!headingAnchors(markdown).has(m[2]!)) broken.push(`${relative(root, file)}: ${m[0]}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('the hash vectors the tests read are inside the repository', async () => {
    const { HASH_VECTORS_PATH, loadHashVectors } = await import('./support/hash-vectors.js');
    expect(relative(root, HASH_VECTORS_PATH).startsWith('..')).toBe(false);
    expect(loadHashVectors().length).toBeGreaterThanOrEqual(90);
  });
});
