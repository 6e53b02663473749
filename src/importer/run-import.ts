import { planSource } from '../assess/index.js';
import { MigratorError, usageError } from '../errors/index.js';
import { attachSource, freshCalls, requireStrategy } from './run-setup.js';
import type { RowResult } from '../journal/journal.js';
import { JournalWriter } from '../journal/journal-writer.js';
import { DEFAULT_STATE_FILE } from '../journal/reports.js';
import type { Strategy, UserStatus } from '../journal/statuses.js';
import type { PlanOptions } from '../plan/types.js';
import { progressReporter, type PassProgress } from '../runner/progress.js';
import { recordRunSeconds } from '../runner/rate-recorder.js';
import { openSession } from '../runner/session.js';
import type { WorkosClient, WorkosTargetOptions } from '../workos/client.js';
import { unreachableMessage } from '../workos/paced-call.js';
import type { Pacer } from '../workos/pacer.js';
import { pauseWebhooks, restoreWebhooks } from '../workos/webhooks.js';
import { loadDualWriteMap, shareImportedIds, type DualWriteMapOptions } from './dual-write-map.js';
import { dryRun } from './dry-run.js';
import { planIntoJournal, type PlanFunction } from './plan-into-journal.js';
import type { ImportContext } from './resolve.js';
import { resolvePass, sendPass } from './send-pass.js';
import type { WriteBack } from '../writeback/write-back.js';
import { parseImportSettings, planOptionsOf, type ImportSettingsInput } from './settings.js';
import type { streamSourceUsers } from './source-users.js';
import { buildSummary, type ImportSummary } from './summary.js';
import {
  checkImportWriteBack,
  finishWriteBack,
  openImportWriteBack,
  type ImportWriteBackOptions,
} from './write-back-hook.js';

export { DEFAULT_STATE_FILE } from '../journal/reports.js';
export type { ImportSummary } from './summary.js';
export type { PlanFunction } from './plan-into-journal.js';

export interface ImportProgress extends PassProgress {
  phase: 'resolving' | 'importing';
}

export interface ImportOptions
  extends
    WorkosTargetOptions,
    ImportSettingsInput,
    ImportWriteBackOptions,
    Omit<DualWriteMapOptions, 'source'>,
    Pick<PlanOptions, 'preset' | 'params'> {
  /** A file path or a database URL (with `query`). */
  source: string;
  format?: PlanOptions['format'];
  query?: string;
  /** Field-mapping file. */
  map?: string;
  noPasswords?: boolean;
  strict?: boolean;
  /** Lane `trickle` for verifiable, non-importable hashes (created without a password). */
  trickle?: boolean;
  /** Journal path; default ./workos-migrator.db. */
  state?: string;
  /** Everything but the HTTP calls: payloads are validated against the OpenAPI spec. */
  dryRun?: boolean;
  /** Accept a different source than the journal's: start tracking it as a new source. */
  newRun?: boolean;
  /** Disable enabled webhook endpoints for the run and re-enable exactly those afterwards. */
  pauseWebhooks?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  /** Human notices (webhooks paused, strategy hints). Never contains secrets. */
  onNotice?: (message: string) => void;
  /** Overrides the client built from the target options. */
  client?: WorkosClient;
  /** Overrides the planner (the real one is planSource). */
  plan?: PlanFunction;
  /** Overrides the source re-reader of the send pass (the real one is streamSourceUsers). */
  streamUsers?: typeof streamSourceUsers;
  /** Recorded in the journal's run list. */
  command?: string;
}

/** Enough requests in flight to keep the pipe full at the allowed rate (250 ms assumed latency, ×2), capped. */
function concurrencyFor(pacer: Pacer, cap: number): number {
  return Math.max(4, Math.min(cap, Math.ceil(pacer.ratePerSecond('writes') * 0.25 * 2)));
}

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
  let paused: string[] = [];
  let summary: ImportSummary | undefined;
  let writeBack: WriteBack | undefined;
  try {
    const source = attachSource(journal, options);
    writeBack = await openImportWriteBack(journal, source.id, options.source, options, options.onNotice);
    const runId = journal.startRun(source.id, command);
    const planOptions = planOptionsOf(options, source.query);
    const planned = await planIntoJournal(plan, planOptions, journal, source.id, runId);
    if (settings.retryStatuses.length) journal.resetToPending(source.id, settings.retryStatuses);

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
