import type { Command } from 'commander';
import { retryFailed } from '../../importer/retry.js';
import { renderImportReport } from '../../report/import-report.js';
import { writeReportFile } from './report-file.js';
import { runImport, type ImportOptions, type ImportSummary } from '../../importer/run-import.js';
import { UsageError } from '../errors.js';
import { addPresetOptions, sourceOptions, type PresetFlags } from './preset-flags.js';
import {
  addStateOption,
  addTargetOptions,
  confirmTarget,
  formatSummary,
  progressBar,
  readEmailList,
} from './import-output.js';
import { register as registerJournalCommands } from './import-journal.js';
import { addOrgOptions, orgOptionsOf, type OrgFlags } from './org-flags.js';

interface ImportFlags extends PresetFlags, OrgFlags {
  format?: string;
  query?: string;
  map?: string;
  passwords: boolean;
  trickle?: boolean;
  strict?: boolean;
  state: string;
  emulator?: string;
  yes?: boolean;
  writeLimit: string;
  readLimit: string;
  generalLimit: string;
  rate: string;
  externalId: boolean;
  dryRun?: boolean;
  limit?: string;
  only?: string;
  newRun?: boolean;
  acceptMappingChange?: boolean;
  pauseWebhooks?: boolean;
  maxAttempts: string;
  json?: boolean;
  report?: string;
  status?: string;
  dualWriteDb?: string;
  dualWriteMapTable: string;
  writeBack?: string;
  writeBackColumn?: string;
  writeBackKey?: string;
  writeBackDb?: string;
  writeBackBatch: string;
}

function addSendOptions(command: Command): Command {
  return addOrgOptions(addPresetOptions(command))
    .option('--format <format>', 'source format: json, ndjson, csv, sql (default: from the extension)')
    .option('--query <sql>', 'SQL query for a database source')
    .option('--map <file>', 'field mapping file (YAML or JSON)')
    .option('--no-passwords', 'policy: move everyone to Magic Auth (lane passwordless)')
    .option(
      '--trickle',
      'users whose hash WorkOS cannot import but this tool can verify go to lane trickle (password moved at first sign-in) instead of reset',
    )
    .option('--strict', 'treat assess warnings as blocking')
    .option(
      '--accept-mapping-change',
      'resume although the source is read another way than before (--map file, --preset, --param, lanes); users already sent keep what they were sent with',
    )
    .option('--write-limit <n/window>', 'WorkOS write limit to pace against', '500/10s')
    .option('--read-limit <n/window>', 'WorkOS read limit to pace against', '1000/10s')
    .option('--general-limit <n/window>', 'WorkOS per-IP limit on all requests', '6000/60s')
    .option(
      '--rate <share>',
      'share of each limit to use: 80% leaves a live app headroom, 100% for a frozen app',
      '80%',
    )
    .option(
      '--no-external-id',
      'do not send external_id = local id (ownership is then proven by a metadata marker)',
    )
    .option('--limit <n>', 'canary: send at most n users in this run')
    .option('--only <emails.txt>', 'canary: send only these emails (one per line)')
    .option('--max-attempts <n>', 'tries per request on 5xx and network errors before a row is failed', '6')
    .option(
      '--pause-webhooks',
      'disable enabled webhook endpoints during the run, re-enable exactly those after',
    )
    .option(
      '--dual-write-db <url>',
      "strategy B: the application database whose workos_user_map holds dual-write's WorkOS ids (read automatically when the source is that database)",
    )
    .option(
      '--dual-write-map-table <name>',
      'the local id → WorkOS id table dualwrite init created',
      'workos_user_map',
    )
    .option(
      '--write-back <sql>',
      'store each WorkOS user id in your database as outcomes arrive, e.g. "UPDATE users SET workos_user_id = :workos_id WHERE id = :local_id" (also :email)',
    )
    .option('--write-back-column <table.column>', 'shorthand for that UPDATE, e.g. users.workos_user_id')
    .option(
      '--write-back-key <column>',
      'the key column --write-back-column matches the local id against (default id)',
    )
    .option('--write-back-db <url>', 'the database to write to (default: the source, when it is a database)')
    .option('--write-back-batch <n>', 'users per write-back transaction', '500')
    .option('--json', 'print the summary as one JSON document')
    .option(
      '--report <report.html>',
      'also write the summary as one self-contained HTML page (rate and 429 charts)',
    );
}

/** Runs an import-like command with Ctrl-C handling, a progress bar and the summary; sets the exit code. */
async function execute(
  flags: ImportFlags,
  run: (options: Partial<ImportOptions>) => Promise<ImportSummary>,
): Promise<void> {
  await confirmTarget(flags);
  let limit: number | undefined;
  if (flags.limit !== undefined) {
    limit = Number(flags.limit);
    if (!Number.isInteger(limit) || limit <= 0)
      throw new UsageError(`--limit must be a positive whole number, not "${flags.limit}"`);
  }
  const writeBackBatch = Number(flags.writeBackBatch);
  if (!Number.isInteger(writeBackBatch) || writeBackBatch < 1)
    throw new UsageError(`--write-back-batch must be a whole number >= 1, not "${flags.writeBackBatch}"`);
  const maxAttempts = Number(flags.maxAttempts);
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new UsageError(`--max-attempts must be a whole number >= 1, not "${flags.maxAttempts}"`);
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write(
        '\ninterrupted: finishing requests in flight and saving the journal (Ctrl-C again to quit now)\n',
      );
      controller.abort();
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const orgOptions = orgOptionsOf(flags);
  const bar = progressBar(!flags.json);
  try {
    const summary = await run({
      ...orgOptions,
      ...sourceOptions(flags),
      noPasswords: !flags.passwords,
      trickle: flags.trickle,
      strict: flags.strict,
      state: flags.state,
      emulatorUrl: flags.emulator,
      writeLimit: flags.writeLimit,
      readLimit: flags.readLimit,
      generalLimit: flags.generalLimit,
      rate: flags.rate,
      externalId: flags.externalId,
      dryRun: flags.dryRun,
      limit,
      only: flags.only ? readEmailList(flags.only) : undefined,
      newRun: flags.newRun,
      acceptMappingChange: flags.acceptMappingChange,
      pauseWebhooks: flags.pauseWebhooks,
      dualWriteDb: flags.dualWriteDb,
      dualWriteMapTable: flags.dualWriteMapTable,
      writeBack: flags.writeBack,
      writeBackColumn: flags.writeBackColumn,
      writeBackKey: flags.writeBackKey,
      writeBackDb: flags.writeBackDb,
      writeBackBatch,
      retryPolicy: { maxAttempts },
      signal: controller.signal,
      onProgress: bar.update,
      onNotice: (m) => process.stderr.write(`${m}\n`),
    });
    process.stdout.write(flags.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary, flags.state));
    if (flags.report) writeReportFile(flags.report, renderImportReport(summary));
    process.exitCode = summary.exitCode;
  } finally {
    bar.stop();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

export function register(program: Command): void {
  const importCommand = program
    .command('import')
    .description(
      'Create the users of an export in WorkOS, paced, journaled and resumable: every user exactly once.',
    )
    .argument(
      '<source>',
      'export file (.json, .ndjson, .csv) or postgres://…, mysql://…, sqlite:path (read twice: plan, then send)',
    );
  addSendOptions(importCommand);
  addStateOption(importCommand);
  addTargetOptions(importCommand);
  importCommand
    .option(
      '--dry-run',
      'everything but the HTTP calls: payloads are checked against the WorkOS OpenAPI spec',
    )
    .option('--new-run', 'accept a source that differs from the one the journal tracks')
    .action(async (source: string, flags: ImportFlags) => {
      await execute(flags, (o) => runImport({ ...o, source }));
    });

  const retryCommand = program
    .command('retry')
    .description('Re-attempt rows that ended failed, invalid or conflict, after fixing the export or WorkOS.')
    .argument('[source]', 'the export (default: the one the journal recorded)');
  addSendOptions(retryCommand);
  addStateOption(retryCommand);
  addTargetOptions(retryCommand);
  retryCommand
    .option('--status <list>', 'which outcomes to re-attempt (comma-separated)', 'failed,invalid,conflict')
    .action(async (source: string | undefined, flags: ImportFlags) => {
      await execute(flags, (o) =>
        retryFailed({ ...o, source, statuses: (flags.status ?? '').split(',').filter(Boolean) }),
      );
    });

  registerJournalCommands(program);
}
