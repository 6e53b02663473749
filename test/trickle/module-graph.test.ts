import { describe, expect, it } from 'vitest';
import { CLI_SIDE, CLI_SIDE_PACKAGES, loadedModules } from '../support/module-graph.js';

/**
 * `workos-migrator/trickle` runs in the application's login handler: the migrator, the switch and
 * the legacy verifiers, on the application's own database handle, and nothing of the CLI side.
 */
describe('workos-migrator/trickle', () => {
  it('loads without the emulator, the CLI, the journal or a database driver of its own', () => {
    const r = loadedModules(`
      const { default: Database } = await import('better-sqlite3');
      const t = await import('workos-migrator/trickle');
      const m = await t.createTrickleMigrator({
        workos: { userManagement: {} }, clientId: 'client_x',
        db: { kind: 'sqlite', client: new Database(':memory:') },
        getLegacyCredential: async () => null,
      });
      t.createLoginSwitch({ legacy: {}, workos: t.workosLoginPath({ migrator: m }), rollout: 0 });
      console.log(await t.checkLegacyPassword({ hash: '5f4dcc3b5aa765d61d8327deb882cf99' }, 'password'));`);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('true');
    expect(r.ours).toContain('dist/trickle/index.js');
    expect(r.ours.filter((p) => CLI_SIDE.test(p) || p.startsWith('dist/trickle/rehearse/'))).toEqual([]);
    for (const heavy of CLI_SIDE_PACKAGES) expect(r.packages.has(heavy), `${heavy} was loaded`).toBe(false);
  });
});
