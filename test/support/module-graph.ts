import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { repoRoot, tempDir } from '../e2e/helpers.js';

export interface ModuleGraph {
  stdout: string;
  stderr: string;
  /** Our own modules Node loaded, relative to the repository (dist/…). */
  ours: string[];
  /** npm packages Node loaded. */
  packages: Set<string>;
}

/** Packages of the CLI side (server, command line, bulk readers) and drivers the app did not choose. */
export const CLI_SIDE_PACKAGES = [
  'hono',
  '@hono/node-server',
  'commander',
  'cli-progress',
  'pg',
  'mysql2',
  'stream-json',
  'csv-parse',
];

/** The folders an application-side library must never pull in. */
export const CLI_SIDE = /^dist\/(emulator|cli|journal|importer|runner|assess|sources|plan)\//;

/**
 * Runs `app` (ESM, from the repository root, as an application importing the package would) with a
 * resolve hook that records every module Node actually loads.
 */
export function loadedModules(app: string): ModuleGraph {
  const dir = tempDir();
  const log = join(dir, 'loaded.txt');
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, r.url + '\\n');
  return r;
}`,
  );
  const register = join(dir, 'register.mjs');
  writeFileSync(
    register,
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
  );
  writeFileSync(log, '');
  const r = spawnSync(
    process.execPath,
    ['--import', pathToFileURL(register).href, '--input-type=module', '-e', app],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  const loaded = readFileSync(log, 'utf8')
    .split('\n')
    .filter((u) => u.startsWith('file:'))
    .map((u) => fileURLToPath(u).slice(repoRoot.length + 1));
  return {
    stdout: r.stdout,
    stderr: r.stderr,
    ours: loaded.filter((p) => p.startsWith('dist/')),
    packages: new Set(
      loaded.map((p) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p)?.[1]).filter((p): p is string => !!p),
    ),
  };
}
