import { checkCredentials } from '../hashes/canary.js';
import { readCredentialsFile } from '../sources/credentials-file.js';
import { SourceUnavailableError } from '../sources/types.js';
import { CredentialCollector, type CredentialCheck } from './credential-check.js';
import { planSource, type PlanSourceOptions } from './plan-source.js';
import { writePlanFile } from './plan-file.js';
import type { FullAssessReport } from './planner.js';
import type { PlannedUser } from './types.js';

export interface AssessOptions extends PlanSourceOptions {
  /** Where to keep the per-user lanes (plan.json). */
  out?: string;
  /** CSV `email,password` of known accounts (`-` for stdin) to verify their converted hashes. */
  credentials?: string;
}

export interface AssessResult {
  report: FullAssessReport;
  /** Present with `credentials`: the hash canary per source format. */
  credentials?: CredentialCheck;
  /** 0 clean, 1 blocking problems (or warnings under strict), or an importable hash that fails its password. */
  exitCode: 0 | 1;
}

/** `workos-migrator assess` as a library function: the report, the exit code, and plan.json if asked. */
export async function assess(options: AssessOptions): Promise<AssessResult> {
  if (options.credentials === '-' && options.source === '-')
    throw new SourceUnavailableError(
      'stdin cannot carry both the export and --credentials: give one as a file',
    );
  // Read first: a missing credentials file should fail before a long pass over the export.
  const known = options.credentials
    ? await readCredentialsFile(options.credentials, options.stdin)
    : undefined;
  const collector = known ? new CredentialCollector(known.rows) : undefined;
  const plan = options.out ? writePlanFile(options.out) : undefined;
  const sink =
    plan || collector
      ? async (planned: PlannedUser) => {
          collector?.add(planned);
          if (plan) await plan.sink(planned);
        }
      : undefined;
  const report = await planSource(options, sink);
  if (plan) await plan.finish(report);
  const credentials =
    collector && known
      ? {
          ...(await checkCredentials(collector.entries())),
          unknownEmails: collector.unknownEmails(),
          invalidRows: known.problems,
        }
      : undefined;
  const attention = report.blocking > 0 || (options.strict === true && report.warnings > 0);
  const exitCode = attention || (credentials && !credentials.ok) ? 1 : 0;
  return credentials ? { report, credentials, exitCode } : { report, exitCode };
}
