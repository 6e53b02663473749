import type { Command } from 'commander';
import { formatReconcile, runReconcile } from '../../reconcile/index.js';
import { addStateOption, addTargetOptions, confirmTarget } from './import-output.js';
import { addPresetOptions, sourceOptions, type PresetFlags } from './preset-flags.js';

interface ReconcileFlags extends PresetFlags {
  format?: string;
  query?: string;
  map?: string;
  state: string;
  emulator?: string;
  yes?: boolean;
  readLimit: string;
  writeLimit: string;
  generalLimit: string;
  rate: string;
  dualWriteDb?: string;
  table: string;
  mapTable: string;
  fix?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  const command = program
    .command('reconcile')
    .description(
      "The migration guide's sync verification: compare every user that has a WorkOS id with WorkOS (email, names, email_verified) and report drift; --fix updates WorkOS from the source",
    )
    .argument(
      '<source>',
      'the export or the application database (postgres://…, mysql://…, sqlite:path with --query)',
    )
    .option('--format <format>', 'source format: json, ndjson, csv, sql (default: from the extension)')
    .option('--query <sql>', 'SQL query for a database source')
    .option('--map <file>', 'field mapping file (YAML or JSON)')
    .option(
      '--dual-write-db <url>',
      "the application database whose workos_user_map holds dual-write's WorkOS ids (default: the source, when it is a database)",
    )
    .option('--table <name>', 'outbox table', 'workos_outbox')
    .option('--map-table <name>', 'local id → WorkOS id table', 'workos_user_map')
    .option('--read-limit <n/window>', 'WorkOS read limit to pace against', '1000/10s')
    .option('--write-limit <n/window>', 'WorkOS write limit to pace against (--fix)', '500/10s')
    .option('--general-limit <n/window>', 'WorkOS per-IP limit on all requests', '6000/60s')
    .option('--rate <share>', 'share of each limit to use', '80%')
    .option('--fix', 'update WorkOS from the source where they differ')
    .option('--json', 'print the report as one JSON document');
  addPresetOptions(command);
  addStateOption(command);
  addTargetOptions(command);
  command.action(async (source: string, flags: ReconcileFlags) => {
    if (flags.fix) await confirmTarget(flags);
    const report = await runReconcile({
      source,
      ...sourceOptions(flags),
      state: flags.state,
      emulatorUrl: flags.emulator,
      readLimit: flags.readLimit,
      writeLimit: flags.writeLimit,
      generalLimit: flags.generalLimit,
      rate: flags.rate,
      dualWriteDb: flags.dualWriteDb,
      dualWriteTable: flags.table,
      dualWriteMapTable: flags.mapTable,
      fix: flags.fix,
    });
    process.stdout.write(
      flags.json ? `${JSON.stringify(report)}\n` : formatReconcile(report, Boolean(flags.fix)),
    );
    process.exitCode = report.exitCode;
  });
}
