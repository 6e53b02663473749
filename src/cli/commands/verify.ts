import type { Command } from 'commander';
import { formatVerify, runVerify } from '../../verify/index.js';
import type { ReadChoice } from '../../verify/read-workos.js';
import { renderVerifyReport } from '../../report/verify-report.js';
import { UsageError } from '../errors.js';
import { writeReportFile } from './report-file.js';
import { addCampaignOptions, campaignOptions, type CampaignFlags } from './campaign-flags.js';
import { addPresetOptions, sourceOptions, type PresetFlags } from './preset-flags.js';

interface VerifyFlags extends CampaignFlags, PresetFlags {
  credentials?: string;
  clientId?: string;
  source?: string;
  format?: string;
  query?: string;
  map?: string;
  externalId: boolean;
  read: string;
  report?: string;
}

const READ_CHOICES: readonly ReadChoice[] = ['auto', 'lookups', 'listing'];

export function register(program: Command): void {
  addCampaignOptions(
    addPresetOptions(program.command('verify'))
      .description(
        "The migration guide's verification checklist, automatic: completeness, field parity, test logins, OAuth identities, resets (PASS / FAIL / SKIP each; exit 1 on any FAIL)",
      )
      .option(
        '--credentials <file>',
        'CSV email,password of test accounts to log in through WorkOS (- for stdin)',
      )
      .option(
        '--client-id <id>',
        'AuthKit client id for the test logins (default: WORKOS_CLIENT_ID; the emulator needs none)',
      )
      .option('--source <file>', 'the export to compare fields with (default: the one the journal recorded)')
      .option('--format <format>', 'source format: json, ndjson, csv, sql')
      .option('--query <sql>', 'SQL query for a database source')
      .option('--map <file>', 'field mapping file used for the import')
      .option('--no-external-id', 'the import ran with --no-external-id: do not compare external_id')
      .option('--read <how>', 'auto (cheaper per size), lookups (one read per user) or listing', 'auto')
      .option('--report <report.html>', 'also write the result as one self-contained HTML page'),
  ).action(async (flags: VerifyFlags) => {
    if (!(READ_CHOICES as readonly string[]).includes(flags.read))
      throw new UsageError(`--read must be one of ${READ_CHOICES.join(', ')}, not "${flags.read}"`);
    const { options, done } = await campaignOptions(flags);
    try {
      const report = await runVerify({
        ...options,
        credentials: flags.credentials,
        clientId: flags.clientId,
        source: flags.source,
        ...sourceOptions(flags),
        externalId: flags.externalId,
        read: flags.read as ReadChoice,
      });
      const { exitCode, ...result } = report;
      process.stdout.write(flags.json ? `${JSON.stringify(result)}\n` : formatVerify(result));
      if (flags.report) writeReportFile(flags.report, renderVerifyReport(result));
      process.exitCode = exitCode;
    } finally {
      done();
    }
  });
}
