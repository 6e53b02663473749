import type { Command } from 'commander';
import { writeBackMapping } from '../../writeback/mapping-write-back.js';
import { UsageError } from '../errors.js';
import { addStateOption, formatWriteBack } from './import-output.js';

interface WriteBackFlags {
  state: string;
  sql?: string;
  column?: string;
  key?: string;
  batch: string;
  json?: boolean;
}

/** `mapping write-back <db-url>`: the journal's WorkOS ids into the application's database, after the import. */
export function registerWriteBack(mapping: Command): void {
  addStateOption(
    mapping
      .command('write-back')
      .description(
        "Store every imported user's WorkOS id in your database (only the ones it does not hold yet); no WorkOS calls",
      )
      .argument(
        '<db-url>',
        'postgres://…, mysql://… or sqlite:path (missing parts from PGHOST…/MYSQL_… variables)',
      )
      .option(
        '--sql <statement>',
        'e.g. "UPDATE users SET workos_user_id = :workos_id WHERE id = :local_id" (also :email)',
      )
      .option('--column <table.column>', 'shorthand for that UPDATE, e.g. users.workos_user_id')
      .option('--key <column>', 'the key column --column matches the local id against (default id)')
      .option('--batch <n>', 'users per transaction', '500')
      .option('--json', 'print one JSON document'),
  ).action(async (database: string, flags: WriteBackFlags) => {
    const batchSize = Number(flags.batch);
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new UsageError(`--batch must be a whole number >= 1, not "${flags.batch}"`);
    const r = await writeBackMapping({
      state: flags.state,
      database,
      sql: flags.sql,
      column: flags.column,
      key: flags.key,
      batchSize,
    });
    process.stdout.write(
      flags.json
        ? `${JSON.stringify(r)}\n`
        : `${['mapping write-back finished', ...formatWriteBack(r)].join('\n')}\n`,
    );
    process.exitCode = r.exitCode;
  });
}
