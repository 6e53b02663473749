import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../e2e/helpers.js';
import { CLI_SIDE, CLI_SIDE_PACKAGES, loadedModules } from '../support/module-graph.js';

/**
 * `workos-migrator/dualwrite` goes into the application's own process: it must not drag in the
 * emulator (Hono, a server), the CLI (commander, progress bars) or the journal's bulk machinery.
 * A resolve hook records every module Node actually loads while an application imports it,
 * opens a dual writer on SQLite and mirrors a sign-up.
 */
describe('workos-migrator/dualwrite', () => {
  it('loads without the emulator, the CLI or the journal', () => {
    const db = join(tempDir(), 'app.db');
    writeFileSync(db, '');
    const r = loadedModules(`
      const { createDualWriter, initOutbox } = await import('workos-migrator/dualwrite');
      await initOutbox({ database: 'sqlite:${db}' });
      const dw = await createDualWriter({ database: 'sqlite:${db}', workos: { emulator: 'http://127.0.0.1:9' } });
      await dw.mirrorCreate({ localId: 1, email: 'a@example.com' });
      await dw.close();
      console.log('ok');`);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('ok');
    expect(r.ours).toContain('dist/dualwrite/index.js');
    expect(r.ours.filter((p) => CLI_SIDE.test(p))).toEqual([]);
    for (const heavy of CLI_SIDE_PACKAGES) expect(r.packages.has(heavy), `${heavy} was loaded`).toBe(false);
    // The driver of the database in use, and the SDK, are all it needs.
    expect(r.packages.has('better-sqlite3')).toBe(true);
  });
});
