import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../e2e/helpers.js';

/**
 * `workos-migrator/dualwrite` goes into the application's own process: it must not drag in the
 * emulator (Hono, a server), the CLI (commander, progress bars) or the journal's bulk machinery.
 * A resolve hook records every module Node actually loads while an application imports it,
 * opens a dual writer on SQLite and mirrors a sign-up.
 */
describe('workos-migrator/dualwrite', () => {
  it('loads without the emulator, the CLI or the journal', () => {
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
    const db = join(dir, 'app.db');
    const app = `
      const { createDualWriter, initOutbox } = await import('workos-migrator/dualwrite');
      await initOutbox({ database: 'sqlite:${db}' });
      const dw = await createDualWriter({ database: 'sqlite:${db}', workos: { emulator: 'http://127.0.0.1:9' } });
      await dw.mirrorCreate({ localId: 1, email: 'a@example.com' });
      await dw.close();
      console.log('ok');`;
    writeFileSync(db, '');
    const r = spawnSync(
      process.execPath,
      ['--import', pathToFileURL(register).href, '--input-type=module', '-e', app],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('ok');
    const loaded = readFileSync(log, 'utf8')
      .split('\n')
      .filter((u) => u.startsWith('file:'))
      .map((u) => fileURLToPath(u).slice(repoRoot.length + 1));
    const ours = loaded.filter((p) => p.startsWith('dist/'));
    expect(ours).toContain('dist/dualwrite/index.js');
    expect(
      ours.filter((p) => /^dist\/(emulator|cli|journal|importer|runner|assess|sources|plan)\//.test(p)),
    ).toEqual([]);
    const packages = new Set(
      loaded.map((p) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p)?.[1]).filter(Boolean),
    );
    for (const heavy of [
      'hono',
      '@hono/node-server',
      'commander',
      'cli-progress',
      'pg',
      'mysql2',
      'stream-json',
      'csv-parse',
    ])
      expect(packages.has(heavy), `${heavy} was loaded`).toBe(false);
    // The driver of the database in use, and the SDK, are all it needs.
    expect(packages.has('better-sqlite3')).toBe(true);
  });
});
