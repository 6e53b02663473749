import type { Command } from 'commander';
import {
  exportErrors,
  exportMapping,
  getStatus,
  setStrategy,
  type ExportFormat,
} from '../../journal/reports.js';
import { exportMappingSql, type SqlDialect } from '../../journal/mapping-sql.js';
import { STRATEGY_DESCRIPTIONS } from '../../journal/statuses.js';
import { exportOrganizationMapping } from '../../journal/org-reports.js';
import { formatOrgSummary } from './import-output.js';
import { UsageError } from '../errors.js';
import { addStateOption } from './import-output.js';
import { registerWriteBack } from './mapping-write-back.js';

async function usageAsync<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    // The reader went away (`| head`): not an error of ours.
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return undefined;
    throw err;
  }
}

interface MappingFlags {
  state: string;
  format: string;
  out?: string;
  table?: string;
  column?: string;
  keyColumn?: string;
  dialect?: string;
  kind: string;
}

/** strategy set|show, status, mapping export, errors export: read or set journal state, no WorkOS calls. */
export function register(program: Command): void {
  const strategy = program
    .command('strategy')
    .description(
      "Record or show which of the WorkOS migration guide's strategies this migration follows (STRATEGY_CHOICE in migration.log).",
    );
  addStateOption(
    strategy
      .command('set')
      .description(
        `A or big-bang: ${STRATEGY_DESCRIPTIONS.A}; B or dual-write: ${STRATEGY_DESCRIPTIONS.B}. Also appends STRATEGY_CHOICE= to ./migration.log`,
      )
      .argument('<A|B|big-bang|dual-write>', 'the strategy'),
  ).action((choice: string, flags: { state: string }) => {
    const r = setStrategy({ state: flags.state, strategy: choice });
    process.stdout.write(
      `strategy ${r.strategy} (${r.description}) recorded in ${flags.state} and ${r.migrationLog}${r.previous && r.previous !== r.strategy ? ` (was ${r.previous})` : ''}\n`,
    );
  });
  addStateOption(strategy.command('show').description('Print the recorded strategy')).action(
    (flags: { state: string }) => {
      const s = getStatus({ state: flags.state });
      process.stdout.write(
        s.strategy
          ? `strategy ${s.strategy}: ${s.strategyDescription} (set ${s.strategySetAt})\n`
          : 'no strategy recorded: workos-migrator strategy set big-bang|dual-write\n',
      );
      if (!s.strategy) process.exitCode = 1;
    },
  );

  addStateOption(
    program
      .command('status')
      .description('What the journal knows: strategy, source, users per outcome, runs'),
  )
    .option('--json', 'print one JSON document')
    .action((flags: { state: string; json?: boolean }) => {
      const s = getStatus({ state: flags.state });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(s)}\n`);
      } else {
        const lines = [
          `journal   ${s.journal}`,
          `strategy  ${s.strategy ? `${s.strategy} — ${s.strategyDescription}` : 'not set (workos-migrator strategy set big-bang|dual-write)'}`,
          `source    ${s.source ?? 'none yet'}`,
          `users     ${s.total}`,
          ...Object.entries(s.statuses).map(([k, n]) => `  ${k.padEnd(10)} ${n}`),
          `lanes     ${
            Object.entries(s.lanes)
              .map(([k, n]) => `${k} ${n}`)
              .join(', ') || '—'
          }`,
          `runs      ${s.runs.length}${s.runs.length ? ` (last started ${s.runs.at(-1)?.startedAt}${s.runs.at(-1)?.finishedAt ? '' : ', did not finish'})` : ''}`,
        ];
        if (s.organizations) lines.push(...formatOrgSummary(s.organizations).map((l) => l.slice(2)));
        if (s.needsAttention)
          lines.push(
            `attention ${s.needsAttention} row(s): workos-migrator errors export --state ${s.journal}`,
          );
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      process.exitCode = s.needsAttention > 0 ? 1 : 0;
    });

  const exportOptions = (c: Command): Command =>
    addStateOption(
      c
        .option('--format <csv|json>', 'output format', 'csv')
        .option('--out <file>', 'write here (mode 0600) instead of stdout'),
    );

  const mapping = program
    .command('mapping')
    .description(
      'The local id → WorkOS user id mapping the journal keeps: export it, or write it into your database',
    );
  addStateOption(
    mapping
      .command('export')
      .description(
        'local id → WorkOS user id, for every user in WorkOS (--kind organizations: organization ids)',
      )
      .option('--kind <users|organizations>', 'which mapping', 'users')
      .option('--format <csv|json|sql>', 'output format (sql: UPDATE statements for your user table)', 'csv')
      .option('--out <file>', 'write here (mode 0600) instead of stdout')
      .option('--table <name>', 'sql: the application table that stores the WorkOS id (e.g. users)')
      .option('--column <name>', 'sql: the column that receives it (e.g. workos_user_id)')
      .option('--key-column <name>', "sql: the column with the export's local id", 'id')
      .option('--dialect <postgres|mysql|sqlite>', 'sql: how string literals are escaped', 'postgres'),
  ).action(async (flags: MappingFlags) => {
    if (flags.kind !== 'users' && flags.kind !== 'organizations')
      throw new UsageError(`--kind must be users or organizations; got "${flags.kind}"`);
    if (!['csv', 'json', 'sql'].includes(flags.format.toLowerCase()))
      throw new UsageError(`--format must be csv, json or sql; got "${flags.format}"`);
    if (flags.format.toLowerCase() === 'sql') {
      if (flags.kind === 'organizations')
        throw new UsageError('--format sql writes user ids; use csv or json with --kind organizations');
      if (!flags.table || !flags.column)
        throw new UsageError(
          '--format sql needs --table and --column (e.g. --table users --column workos_user_id)',
        );
      const r = await usageAsync(() =>
        exportMappingSql({
          state: flags.state,
          table: flags.table as string,
          column: flags.column as string,
          keyColumn: flags.keyColumn,
          dialect: flags.dialect as SqlDialect,
          out: flags.out,
        }),
      );
      if (flags.out && r)
        process.stderr.write(
          `${r.rows} UPDATE statement(s) written to ${flags.out}${r.skipped ? ` (${r.skipped} user(s) without a local id skipped)` : ''}\n`,
        );
      return;
    }
    const options = { state: flags.state, format: flags.format as ExportFormat, out: flags.out };
    const r = await usageAsync(() =>
      flags.kind === 'organizations' ? exportOrganizationMapping(options) : exportMapping(options),
    );
    if (flags.out && r) process.stderr.write(`${r.rows} mapping row(s) written to ${flags.out}\n`);
  });

  registerWriteBack(mapping);

  exportOptions(
    program
      .command('errors')
      .description('Export the rows that need attention, with reasons')
      .command('export')
      .description('Rows to fix, with the reason (blocked, conflict, invalid, failed, unknown)'),
  ).action(async (flags: { state: string; format: string; out?: string }) => {
    const r = await usageAsync(() =>
      exportErrors({ state: flags.state, format: flags.format as ExportFormat, out: flags.out }),
    );
    if (flags.out && r) process.stderr.write(`${r.rows} row(s) written to ${flags.out}\n`);
  });
}
