import { planSource } from '../assess/index.js';
import { MigratorError, usageError } from '../errors/index.js';
import { attachSource, checkSourceReading, freshCalls, requireStrategy } from './run-setup.js';
import type { RowResult } from '../journal/journal.js';
import { JournalWriter } from '../journal/journal-writer.js';
import { DEFAULT_STATE_FILE } from '../journal/reports.js';
import type { Strategy, UserStatus } from '../journal/statuses.js';
import { progressReporter, type PassProgress } from '../runner/progress.js';
import { recordRunSeconds } from '../runner/rate-recorder.js';
import { openSession } from '../runner/session.js';
import { unreachableMessage } from '../workos/paced-call.js';
import { pauseWebhooks, restoreWebhooks } from '../workos/webhooks.js';
import { loadDualWriteMap, shareImportedIds } from './dual-write-map.js';
import { dryRun } from './dry-run.js';
import { planIntoJournal } from './plan-into-journal.js';
import type { ImportContext } from './resolve.js';
import { resolvePass, sendPass } from './send-pass.js';
import type { WriteBack } from '../writeback/write-back.js';
import { parseImportSettings, planOptionsOf } from './settings.js';
import { buildSummary, type ImportSummary } from './summary.js';
import { checkImportWriteBack, finishWriteBack, openImportWriteBack } from './write-back-hook.js';
import {
  attachOrgSummary,
  orgSummary,
  planOrganizationsIntoJournal,
  retryOrganizations,
  runOrganizationSteps,
  type OrgSummary,
} from '../organizations/import-steps.js';
import { streamSourceUsers as defaultStreamUsers } from './source-users.js';
import { orgCollector } from '../organizations/plan-source.js';

export { DEFAULT_STATE_FILE } from '../journal/reports.js';
export type { ImportSummary } from './summary.js';
export type { PlanFunction } from './plan-into-journal.js';
export type { ImportOptions, ImportProgress } from './import-options.js';
import { concurrencyFor, type ImportOptions } from './import-options.js';

/**
 * The import: plan the source into the journal, settle rows whose previous send has no known
 * outcome, then create the pending users through the pacer, exactly once each.
 */
export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const settings = parseImportSettings(options);
  const statePath = options.state ?? DEFAULT_STATE_FILE;
  const plan = options.plan ?? planSource;
  const command = options.command ?? 'import';
  if (options.source === '-' && !options.dryRun) {
    throw usageError(
      'import reads its source twice (once to plan, once to send, so hashes are never stored) and standard input can be read only once: save the export to a file and pass its path',
    );
  }
  checkImportWriteBack(options.source, options);
  if (options.dryRun) return dryRun(plan, planOptionsOf(options), settings, statePath, started);

  let strategy = 'A' as Strategy;
  const session = await openSession({
    target: options,
    state: statePath,
    command,
    settings: settings.target,
    signal: options.signal,
    client: options.client,
    onNotice: options.onNotice,
    check: (journal) => {
      strategy = requireStrategy(journal, options.state);
    },
  });
  const { journal, calls } = session;
  const thisRun: Partial<Record<UserStatus, number>> = {};
  let orgRun: OrgSummary['thisRun'] = { organizations: {}, memberships: {}, factors: {} };
  let paused: string[] = [];
  let summary: ImportSummary | undefined;
  let writeBack: WriteBack | undefined;
  try {
    const source = attachSource(journal, options);
    checkSourceReading(journal, source, options);
    writeBack = await openImportWriteBack(journal, source.id, options.source, options, options.onNotice);
    const runId = journal.startRun(source.id, command);
    const planOptions = planOptionsOf(options, source.query);
    // Organizations are collected from the same pass that plans the users (the source is read once for both).
    const orgs = orgCollector(options);
    const planned = await planIntoJournal(
      plan,
      { ...planOptions, onMapped: orgs.onUser },
      journal,
      source.id,
      runId,
    );
    const orgPlan = await orgs.finish();
    planOrganizationsIntoJournal(journal, source.id, runId, orgPlan);
    if (settings.retryStatuses.length) {
      journal.resetToPending(source.id, settings.retryStatuses);
      retryOrganizations(journal, source.id, settings.retryStatuses);
    }

    const dualWrite = await loadDualWriteMap(options, strategy);
    if (dualWrite)
      options.onNotice?.(
        `strategy B: ${dualWrite.ids.size} user(s) in workos_user_map are linked by their WorkOS id, never created again`,
      );
    const writer = new JournalWriter(journal, source.id, runId);
    const ctx: ImportContext = {
      dualWriteIds: dualWrite?.ids,
      calls,
      writer,
      strategy,
      externalIds: settings.externalIds,
      journalId: journal.journalId,
    };
    if (!calls.client.target.isEmulator && settings.target.share >= 1 && strategy === 'B') {
      options.onNotice?.(
        'rate 100% with strategy B: sign-ups stay open and share the same write limit; consider --rate 80%',
      );
    }
    if (options.pauseWebhooks) {
      paused = await pauseWebhooks(calls, journal, runId);
      options.onNotice?.(`paused ${paused.length} enabled webhook endpoint(s) for the import`);
    }
    const deps = {
      journal,
      sourceId: source.id,
      runId,
      ctx,
      workers: concurrencyFor(calls.pacer, settings.maxConcurrency),
      progress: progressReporter(options.onProgress as (p: PassProgress) => void, calls.stats),
      record: (r: RowResult) => {
        writer.record(r);
        writeBack?.add(r);
        thisRun[r.status] = (thisRun[r.status] ?? 0) + 1;
      },
    };
    const seconds = recordRunSeconds(journal, runId, calls.stats, () => thisRun.created ?? 0);
    try {
      await resolvePass(deps);
      // The send pass reads statuses from the journal: settled rows must be there, not in the buffer.
      writer.flush();
      if (!calls.stop.stopped) {
        const pending = journal.countByStatus(source.id).pending ?? 0;
        const total = Math.min(pending, settings.limit, settings.onlyCount);
        await sendPass(
          deps,
          { planOptions, streamUsers: options.streamUsers },
          { selected: settings.selected, limit: settings.limit, total },
        );
      }
      writer.flush();
      if (!calls.stop.stopped)
        orgRun = await runOrganizationSteps({
          journal,
          sourceId: source.id,
          runId,
          calls,
          journalId: journal.journalId,
          workers: deps.workers,
          progress: deps.progress,
          planOptions,
          streamUsers: options.streamUsers ?? defaultStreamUsers,
          totpUsers: orgPlan.totpUsers,
        });
    } finally {
      seconds.stop();
      writer.flush();
      if (dualWrite) {
        const shared = await shareImportedIds(journal, source.id, dualWrite);
        if (shared)
          options.onNotice?.(
            `${shared} imported user id(s) written to workos_user_map: mirrored changes waiting for them can be delivered (dualwrite drain)`,
          );
      }
      if (writeBack) await finishWriteBack(writeBack, statePath);
    }

    summary = buildSummary({
      journal,
      source,
      runId,
      strategy,
      total: planned.report.total,
      thisRun,
      gone: { dropped: planned.dropped, kept: planned.gone },
      stats: calls.stats,
      started,
      interrupted: Boolean(options.signal?.aborted),
      writeBack: writeBack?.summary(),
    });
    attachOrgSummary(summary, orgSummary(journal, source.id, orgRun));
    journal.finishRun(runId, { ...summary, journal: undefined, timeline: undefined });
    if (calls.breaker.open) {
      const s = summary.statuses;
      throw new MigratorError(
        'unreachable',
        `${unreachableMessage(calls)}. The import stopped: ${s.pending ?? 0} user(s) never sent stay pending` +
          `${s.unknown ? `, ${s.unknown} whose answer was lost are checked first next time` : ''}. ` +
          `Run the same command again once ${calls.client.target.baseUrl} answers; it resumes where this run stopped`,
      );
    }
    return summary;
  } finally {
    if (paused.length > 0) {
      const r = await restoreWebhooks(freshCalls(calls), journal);
      // Mutating the returned summary here is deliberate: the restore must run after everything, even a throw.
      if (summary) {
        summary.webhooks = {
          paused: paused.length,
          restored: r.restored.length,
          restoreFailed: r.failed.map((f) => f.id),
        };
      }
      options.onNotice?.(
        r.failed.length === 0
          ? `re-enabled ${r.restored.length} webhook endpoint(s)`
          : `could not re-enable webhook endpoint(s) ${r.failed.map((f) => f.id).join(', ')}: the next command on this journal tries again, or enable them in the WorkOS dashboard`,
      );
    }
    await writeBack?.close();
    session.close();
  }
}
