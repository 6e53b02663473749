import { existsSync } from 'node:fs';
import { usageError } from '../errors/index.js';
import type { ActionResult, ActionRow, UserAction } from '../journal/actions.js';
import { Journal, type JournalSource } from '../journal/journal.js';
import { DEFAULT_STATE_FILE } from '../journal/reports.js';
import { parseImportSettings, type ImportSettingsInput } from '../importer/settings.js';
import type { WorkosClient, WorkosTargetOptions } from '../workos/client.js';
import type { CallContext, CallOutcome } from '../workos/paced-call.js';
import type { SharedBudgetName } from '../workos/limits.js';
import { runPass } from './run-pass.js';
import type { Pacer } from '../workos/pacer.js';
import { openSession, type Session, type TargetSettings } from './session.js';

/**
 * What a follow-up campaign over imported users (password resets, email verification) shares:
 * the journal it starts from, the target flags of `import`, a writer that marks rows in flight
 * durably before their request leaves, and the reading of one call's outcome.
 */
export interface CampaignOptions
  extends
    WorkosTargetOptions,
    Pick<
      ImportSettingsInput,
      'writeLimit' | 'readLimit' | 'generalLimit' | 'rate' | 'organizationDeleteLimit'
    > {
  /** Journal path; default ./workos-migrator.db. */
  state?: string;
  /** Tries per request on 5xx and network errors. */
  maxAttempts?: number;
  signal?: AbortSignal;
  client?: WorkosClient;
  onNotice?: (message: string) => void;
}

export function campaignSettings(options: CampaignOptions): TargetSettings {
  return parseImportSettings({
    writeLimit: options.writeLimit,
    readLimit: options.readLimit,
    generalLimit: options.generalLimit,
    organizationDeleteLimit: options.organizationDeleteLimit,
    rate: options.rate,
    ...(options.maxAttempts ? { retryPolicy: { maxAttempts: options.maxAttempts } } : {}),
  }).target;
}

/** The session a campaign runs in: the journal taken for `command`, the target, the pacing of its flags. */
export function openCampaignSession(
  options: CampaignOptions,
  command: string,
  settings: TargetSettings = campaignSettings(options),
): Promise<Session> {
  return openSession({
    target: options,
    state: options.state,
    command,
    settings,
    signal: options.signal,
    client: options.client,
    onNotice: options.onNotice,
  });
}

/** A journal an import already wrote; refuses (usage error) when there is none yet. */
export function openImportedJournal(state: string | undefined, lock?: string): Journal {
  return Journal.open(requireJournalFile(state), lock ? { lock } : {});
}

/** The journal's path; refuses (usage error) when there is none yet, rather than creating an empty one. */
export function requireJournalFile(state: string | undefined): string {
  const path = state ?? DEFAULT_STATE_FILE;
  if (!existsSync(path)) {
    throw usageError(
      `no journal at ${path}: import the users first ("workos-migrator import <source>"), or pass --state FILE`,
    );
  }
  return path;
}

export function importedSource(journal: Journal): JournalSource {
  const source = journal.currentSource();
  if (!source)
    throw usageError(`${journal.path} has no import yet: run "workos-migrator import <source>" first`);
  return source;
}

/** Enough requests in flight to keep the pipe full at the allowed rate of a budget, as the import does. */
export function campaignWorkers(pacer: Pacer, budget: SharedBudgetName = 'writes'): number {
  return Math.max(4, Math.min(64, Math.ceil(pacer.ratePerSecond(budget) * 0.25 * 2)));
}

/**
 * Batches journal writes of a pass over journal rows like the import's JournalWriter: marks issued
 * in the same tick share one durable transaction and the caller waits for it; results are flushed
 * by size or age (a crash before the flush leaves the row in flight, which the next run settles).
 */
export class RowWriter<Result> {
  private marks: string[] = [];
  private waiters: Array<() => void> = [];
  private scheduled = false;
  private results: Result[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly mark: (keys: readonly string[]) => void,
    private readonly save: (results: readonly Result[]) => void,
  ) {}

  markInFlight(key: string): Promise<void> {
    this.marks.push(key);
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flushMarks());
      }
    });
  }

  private flushMarks(): void {
    this.scheduled = false;
    const keys = this.marks;
    const waiters = this.waiters;
    this.marks = [];
    this.waiters = [];
    if (keys.length) this.mark(keys);
    for (const w of waiters) w();
  }

  record(result: Result): void {
    this.results.push(result);
    if (this.results.length >= 200) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), 250);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.marks.length) this.flushMarks();
    if (!this.results.length) return;
    const batch = this.results;
    this.results = [];
    this.save(batch);
  }
}

/** A RowWriter over one follow-up campaign's rows in user_actions. */
export class ActionWriter extends RowWriter<ActionResult> {
  constructor(journal: Journal, sourceId: number, action: UserAction, runId: number) {
    super(
      (keys) => journal.actions.markInFlight(sourceId, action, runId, keys),
      (results) => journal.actions.recordResults(sourceId, action, results),
    );
  }
}

/**
 * One send's outcome as a journal result. A request that never left goes back to `planned`; one
 * that may have been applied without an answer is `unknown` (settled later, never resent blind).
 */
export function actionResultOf<T>(
  key: string,
  out: CallOutcome<T>,
  done: (value: T) => Pick<ActionResult, 'refId' | 'status'>,
  refusals: { gone?: string; notAllowedCodes?: readonly string[]; skipCodes?: readonly string[] } = {},
): ActionResult {
  if (out.ok) return { key, ...done(out.value), requestId: out.requestId ?? null, attempts: out.attempts };
  const f = out.failure;
  const base = { key, attempts: out.attempts, requestId: 'requestId' in f ? (f.requestId ?? null) : null };
  if (f.kind === 'stopped')
    return out.maybeApplied
      ? { ...base, status: 'unknown', errorCode: 'no_answer', errorMessage: f.message }
      : { ...base, status: 'planned', errorCode: null, errorMessage: null };
  if (out.maybeApplied)
    return {
      ...base,
      status: 'unknown',
      errorCode: 'code' in f ? f.code : f.kind,
      errorMessage: `no answer proved it was applied (${f.message}); settled from WorkOS events next run`,
    };
  const code = 'code' in f ? f.code : f.kind;
  if (f.kind === 'not_found')
    return { ...base, status: 'gone', errorCode: 'user_not_found', errorMessage: refusals.gone ?? f.message };
  if (refusals.notAllowedCodes?.includes(code))
    return { ...base, status: 'not_allowed', errorCode: code, errorMessage: f.message };
  if (refusals.skipCodes?.includes(code))
    return { ...base, status: 'skipped', errorCode: code, errorMessage: f.message };
  return { ...base, status: 'failed', errorCode: code, errorMessage: f.message };
}

/**
 * The pass every campaign makes over its rows: each marked in flight (durably, batched) before
 * its request leaves, its result written through the same writer, then handed to `record`.
 */
export async function runActionPass(
  calls: CallContext,
  writer: ActionWriter,
  todo: readonly ActionRow[],
  handle: (row: ActionRow) => Promise<ActionResult>,
  record: (result: ActionResult) => void,
): Promise<void> {
  await runPass<ActionRow, ActionResult>({
    workers: campaignWorkers(calls.pacer),
    stop: calls.stop,
    feed: async (push) => {
      for (const row of todo) if (!(await push(row))) return;
    },
    handle: async (row) => {
      await writer.markInFlight(row.key);
      return handle(row);
    },
    record: (r) => {
      writer.record(r);
      record(r);
    },
  });
}
