import { fingerprintSource } from '../journal/fingerprint.js';
import {
  Journal,
  type JournalRow,
  type JournalSource,
  type PlannedRow,
  type RowResult,
} from '../journal/journal.js';
import { ATTENTION_STATUSES, type UserStatus } from '../journal/statuses.js';
import { planSource } from '../assess/index.js';
import type { AssessReport, Lane, PlanOptions, PlannedUser } from '../plan/types.js';
import { createWorkosClient, type WorkosClient, type WorkosTargetOptions } from '../workos/client.js';
import { Pacer, parseBudget, parseRate, type Budget } from '../workos/pacer.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../workos/retry-policy.js';
import { pauseWebhooks, type PausedWebhooks } from '../workos/webhooks.js';
import type { MigrationUser } from '../model/user.js';
import { BoundedQueue } from './async-queue.js';
import { classifyUserHash, streamSourceUsers } from './source-users.js';
import { ImportUsageError } from './errors.js';
import { JournalWriter } from './journal-writer.js';
import { buildCreateUserPayload, OWNERSHIP_METADATA_KEY, toWire } from './payload.js';
import {
  importUser,
  resolveUnresolved,
  type ImportContext,
  type RequestStats,
  type WorkItem,
} from './user-import.js';

export const DEFAULT_STATE_FILE = './workos-migrator.db';
export const DOCUMENTED_WRITE_LIMIT = '500/10s';
export const DOCUMENTED_READ_LIMIT = '1000/10s';
export const DOCUMENTED_GENERAL_LIMIT = '6000/60s';

export type PlanFunction = typeof planSource;

export interface ImportProgress {
  phase: 'planning' | 'resolving' | 'importing';
  done: number;
  total: number;
  usersPerSecond: number;
  rateLimited: number;
  etaSeconds: number | null;
}

export interface ImportOptions extends WorkosTargetOptions {
  /** A file path, `-` for stdin, or a database URL (with `query`). */
  source: string;
  format?: PlanOptions['format'];
  query?: string;
  /** Field-mapping file. */
  map?: string;
  noPasswords?: boolean;
  strict?: boolean;
  /** Journal path; default ./workos-migrator.db. */
  state?: string;
  writeLimit?: string | Budget;
  readLimit?: string | Budget;
  generalLimit?: string | Budget;
  /** Share of each limit, `80%` or 0.8; default 80% (a live app keeps headroom), 100% for a frozen app. */
  rate?: string | number;
  /** Send external_id = local id (default true). */
  externalId?: boolean;
  /** Everything but the HTTP calls: payloads are validated against the OpenAPI spec. */
  dryRun?: boolean;
  /** Canary: send at most this many users in this run. */
  limit?: number;
  /** Canary: only these emails (case-insensitive). */
  only?: Iterable<string>;
  /** Accept a different source than the journal's: start tracking it as a new source. */
  newRun?: boolean;
  /** Disable enabled webhook endpoints for the run and re-enable exactly those afterwards. */
  pauseWebhooks?: boolean;
  /** Upper bound on requests in flight. */
  maxConcurrency?: number;
  retryPolicy?: Partial<RetryPolicy>;
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  /** Human notices (webhooks paused, strategy hints). Never contains secrets. */
  onNotice?: (message: string) => void;
  /** Overrides the client built from the target options. */
  client?: WorkosClient;
  /** Overrides the planner (the real one is planSource). */
  plan?: PlanFunction;
  /** Overrides the source re-reader of the send passes (the real one is streamSourceUsers). */
  streamUsers?: typeof streamSourceUsers;
  /** Re-attempt rows with these statuses first (the `retry` command). */
  retryStatuses?: readonly UserStatus[];
  /** Recorded in the journal's run list. */
  command?: string;
}

export interface ImportSummary {
  dryRun: boolean;
  interrupted: boolean;
  runId: number | null;
  journal: string;
  source: string;
  strategy: string | null;
  /** Records in the source, as planned. */
  total: number;
  lanes: Partial<Record<Lane, number>>;
  /** State of every source row after this run (the journal). */
  statuses: Partial<Record<UserStatus, number>>;
  /** Outcomes reached during this run only. */
  thisRun: Partial<Record<UserStatus, number>>;
  requests: RequestStats;
  elapsedMs: number;
  writesPerSecond: number;
  webhooks?: { paused: number; restored: number; restoreFailed: string[] };
  /** Dry runs: payloads that the spec rejects, by row. */
  dryRunProblems?: Array<{ row: number; problems: string[] }>;
  /** Dry runs: users that would be sent. */
  wouldSend?: number;
  /** 0 clean, 1 something needs attention. */
  exitCode: 0 | 1;
}

class StopStreaming extends Error {}

function planOptionsOf(options: ImportOptions, source: JournalSource | undefined): PlanOptions {
  return {
    source: options.source,
    format: options.format,
    query: options.query ?? source?.query ?? undefined,
    map: options.map,
    noPasswords: options.noPasswords,
    strict: options.strict,
  };
}

function toPlannedRow(p: PlannedUser): PlannedRow {
  const blocking = p.problems.find((x) => x.severity === 'blocking') ?? p.problems[0];
  return {
    row: p.user.row,
    localId: p.user.localId ?? null,
    email: p.user.email,
    lane: p.lane,
    errorCode: blocking?.code ?? null,
    errorMessage: blocking ? `${blocking.field}: ${blocking.message}` : null,
  };
}

/** Enough requests in flight to keep the pipe full at the allowed rate (250 ms assumed latency, ×2), capped. */
function concurrencyFor(pacer: Pacer, cap: number): number {
  return Math.max(4, Math.min(cap, Math.ceil(pacer.ratePerSecond('writes') * 0.25 * 2)));
}

/** Registers (or checks) the source against the journal; refuses a different one unless newRun. */
function attachSource(journal: Journal, options: ImportOptions): JournalSource {
  const fp = fingerprintSource(options.source, options.query);
  const current = journal.currentSource();
  if (!current) return journal.addSource(fp.fingerprint, fp.description, options.query);
  if (current.fingerprint === fp.fingerprint) return current;
  if (options.newRun) return journal.addSource(fp.fingerprint, fp.description, options.query);
  throw new ImportUsageError(
    `${journal.path} tracks another source (${current.description}, registered ${current.createdAt}); ` +
      `${fp.description} has different content. Re-run with the original export to resume, ` +
      `pass --new-run to start tracking this one, or use another --state file`,
  );
}

/**
 * The import: plan the source into the journal, settle rows whose previous send has no known
 * outcome, then create the pending users through the pacer, exactly once each.
 */
export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const statePath = options.state ?? DEFAULT_STATE_FILE;
  const plan = options.plan ?? planSource;
  const streamUsers = options.streamUsers ?? streamSourceUsers;
  const share =
    options.rate === undefined
      ? 0.8
      : typeof options.rate === 'number'
        ? options.rate
        : parseRate(options.rate);
  const budgets = {
    writes:
      typeof options.writeLimit === 'object'
        ? options.writeLimit
        : parseBudget(options.writeLimit ?? DOCUMENTED_WRITE_LIMIT),
    reads:
      typeof options.readLimit === 'object'
        ? options.readLimit
        : parseBudget(options.readLimit ?? DOCUMENTED_READ_LIMIT),
    general:
      typeof options.generalLimit === 'object'
        ? options.generalLimit
        : parseBudget(options.generalLimit ?? DOCUMENTED_GENERAL_LIMIT),
  };
  if (options.limit !== undefined && !(Number.isInteger(options.limit) && options.limit > 0)) {
    throw new ImportUsageError(`--limit must be a positive whole number; got ${options.limit}`);
  }
  const only = options.only
    ? new Set([...options.only].map((e) => e.trim().toLowerCase()).filter(Boolean))
    : undefined;
  const selected = (user: MigrationUser): boolean => !only || only.has(user.email.trim().toLowerCase());

  if (options.source === '-' && !options.dryRun) {
    throw new ImportUsageError(
      'import reads its source twice (once to plan, once to send, so hashes are never stored) and standard input can be read only once: save the export to a file and pass its path',
    );
  }
  if (options.dryRun) return dryRun(options, plan, statePath, share, budgets, selected, started);

  const journal = Journal.open(statePath);
  const stats: RequestStats = { writes: 0, reads: 0, rateLimited: 0, retries: 0 };
  const thisRun: Partial<Record<UserStatus, number>> = {};
  let paused: PausedWebhooks | undefined;
  let summary: ImportSummary | undefined;
  try {
    const strategy = journal.strategy;
    if (!strategy) {
      throw new ImportUsageError(
        `no migration strategy recorded in ${statePath}. Choose one first: ` +
          `"workos-migrator strategy set A" (big-bang import, sign-ups frozen) or ` +
          `"workos-migrator strategy set B" (dual-write, sign-ups open)` +
          (options.state ? ` with --state ${options.state}` : ''),
      );
    }
    const client = options.client ?? createWorkosClient(options);
    const source = attachSource(journal, options);
    const runId = journal.startRun(source.id, options.command ?? 'import');
    const planOptions = planOptionsOf(options, source);

    // Phase 1: plan every record into the journal (hashes are not stored; they are re-read below).
    let batch: PlannedRow[] = [];
    const flush = (): void => {
      journal.upsertPlanned(source.id, batch);
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
      const revised: PlannedRow[] = [];
      for (const rev of report.revisions) {
        const row = journal.getRow(source.id, rev.row);
        if (!row) continue;
        const blocking = rev.problems.find((x) => x.severity === 'blocking') ?? rev.problems[0];
        revised.push({
          row: rev.row,
          localId: row.localId,
          email: row.email,
          lane: rev.lane,
          errorCode: blocking?.code ?? null,
          errorMessage: blocking ? `${blocking.field}: ${blocking.message}` : null,
        });
      }
      journal.upsertPlanned(source.id, revised);
    }
    if (options.retryStatuses?.length) journal.resetToPending(source.id, options.retryStatuses);

    const pacer = new Pacer(budgets, { share });
    const writer = new JournalWriter(journal, source.id, runId);
    const internal = new AbortController();
    const onAbort = (): void => internal.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) internal.abort();
    const ctx: ImportContext = {
      client,
      pacer,
      writer,
      policy: { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy },
      strategy,
      externalIds: options.externalId !== false,
      journalId: journal.journalId,
      stats,
      signal: internal.signal,
    };
    const concurrency = concurrencyFor(pacer, options.maxConcurrency ?? 64);
    if (!client.target.isEmulator && share >= 1 && strategy === 'B') {
      options.onNotice?.(
        'rate 100% with strategy B: sign-ups stay open and share the same write limit; consider --rate 80%',
      );
    }

    if (options.pauseWebhooks) {
      paused = await pauseWebhooks(client);
      options.onNotice?.(`paused ${paused.endpointIds.length} enabled webhook endpoint(s) for the import`);
    }

    const counts = journal.countByStatus(source.id);
    const progress = makeProgress(options.onProgress, stats);

    /** Streams the source again and feeds matching rows to workers, at the pace they drain. */
    const pass = async (
      phase: ImportProgress['phase'],
      total: number,
      want: (user: MigrationUser, row: JournalRow) => boolean,
      handle: (item: WorkItem) => Promise<RowResult>,
      max = Infinity,
    ): Promise<void> => {
      if (total === 0) return;
      progress.start(phase, total);
      const queue = new BoundedQueue<WorkItem>(concurrency * 2);
      let fatal: unknown;
      const workers = Array.from({ length: concurrency }, async () => {
        for (;;) {
          const item = await queue.pop();
          if (!item) return;
          try {
            const result = await handle(item);
            writer.record(result);
            thisRun[result.status] = (thisRun[result.status] ?? 0) + 1;
            progress.tick();
          } catch (err) {
            fatal ??= err;
            internal.abort();
            queue.clear();
          }
        }
      });
      let fed = 0;
      try {
        await streamUsers(planOptions, async (user) => {
          if (internal.signal.aborted || fed >= max) throw new StopStreaming();
          const row = journal.getRow(source.id, user.row);
          if (!row || !want(user, row)) return;
          if (row.email !== user.email) {
            // The file changed under the same fingerprint (edited in the middle): never send a row
            // whose identity no longer matches what was planned.
            throw new ImportUsageError(
              `row ${user.row} of ${source.description} changed since it was planned (a database query needs a stable ORDER BY); pass --new-run to plan it again`,
            );
          }
          fed++;
          const hash = row.lane === 'import-hash' ? classifyUserHash(user) : undefined;
          const planned: PlannedUser = hash
            ? { user, lane: row.lane, hash, problems: [] }
            : { user, lane: row.lane, problems: [] };
          await queue.push({ planned, row });
        });
      } catch (err) {
        if (!(err instanceof StopStreaming)) {
          fatal ??= err;
          internal.abort();
        }
      }
      queue.close();
      await Promise.all(workers);
      writer.flush();
      progress.stop();
      if (fatal) throw fatal;
    };

    try {
      const unresolved = (counts.in_flight ?? 0) + (counts.unknown ?? 0);
      await pass(
        'resolving',
        unresolved,
        (_user, row) => row.status === 'in_flight' || row.status === 'unknown',
        (item) => resolveUnresolved(ctx, item),
      );
      const pendingNow = journal.countByStatus(source.id).pending ?? 0;
      const total = Math.min(pendingNow, options.limit ?? Infinity, only?.size ?? Infinity);
      if (!internal.signal.aborted) {
        await pass(
          'importing',
          total,
          (user, row) => row.status === 'pending' && row.lane !== 'blocked' && selected(user),
          (item) => importUser(ctx, item),
          options.limit,
        );
      }
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      writer.flush();
    }
    const interrupted = Boolean(options.signal?.aborted);

    const statuses = journal.countByStatus(source.id);
    summary = buildSummary({
      journal,
      source,
      runId,
      strategy,
      report,
      statuses,
      thisRun,
      stats,
      started,
      interrupted,
      sourceDescription: source.description,
    });
    journal.finishRun(runId, { ...summary, journal: undefined });
    return summary;
  } finally {
    if (paused) {
      const r = await paused.restore();
      // Mutating the returned summary here is deliberate: the restore must run after everything, even a throw.
      if (summary) {
        summary.webhooks = {
          paused: paused.endpointIds.length,
          restored: r.restored.length,
          restoreFailed: r.failed.map((f) => f.id),
        };
      }
      options.onNotice?.(
        r.failed.length === 0
          ? `re-enabled ${r.restored.length} webhook endpoint(s)`
          : `could not re-enable webhook endpoint(s) ${r.failed.map((f) => f.id).join(', ')}: enable them in the WorkOS dashboard`,
      );
    }
    journal.close();
  }
}

function buildSummary(a: {
  journal: Journal;
  source: JournalSource;
  runId: number;
  strategy: string;
  report: AssessReport;
  statuses: Partial<Record<UserStatus, number>>;
  thisRun: Partial<Record<UserStatus, number>>;
  stats: RequestStats;
  started: number;
  interrupted: boolean;
  sourceDescription: string;
}): ImportSummary {
  const elapsedMs = Date.now() - a.started;
  const needsAttention =
    ATTENTION_STATUSES.some((s) => (a.statuses[s] ?? 0) > 0) ||
    (a.statuses.unknown ?? 0) > 0 ||
    (a.statuses.in_flight ?? 0) > 0;
  return {
    dryRun: false,
    interrupted: a.interrupted,
    runId: a.runId,
    journal: a.journal.path,
    source: a.sourceDescription,
    strategy: a.strategy,
    total: a.report.total,
    lanes: a.journal.countByLane(a.source.id),
    statuses: a.statuses,
    thisRun: a.thisRun,
    requests: { ...a.stats },
    elapsedMs,
    writesPerSecond: elapsedMs > 0 ? (a.stats.writes * 1000) / elapsedMs : 0,
    exitCode: needsAttention || a.interrupted ? 1 : 0,
  };
}

function makeProgress(onProgress: ImportOptions['onProgress'], stats: RequestStats) {
  let phase: ImportProgress['phase'] = 'importing';
  let total = 0;
  let done = 0;
  let startedAt = 0;
  let last = 0;
  const emit = (force: boolean): void => {
    if (!onProgress) return;
    const now = Date.now();
    if (!force && now - last < 200) return;
    last = now;
    const elapsed = (now - startedAt) / 1000;
    const usersPerSecond = elapsed > 0 ? done / elapsed : 0;
    onProgress({
      phase,
      done,
      total,
      usersPerSecond,
      rateLimited: stats.rateLimited,
      etaSeconds: usersPerSecond > 0 ? (total - done) / usersPerSecond : null,
    });
  };
  return {
    start(p: ImportProgress['phase'], t: number) {
      phase = p;
      total = t;
      done = 0;
      startedAt = Date.now();
      emit(true);
    },
    tick() {
      done++;
      emit(false);
    },
    stop() {
      emit(true);
    },
  };
}

async function dryRun(
  options: ImportOptions,
  plan: PlanFunction,
  statePath: string,
  share: number,
  budgets: Record<string, Budget>,
  selected: (user: MigrationUser) => boolean,
  started: number,
): Promise<ImportSummary> {
  // Loaded only here: compiling the 1 MB spec is for dry runs, not for every import.
  const { validateCreateUserBody } = await import('./spec-validation.js');
  const problems: Array<{ row: number; problems: string[] }> = [];
  let wouldSend = 0;
  const journalIdForMarker = 'dry-run';
  const report = await plan(planOptionsOf(options, undefined), (p) => {
    if (p.lane === 'blocked' || !selected(p.user)) return;
    if (options.limit !== undefined && wouldSend >= options.limit) return;
    wouldSend++;
    const payload = buildCreateUserPayload(p, {
      externalId: options.externalId !== false,
      ownershipMarker: { key: OWNERSHIP_METADATA_KEY, value: journalIdForMarker },
    });
    const check = validateCreateUserBody(toWire(payload));
    if (!check.valid) problems.push({ row: p.user.row, problems: check.problems });
  });
  const blocked = new Set<number>();
  for (const rev of report.revisions) if (rev.lane === 'blocked') blocked.add(rev.row);
  const pacer = new Pacer(budgets, { share });
  const writesPerSecond = pacer.ratePerSecond('writes');
  const elapsedMs = Date.now() - started;
  return {
    dryRun: true,
    interrupted: false,
    runId: null,
    journal: statePath,
    source: fingerprintSource(options.source, options.query).description,
    strategy: null,
    total: report.total,
    lanes: report.lanes,
    statuses: {},
    thisRun: {},
    requests: { writes: 0, reads: 0, rateLimited: 0, retries: 0 },
    elapsedMs,
    writesPerSecond,
    dryRunProblems: problems,
    wouldSend: Math.max(0, wouldSend - blocked.size),
    exitCode: problems.length > 0 || report.lanes.blocked > 0 || blocked.size > 0 ? 1 : 0,
  };
}
