import { checkCredentials } from '../hashes/canary.js';
import { readCredentialsFile } from '../sources/credentials-file.js';
import { SourceUnavailableError } from '../sources/types.js';
import type { Problem } from '../model/user.js';
import { CredentialCollector, type CredentialCheck } from '../plan/credential-check.js';
import { FIRST_ROWS } from '../plan/format-report.js';
import { planSource, type PlanSourceOptions } from './plan-source.js';
import type { OrgImportOptions } from '../organizations/import-steps.js';
import { orgCollector } from '../organizations/plan-source.js';
import { writePlanFile } from './plan-file.js';
import { ProblemSpill } from './problem-spill.js';
import type { FullAssessReport } from '../plan/planner.js';
import type { PlannedUser } from '../plan/types.js';

export interface AssessOptions extends PlanSourceOptions, OrgImportOptions {
  /** Where to keep the per-user lanes (plan.json). */
  out?: string;
  /** CSV `email,password` of known accounts (`-` for stdin) to verify their converted hashes. */
  credentials?: string;
  /**
   * How many problems the report holds. `all` (default): every one in `report.problems`. `sample`:
   * the first few per code (counts stay complete in `problemCounts`). `stream`: a sample, plus every
   * problem readable once from `allProblems()` (kept in a temp file meanwhile; call `dispose()`).
   */
  problems?: 'all' | 'sample' | 'stream';
}

export interface AssessResult {
  report: FullAssessReport;
  /** Present with `credentials`: the hash canary per source format. */
  credentials?: CredentialCheck;
  /** 0 clean, 1 blocking problems (or warnings under strict), or an importable hash that fails its password. */
  exitCode: 0 | 1;
  /** With `problems: 'stream'`: every problem in row order, readable once. */
  allProblems?: () => AsyncGenerator<Problem>;
  /** Removes what `problems: 'stream'` kept on disk; safe to call twice. */
  dispose: () => void;
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
  const spill = options.problems === 'stream' ? new ProblemSpill() : undefined;
  const problemSample =
    options.problems === 'sample' || spill
      ? { perCode: FIRST_ROWS, spill: spill?.add ?? (() => undefined) }
      : undefined;
  const orgs = orgCollector(options);
  let orgPlan: Awaited<ReturnType<typeof orgs.finish>> | undefined;
  let report;
  try {
    report = await planSource(
      {
        ...options,
        problemSample,
        onMapped: orgs.onUser,
        afterUsers: async () => (orgPlan = await orgs.finish()).problems,
      },
      sink,
    );
    if (orgPlan && (orgPlan.organizations.length || orgPlan.memberships.length || orgPlan.totpUsers))
      report.organizations = {
        organizations: orgPlan.organizations.length,
        memberships: orgPlan.memberships.length,
        roles: orgPlan.roles,
        totpUsers: orgPlan.totpUsers,
      };
  } catch (err) {
    spill?.dispose();
    throw err;
  }
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
  const dispose = () => spill?.dispose();
  return {
    report,
    exitCode,
    dispose,
    ...(credentials && { credentials }),
    ...(spill && { allProblems: () => spill.sorted() }),
  };
}
