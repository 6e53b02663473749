import type { Command } from 'commander';
import { parseLimitsFlag, startEmulator, type LimitsOption } from '../../emulator/index.js';
import { UsageError } from '../errors.js';

interface EmulatorFlags {
  port: string;
  limits: string;
  seed?: string;
  persist?: string;
  apiKey: string;
  clientId: string;
  duplicateEmail: string;
  requireEmailVerification?: boolean;
  oauthEmailMatch: string;
  roles: string;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be an integer 0–65535 (0 picks a free port); got '${value}'.`);
  return port;
}

export function register(program: Command): void {
  program
    .command('emulator')
    .description(
      'Run a local WorkOS (users, auth, resets, events, limits, faults) to rehearse a migration offline.',
    )
    .option('--port <port>', 'port to listen on (0 picks a free one)', '4100')
    .option(
      '--limits <mode>',
      'rate limits: documented, off, or xN to divide every window by N',
      'documented',
    )
    .option('--seed <file>', 'JSON array of users to create at start')
    .option('--persist <file>', 'keep state in this file across restarts')
    .option('--api-key <key>', 'API key to accept', 'sk_test_default')
    .option('--client-id <id>', 'client id to accept', 'client_test_default')
    .option('--duplicate-email <mode>', "duplicate email answer: 'contract' (400) or '409'", 'contract')
    .option('--require-email-verification', 'refuse password sign-in of unverified emails with 403')
    .option(
      '--oauth-email-match <mode>',
      "simulated OAuth sign-in links by email 'case-insensitive' (WorkOS) or 'exact' (the guide's duplicate case)",
      'case-insensitive',
    )
    .option(
      '--roles <slugs>',
      "the environment's role slugs, comma-separated; memberships with another are refused",
      'member,admin',
    )
    .action(async (flags: EmulatorFlags) => {
      const roles = flags.roles
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean);
      if (!roles.length) throw new UsageError("--roles needs at least one role slug, e.g. 'member,admin'.");
      let limits: LimitsOption;
      try {
        limits = parseLimitsFlag(flags.limits);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      if (flags.duplicateEmail !== 'contract' && flags.duplicateEmail !== '409')
        throw new UsageError(`--duplicate-email must be 'contract' or '409'; got '${flags.duplicateEmail}'.`);
      if (flags.oauthEmailMatch !== 'case-insensitive' && flags.oauthEmailMatch !== 'exact')
        throw new UsageError(
          `--oauth-email-match must be 'case-insensitive' or 'exact'; got '${flags.oauthEmailMatch}'.`,
        );
      const emu = await startEmulator({
        port: parsePort(flags.port),
        limits,
        apiKey: flags.apiKey,
        clientId: flags.clientId,
        duplicateEmail: flags.duplicateEmail,
        requireEmailVerification: Boolean(flags.requireEmailVerification),
        oauthEmailMatch: flags.oauthEmailMatch,
        roles,
        ...(flags.seed ? { seedFile: flags.seed } : {}),
        ...(flags.persist ? { persistFile: flags.persist } : {}),
      });
      const lines = [
        `WorkOS emulator listening on ${emu.url}`,
        `  base URL:  ${emu.url}`,
        `  API key:   ${emu.apiKey}`,
        `  client id: ${emu.clientId}`,
        `  limits:    ${flags.limits}`,
        `  roles:     ${roles.join(', ')}`,
      ];
      if (emu.restored) lines.push(`  state:     restored from ${flags.persist}`);
      if (emu.seeded)
        lines.push(
          `  seeded:    ${emu.seeded.created.length} users` +
            (emu.seeded.errors.length ? ` (${emu.seeded.errors.length} skipped, reasons above)` : ''),
        );
      lines.push('Press Ctrl+C to stop.');
      process.stdout.write(`${lines.join('\n')}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await emu.close();
      process.stdout.write('WorkOS emulator stopped.\n');
    });
}
