import { once } from 'node:events';
import type { Command } from 'commander';
import type { Problem } from '../../model/user.js';
import { MappingError } from '../../model/field-mapping.js';
import { assess } from '../../assess/assess.js';
import { formatAssessReport } from '../../plan/format-report.js';
import { formatCredentialCheck } from '../../plan/format-credentials.js';
import type { SourceFormat } from '../../plan/types.js';
import { SourceUnavailableError } from '../../sources/types.js';
import { UsageError } from '../errors.js';

const FORMATS = ['json', 'ndjson', 'csv', 'sql'];

interface AssessFlags {
  format?: string;
  query?: string;
  map?: string;
  passwords: boolean;
  trickle?: boolean;
  strict?: boolean;
  json?: boolean;
  out?: string;
  credentials?: string;
}

export function register(program: Command): void {
  program
    .command('assess')
    .description(
      'Read an export and tell, per user, what the migration will do; find every data problem first.',
    )
    .argument(
      '<source>',
      'export file (.json, .ndjson, .csv), - for stdin, or postgres://…, mysql://…, sqlite:path',
    )
    .option('--format <format>', `source format: ${FORMATS.join(', ')} (default: from the extension)`)
    .option('--query <sql>', 'SQL query for a database source')
    .option('--map <file>', 'field mapping file (YAML or JSON)')
    .option('--no-passwords', 'policy: move everyone to Magic Auth (lane passwordless)')
    .option(
      '--trickle',
      'users whose hash WorkOS cannot import but this tool can verify go to lane trickle (password moved at first sign-in) instead of reset',
    )
    .option('--strict', 'treat warnings as blocking')
    .option('--json', 'print one machine-readable JSON document')
    .option('--out <plan.json>', 'write the per-user lanes (never the hashes) to this file')
    .option(
      '--credentials <file>',
      'CSV email,password of known accounts (- for stdin): verify their converted hashes per source format',
    )
    .action(async (source: string, flags: AssessFlags) => {
      if (flags.format !== undefined && !FORMATS.includes(flags.format)) {
        throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${flags.format}"`);
      }
      try {
        const result = await assess({
          source,
          format: flags.format as SourceFormat | undefined,
          query: flags.query,
          map: flags.map,
          noPasswords: !flags.passwords,
          trickle: flags.trickle,
          strict: flags.strict,
          out: flags.out,
          credentials: flags.credentials,
          // The human report shows a few rows per problem code; --json lists every problem, streamed.
          problems: flags.json ? 'stream' : 'sample',
        });
        try {
          const { report, credentials, exitCode } = result;
          if (flags.json) {
            const { revisions: _revisions, problems: _sample, ...publicReport } = report;
            await writeJsonReport(
              { source, ...publicReport, ...(credentials && { credentials }), exitCode },
              result.allProblems!(),
            );
          } else {
            process.stdout.write(
              formatAssessReport(report, source) +
                (credentials ? `\n${formatCredentialCheck(credentials, flags.credentials!)}` : ''),
            );
          }
          process.exitCode = exitCode;
        } finally {
          result.dispose();
        }
      } catch (err) {
        if (err instanceof SourceUnavailableError || err instanceof MappingError)
          throw new UsageError(err.message);
        throw err;
      }
    });
}

/** One JSON document on one line, its `problems` array written as it is read back from disk. */
async function writeJsonReport(
  head: Record<string, unknown>,
  problems: AsyncIterable<Problem>,
): Promise<void> {
  const out = process.stdout;
  let text = `${JSON.stringify(head).slice(0, -1)},"problems":[`;
  let first = true;
  for await (const p of problems) {
    text += `${first ? '' : ','}${JSON.stringify(p)}`;
    first = false;
    if (text.length >= 1 << 16) {
      if (!out.write(text)) await once(out, 'drain');
      text = '';
    }
  }
  out.write(`${text}]}\n`);
}
