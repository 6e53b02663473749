import type { planSource } from '../assess/index.js';
import { identityKey, sentExternalId } from '../journal/identity.js';
import type { Journal, PlannedRow } from '../journal/journal.js';
import type { Problem } from '../model/user.js';
import type { AssessReport, PlannedUser, PlanOptions } from '../plan/types.js';

export type PlanFunction = typeof planSource;

const firstBlocking = (problems: readonly Problem[]): Problem | undefined =>
  problems.find((x) => x.severity === 'blocking') ?? problems[0];

function toPlannedRow(p: PlannedUser): PlannedRow {
  const blocking = firstBlocking(p.problems);
  return {
    key: identityKey(p.user),
    row: p.user.row,
    localId: p.user.localId ?? null,
    externalId: sentExternalId(p.user) ?? null,
    email: p.user.email,
    lane: p.lane,
    hashFamily: p.hash?.sourceFormat ?? null,
    errorCode: blocking?.code ?? null,
    errorMessage: blocking ? `${blocking.field}: ${blocking.message}` : null,
  };
}

export interface PlanIntoJournalResult {
  report: AssessReport;
  /** Planned rows the source no longer has (never sent): forgotten. */
  dropped: number;
  /** Users already sent whom the source no longer has: kept, and counted for the summary. */
  gone: number;
}

/**
 * Plans every record of the source into the journal, stamping each row with the run. Hashes are
 * not stored; the send pass re-reads them. Rows are matched by identity, so a source whose order
 * changed between runs still finds every user's own row, and a user never seen before is planned
 * as new — nobody is skipped because another user moved into their position.
 */
export async function planIntoJournal(
  plan: PlanFunction,
  planOptions: PlanOptions,
  journal: Journal,
  sourceId: number,
  runId: number,
): Promise<PlanIntoJournalResult> {
  let batch: PlannedRow[] = [];
  const flush = (): void => {
    journal.recordPlan(sourceId, runId, batch);
    batch = [];
  };
  const report = await plan(
    {
      ...planOptions,
      // Only a sample of problems stays in memory; every one passes through here. Records the
      // source could not read never reach the sink, so they are journaled as blocked from here.
      problemSample: {
        perCode: 20,
        spill: (problem) => {
          if (problem.field !== 'record' || problem.row <= 0) return;
          batch.push({
            key: identityKey({ row: problem.row, email: '' }),
            row: problem.row,
            localId: null,
            email: '',
            lane: 'blocked',
            errorCode: problem.code,
            errorMessage: `${problem.location ?? `row ${problem.row}`}: ${problem.message}`,
          });
        },
      },
    },
    (p) => {
      batch.push(toPlannedRow(p));
      if (batch.length >= 500) flush();
    },
  );
  flush();
  if (report.revisions.length > 0) {
    journal.revisePlan(
      sourceId,
      runId,
      report.revisions.map((rev) => {
        const blocking = firstBlocking(rev.problems);
        return {
          row: rev.row,
          lane: rev.lane,
          errorCode: blocking?.code ?? null,
          errorMessage: blocking ? `${blocking.field}: ${blocking.message}` : null,
        };
      }),
    );
  }
  const dropped = journal.dropUnseen(sourceId, runId);
  return { report, dropped, gone: journal.countUnseen(sourceId, runId) };
}
