import type { Command } from 'commander';

type CommandModule = { register: (program: Command) => void };

/**
 * Every command family, in the order `--help` lists them, loaded on demand: `assess` on a large
 * export should not pay for loading the emulator, the SDK and SQLite it never uses.
 */
const families: Array<{ names: string[]; load: () => Promise<CommandModule> }> = [
  { names: ['assess'], load: () => import('./assess.js') },
  { names: ['presets'], load: () => import('./presets.js') },
  {
    names: ['import', 'retry', 'strategy', 'status', 'mapping', 'errors'],
    load: () => import('./import.js'),
  },
  { names: ['dualwrite'], load: () => import('./dualwrite.js') },
  { names: ['reconcile'], load: () => import('./reconcile.js') },
  { names: ['resets'], load: () => import('./resets.js') },
  { names: ['trickle'], load: () => import('./trickle.js') },
  { names: ['users'], load: () => import('./users.js') },
  { names: ['oauth'], load: () => import('./oauth.js') },
  { names: ['verify'], load: () => import('./verify.js') },
  { names: ['cutover-check', 'flag'], load: () => import('./cutover.js') },
  { names: ['monitor'], load: () => import('./monitor.js') },
  { names: ['undo'], load: () => import('./undo.js') },
  { names: ['archive'], load: () => import('./archive.js') },
  { names: ['hash'], load: () => import('./hash.js') },
  { names: ['emulator'], load: () => import('./emulator.js') },
  { names: ['demo'], load: () => import('./demo.js') },
];

/** The register functions needed for this command line: one family, or all of them for help. */
export async function commandsFor(argv: readonly string[]): Promise<Array<CommandModule['register']>> {
  const name = argv.slice(2).find((arg) => !arg.startsWith('-'));
  const chosen = families.filter((f) => name !== undefined && f.names.includes(name));
  const modules = await Promise.all((chosen.length ? chosen : families).map((f) => f.load()));
  return modules.map((m) => m.register);
}
