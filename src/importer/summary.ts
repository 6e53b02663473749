import type { Journal, JournalSource } from '../journal/journal.js';
import type { RunSecond } from '../journal/run-seconds.js';
import { needsAttention, type UserStatus } from '../journal/statuses.js';
import type { Lane } from '../plan/types.js';
import type { RequestStats } from '../workos/paced-call.js';
import type { WriteBackSummary } from '../writeback/write-back.js';

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
  /** Every user of the journal by the source hash family it was planned with, then by status. */
  hashFamilies?: Record<string, Partial<Record<UserStatus, number>>>;
  /** State of every source row after this run (the journal). */
  statuses: Partial<Record<UserStatus, number>>;
  /** Outcomes reached during this run only. */
  thisRun: Partial<Record<UserStatus, number>>;
  /** Users planned earlier that the source no longer has: dropped if never sent, kept (and counted here) if sent. */
  goneFromSource?: { dropped: number; kept: number };
  requests: RequestStats;
  /** Per second of the run (from the journal's run_seconds): writes sent, users created, 429s, retries. */
  timeline: RunSecond[];
  elapsedMs: number;
  writesPerSecond: number;
  webhooks?: { paused: number; restored: number; restoreFailed: string[] };
  /** Dry runs: payloads that the spec rejects, by row. */
  dryRunProblems?: Array<{ row: number; problems: string[] }>;
  /** Dry runs: users that would be sent. */
  wouldSend?: number;
  /** The WorkOS ids written into the application's database (`--write-back`). */
  writeBack?: WriteBackSummary;
  /** 0 clean, 1 something needs attention. */
  exitCode: 0 | 1;
}

export function buildSummary(a: {
  journal: Journal;
  source: JournalSource;
  runId: number;
  strategy: string;
  total: number;
  thisRun: Partial<Record<UserStatus, number>>;
  gone: { dropped: number; kept: number };
  stats: RequestStats;
  started: number;
  interrupted: boolean;
  writeBack?: WriteBackSummary;
}): ImportSummary {
  const elapsedMs = Date.now() - a.started;
  const statuses = a.journal.countByStatus(a.source.id);
  return {
    dryRun: false,
    interrupted: a.interrupted,
    runId: a.runId,
    journal: a.journal.path,
    source: a.source.description,
    strategy: a.strategy,
    total: a.total,
    lanes: a.journal.countByLane(a.source.id),
    hashFamilies: a.journal.countByHashFamily(a.source.id),
    statuses,
    thisRun: a.thisRun,
    goneFromSource: a.gone,
    requests: { ...a.stats },
    timeline: a.journal.seconds.of(a.runId),
    elapsedMs,
    writesPerSecond: elapsedMs > 0 ? (a.stats.writes * 1000) / elapsedMs : 0,
    ...(a.writeBack ? { writeBack: a.writeBack } : {}),
    exitCode: needsAttention(statuses) > 0 || a.interrupted || (a.writeBack?.failed ?? 0) > 0 ? 1 : 0,
  };
}
