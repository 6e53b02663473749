import { fingerprintSource } from '../journal/fingerprint.js';
import { Pacer } from '../workos/pacer.js';
import { OWNERSHIP_METADATA_KEY } from '../ownership/ownership.js';
import type { PlanOptions } from '../plan/types.js';
import { buildCreateUserPayload, toWire } from './payload.js';
import type { PlanFunction } from './plan-into-journal.js';
import type { ImportSettings } from './settings.js';
import type { ImportSummary } from './summary.js';

/**
 * Everything but the HTTP calls: plans the source and checks every payload that would be sent
 * against the WorkOS OpenAPI spec. Counts only the users this run would really send: selected
 * by --only, not blocked once every row is seen (a duplicate pair is blocked late), at most --limit.
 */
export async function dryRun(
  plan: PlanFunction,
  planOptions: PlanOptions,
  settings: ImportSettings,
  statePath: string,
  started: number,
): Promise<ImportSummary> {
  // Loaded only here: compiling the 1 MB spec is for dry runs, not for every import.
  const { validateCreateUserBody } = await import('./spec-validation.js');
  const problems: Array<{ row: number; problems: string[] }> = [];
  const counted = new Set<number>();
  const report = await plan(planOptions, (p) => {
    if (p.lane === 'blocked' || !settings.selected(p.user)) return;
    counted.add(p.user.row);
    const payload = buildCreateUserPayload(p, {
      externalId: settings.externalIds,
      ownershipMarker: { key: OWNERSHIP_METADATA_KEY, value: 'dry-run' },
    });
    const check = validateCreateUserBody(toWire(payload));
    if (!check.valid) problems.push({ row: p.user.row, problems: check.problems });
  });
  let revisedAway = 0;
  for (const rev of report.revisions) if (rev.lane === 'blocked' && counted.has(rev.row)) revisedAway++;
  const wouldSend = Math.min(settings.limit, counted.size - revisedAway);
  const pacer = new Pacer(settings.target.budgets, { share: settings.target.share });
  return {
    dryRun: true,
    interrupted: false,
    runId: null,
    journal: statePath,
    source: fingerprintSource(planOptions.source, planOptions.query).description,
    strategy: null,
    total: report.total,
    lanes: report.lanes,
    statuses: {},
    thisRun: {},
    requests: { writes: 0, reads: 0, rateLimited: 0, retries: 0 },
    timeline: [],
    elapsedMs: Date.now() - started,
    writesPerSecond: pacer.ratePerSecond('writes'),
    dryRunProblems: problems,
    wouldSend,
    exitCode: problems.length > 0 || report.lanes.blocked > 0 ? 1 : 0,
  };
}
