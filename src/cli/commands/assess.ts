import { once } from 'node:events';
import type { Command } from 'commander';
import type { Problem } from '../../model/user.js';
import { MappingError } from '../../model/field-mapping.js';
import { assess } from '../../assess/assess.js';
import { assessDocumentHead } from '../../assess/assess-document.js';
import { redactUrl } from '../../journal/fingerprint.js';
import { renderAssessReport, REPORT_PROBLEM_ROWS } from '../../report/assess-report.js';
import { writeReportFile } from './report-file.js';
import { formatAssessReport } from '../../plan/format-report.js';
import { formatCredentialCheck } from '../../plan/format-credentials.js';
import { SourceUnavailableError } from '../../sources/types.js';
import { UsageError } from '../errors.js';
import { addPresetOptions, sourceOptions, type PresetFlags } from './preset-flags.js';

const FORMATS = ['json', 'ndjson', 'csv', 'sql'];

interface AssessFlags extends PresetFlags {
  format?: string;
  query?: string;
  map?: string;
  passwords: boolean;
  trickle?: boolean;
  strict?: boolean;
  json?: boolean;
  out?: string;
  credentials?: string;
  report?: string;
}

export function register(program: Command): void {
  const command = program
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
    .option('--report <report.html>', 'also write the assessment as one self-contained HTML page');
  addPresetOptions(command).action(async (source: string, flags: AssessFlags) => {
    if (flags.format !== undefined && !FORMATS.includes(flags.format)) {
      throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${flags.format}"`);
    }
    try {
      const result = await assess({
        source,
        ...sourceOptions(flags),
        noPasswords: !flags.passwords,
        trickle: flags.trickle,
        strict: flags.strict,
        out: flags.out,
        credentials: flags.credentials,
        // The human report shows a few rows per problem code; --json lists every problem, streamed.
        problems: flags.json || flags.report ? 'stream' : 'sample',
      });
      try {
        const { report, credentials, exitCode } = result;
        const head = assessDocumentHead(redactUrl(source), result);
        // The report shows the first problems; --json streams every one. Both read the same pass.
        const shown: Problem[] = [];
        const keep = async function* (all: AsyncIterable<Problem>) {
          for await (const p of all) {
            if (shown.length < REPORT_PROBLEM_ROWS) shown.push(p);
            yield p;
          }
        };
        if (flags.json) {
          await writeJsonReport(head, keep(result.allProblems!()));
        } else {
          if (flags.report) for await (const _ of keep(result.allProblems!())) void _;
          process.stdout.write(
            formatAssessReport(report, source) +
              (credentials ? `\n${formatCredentialCheck(credentials, flags.credentials!)}` : ''),
          );
        }
        if (flags.report) writeReportFile(flags.report, renderAssessReport({ ...head, problems: shown }));
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
