import type { Command } from 'commander';
import {
  drainDatabase,
  formatOutboxStatus,
  initOutbox,
  outboxStatus,
  pruneOutbox,
} from '../../dualwrite/index.js';
import type { DrainSummary } from '../../dualwrite/index.js';
import { UsageError } from '../errors.js';
import { parseDuration } from './campaign-flags.js';
import { confirmTarget } from './import-output.js';

interface TableFlags {
  table: string;
  mapTable: string;
}

function addTableOptions(c: Command): Command {
  return c
    .option('--table <name>', 'outbox table', 'workos_outbox')
    .option('--map-table <name>', 'local id → WorkOS id table', 'workos_user_map');
}

function positive(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${flag} must be a whole number >= 1, not "${text}"`);
  return n;
}

export function formatDrain(s: DrainSummary): string {
  const d = s.delivered;
  const lines = [
    `delivered ${d.create + d.update + d.delete} change(s) in ${(s.elapsedMs / 1000).toFixed(1)}s: ${d.create} create(s), ${d.update} update(s), ${d.delete} delete(s)`,
    `  requests: ${s.requests.writes} writes, ${s.requests.reads} lookups, ${s.requests.rateLimited} answered 429, ${s.requests.retries} retries`,
  ];
  if (s.failed)
    lines.push(
      `  ${s.failed} change(s) refused by WorkOS: workos-migrator dualwrite status <db-url> lists them with reasons`,
    );
  if (s.waiting)
    lines.push(
      `  ${s.waiting} change(s) wait for users not in WorkOS yet: import them with --dual-write-db <db-url>, then drain again`,
    );
  return `${lines.join('\n')}\n`;
}

export function register(program: Command): void {
  const dw = program
    .command('dualwrite')
    .description(
      "Dual-write (the WorkOS migration guide's strategy B): the application's outbox of user changes, delivered to WorkOS.",
    );

  addTableOptions(
    dw
      .command('init')
      .description('Create the outbox and workos_user_map tables in the application database (idempotent)')
      .argument('<db-url>', 'postgres://…, mysql://… (or mariadb://…), sqlite:path')
      .option('--print', 'only print the DDL for this database (for your own migration tool)'),
  ).action(async (url: string, flags: TableFlags & { print?: boolean }) => {
    const r = await initOutbox({
      database: url,
      table: flags.table,
      mapTable: flags.mapTable,
      print: flags.print,
    });
    const ddl = r.ddl.map((s) => `${s};`).join('\n\n');
    process.stdout.write(
      r.executed
        ? `created (if missing) in ${r.where} (${r.dialect}):\n\n${ddl}\n\nnext: mirror sign-ups and changes with createDualWriter from workos-migrator/dualwrite, and keep one worker running: workos-migrator dualwrite drain ${r.where} --follow\n`
        : `-- ${r.dialect} DDL of the dual-write outbox\n${ddl}\n`,
    );
  });

  addTableOptions(
    dw
      .command('drain')
      .description(
        'Deliver the outbox to WorkOS, in order per user, paced, until it is empty (or forever with --follow)',
      )
      .argument('<db-url>', 'the application database')
      .option('--follow', 'keep running and deliver new changes as they come')
      .option(
        '--emulator <url>',
        'deliver to a local WorkOS emulator (key: WORKOS_API_KEY or the emulator default)',
      )
      .option('--yes', 'do not ask before writing with a production (sk_live_) key')
      .option(
        '--lease <duration>',
        "how long a claimed change is this worker's; a killed worker's changes wait this long",
        '30s',
      )
      .option('--concurrency <n>', 'users delivered at once', '8')
      .option('--write-limit <n/window>', 'WorkOS write limit to pace against', '500/10s')
      .option('--read-limit <n/window>', 'WorkOS read limit to pace against', '1000/10s')
      .option('--general-limit <n/window>', 'WorkOS per-IP limit on all requests', '6000/60s')
      .option('--rate <share>', 'share of each limit: the live app and an import share it', '20%')
      .option(
        '--max-attempts <n>',
        'tries per request on 5xx and network errors before the change goes back in the queue',
        '6',
      )
      .option(
        '--give-up-after <duration>',
        'without --follow: stop when WorkOS was unreachable this long',
        '10m',
      )
      .option('--retry-failed', 'put changes WorkOS refused back in the queue first (after fixing them)')
      .option('--json', 'print the summary as one JSON document'),
  ).action(
    async (
      url: string,
      flags: TableFlags & {
        follow?: boolean;
        emulator?: string;
        yes?: boolean;
        lease: string;
        concurrency: string;
        writeLimit: string;
        readLimit: string;
        generalLimit: string;
        rate: string;
        maxAttempts: string;
        giveUpAfter: string;
        retryFailed?: boolean;
        json?: boolean;
      },
    ) => {
      await confirmTarget(flags);
      const controller = new AbortController();
      const onSignal = (): void => {
        process.stderr.write(
          '\ninterrupted: finishing deliveries in flight; undelivered changes stay in the outbox\n',
        );
        controller.abort();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const summary = await drainDatabase({
          database: url,
          table: flags.table,
          mapTable: flags.mapTable,
          workos: flags.emulator ? { emulator: flags.emulator } : {},
          pace: {
            writeLimit: flags.writeLimit,
            readLimit: flags.readLimit,
            generalLimit: flags.generalLimit,
            rate: flags.rate,
            retryPolicy: { maxAttempts: positive('--max-attempts', flags.maxAttempts) },
          },
          follow: flags.follow,
          leaseMs: parseDuration(flags.lease, '--lease'),
          concurrency: positive('--concurrency', flags.concurrency),
          patienceMs: parseDuration(flags.giveUpAfter, '--give-up-after'),
          retryFailed: flags.retryFailed,
          signal: controller.signal,
          onNotice: (m) => process.stderr.write(`${m}\n`),
        });
        process.stdout.write(flags.json ? `${JSON.stringify(summary)}\n` : formatDrain(summary));
        process.exitCode = summary.failed > 0 ? 1 : 0;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    },
  );

  addTableOptions(
    dw
      .command('prune')
      .description(
        'Delete delivered changes older than --older-than from the outbox; undelivered and refused ones stay',
      )
      .argument('<db-url>', 'the application database')
      .option('--older-than <duration>', 'age of the delivery, e.g. 12h or 7d', '7d')
      .option('--dry-run', 'only count what would be deleted')
      .option('--json', 'print one JSON document'),
  ).action(
    async (url: string, flags: TableFlags & { olderThan: string; dryRun?: boolean; json?: boolean }) => {
      const r = await pruneOutbox({
        database: url,
        table: flags.table,
        mapTable: flags.mapTable,
        olderThanMs: parseDuration(flags.olderThan, '--older-than'),
        dryRun: flags.dryRun,
      });
      process.stdout.write(
        flags.json
          ? `${JSON.stringify(r)}\n`
          : `${r.dryRun ? 'dry run: would delete' : 'deleted'} ${r.deleted} change(s) delivered before ${new Date(r.before).toISOString()} from ${r.where}; ` +
              `kept ${r.pending} undelivered and ${r.failed} refused (the user map keeps every WorkOS id)\n`,
      );
    },
  );

  addTableOptions(
    dw
      .command('status')
      .description('Backlog, age of the oldest undelivered change, failures with reasons')
      .argument('<db-url>', 'the application database')
      .option('--json', 'print one JSON document'),
  ).action(async (url: string, flags: TableFlags & { json?: boolean }) => {
    const s = await outboxStatus({ database: url, table: flags.table, mapTable: flags.mapTable });
    process.stdout.write(
      flags.json
        ? `${JSON.stringify({ ...s, oldestPendingAgeMs: s.oldestPendingAt === null ? null : Date.now() - s.oldestPendingAt })}\n`
        : formatOutboxStatus(s, s.where),
    );
    process.exitCode = s.failed > 0 ? 1 : 0;
  });
}
