import type { Command } from 'commander';
import { trickleLogin } from '../../trickle/rehearse/try-login.js';
import { trickleStatus, type TrickleStatusReport } from '../../trickle/rehearse/status.js';
import { UsageError } from '../errors.js';
import { readPassword } from '../read-password.js';
import { addStateOption, addTargetOptions, confirmTarget } from './import-output.js';
import { addPresetOptions, sourceOptions, type PresetFlags } from './preset-flags.js';

interface LoginFlags extends PresetFlags {
  source: string;
  email: string;
  state: string;
  db?: string;
  clientId?: string;
  emulator?: string;
  yes?: boolean;
}

function formatStatus(s: TrickleStatusReport): string {
  const lines = [
    `login-time (trickle) migration: ${s.lane} user(s) in lane trickle (${s.journal}; state in ${s.where})`,
    `  migrated     ${s.migrated}  password moved to WorkOS at sign-in`,
    `  remaining    ${s.remaining}  not signed in yet: the old hash is still their only password`,
  ];
  if (s.inFlight) lines.push(`  in flight    ${s.inFlight}`);
  if (s.ineligible)
    lines.push(`  ineligible   ${s.ineligible}  old hash missing or WorkOS refused the password`);
  if (s.handedOver !== undefined)
    lines.push(`  recorded ${s.handedOver} migrated user(s) in the journal: resets leave them out`);
  const rest = s.remaining + s.ineligible;
  if (rest > 0 && s.resetFrom) {
    const when = s.resetFrom.slice(0, 10);
    lines.push(
      s.resetDue
        ? `  the sign-in window closed on ${when}: send the rest a reset (Step 6):`
        : `  from ${when} (end of the sign-in window), send the rest a reset (Step 6):`,
      '    workos-migrator trickle status --hand-over   (so migrated users get none)',
      '    workos-migrator resets plan --lane trickle && workos-migrator resets send --lane trickle',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** trickle login | status: the guide's Step 8 with passwords moved at sign-in. */
export function register(program: Command): void {
  const trickle = program
    .command('trickle')
    .description(
      'Login-time migration (the migration guide, Step 8): check the old hash at sign-in and move the password to WorkOS',
    );

  addPresetOptions(
    addTargetOptions(
      addStateOption(
        trickle
          .command('login')
          .description(
            'sign one user in through the trickle migrator (password on stdin); prints workos, migrated-now, invalid-credentials or not-eligible',
          )
          .requiredOption(
            '--source <source>',
            'the legacy user store: any source import reads (file or database URL)',
          )
          .option('--format <format>', 'source format (default: from the extension or URL)')
          .option('--query <sql>', 'SQL query for a database source')
          .option('--map <file>', 'field mapping file (YAML or JSON), as for import')
          .requiredOption('--email <email>', 'who signs in')
          .option(
            '--db <url>',
            "the application's database for the trickle table (default: the journal file)",
          )
          .option(
            '--client-id <id>',
            'AuthKit client id (default: WORKOS_CLIENT_ID, or the emulator default)',
          ),
      ),
    ),
  ).action(async (flags: LoginFlags) => {
    await confirmTarget(flags);
    const password = await readPassword();
    if (!password) throw new UsageError('no password on stdin');
    const r = await trickleLogin({
      source: flags.source,
      ...sourceOptions(flags),
      email: flags.email,
      password,
      state: flags.state,
      db: flags.db,
      clientId: flags.clientId,
      emulatorUrl: flags.emulator,
    });
    if (r.detail) process.stderr.write(`${r.detail}\n`);
    process.stdout.write(`${r.word}\n`);
    process.exitCode = r.word === 'workos' || r.word === 'migrated-now' ? 0 : 1;
  });

  addStateOption(
    trickle
      .command('status')
      .description('trickle users migrated and remaining, and when the remaining should get a reset')
      .option(
        '--db <url>',
        "the application's database holding the trickle table (default: the journal file)",
      )
      .option('--reset-after <days>', 'days after the import that sign-in alone moves passwords', '30')
      .option('--hand-over', 'record migrated users in the journal so resets plan --lane trickle skips them')
      .option('--json', 'print one JSON document'),
  ).action(
    async (flags: { state: string; db?: string; resetAfter: string; handOver?: boolean; json?: boolean }) => {
      const days = Number(flags.resetAfter);
      if (!Number.isFinite(days) || days < 0)
        throw new UsageError(`--reset-after must be a number of days, not "${flags.resetAfter}"`);
      const s = await trickleStatus({
        state: flags.state,
        db: flags.db,
        resetAfterDays: days,
        handOver: flags.handOver,
      });
      process.stdout.write(flags.json ? `${JSON.stringify(s)}\n` : formatStatus(s));
    },
  );
}
