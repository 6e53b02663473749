import type { Event } from '@workos-inc/node';
import { MigratorError } from '../errors/index.js';
import { DONE_STATUSES } from '../journal/statuses.js';
import {
  importedSource,
  type CampaignOptions,
  openCampaignSession,
  requireJournalFile,
} from '../runner/campaign.js';
import { redact } from '../workos/classify.js';
import { readEventsSince } from '../workos/events.js';
import {
  MONITORED_EVENTS,
  monitorFigures,
  type KnownUser,
  type MonitorEvent,
  type MonitorFigures,
} from './figures.js';

export interface MonitorOptions extends CampaignOptions {
  /** How far back to read events (default 24 h). */
  sinceMs?: number;
  /** Width of the reset-volume buckets (default 1 h). */
  bucketMs?: number;
  /** The password sign-in success rate below which monitor exits 1 (default 0.95, as the guide expects). */
  minSuccess?: number;
  now?: Date;
}

export interface MonitorReport extends MonitorFigures {
  minSuccess: number;
  /** False when the success rate is under minSuccess (no sign-ins yet is not a failure). */
  ok: boolean;
  exitCode: 0 | 1;
}

/** Who an event concerns: authentication events carry userId/email, resets userId, user.created the user. */
function toMonitorEvent(e: Event): MonitorEvent {
  const data = e.data as { id?: string; userId?: string | null; email?: string | null };
  return {
    event: e.event,
    createdAt: e.createdAt,
    userId: e.event === 'user.created' ? (data.id ?? null) : (data.userId ?? null),
    email: data.email ?? null,
  };
}

/**
 * After cutover, from the WorkOS Events API: the password sign-in success rate, failures split by
 * source hash family and lane (from the journal), reset volume over time, new users. Reads only.
 */
export async function runMonitor(options: MonitorOptions = {}): Promise<MonitorReport> {
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - (options.sinceMs ?? 24 * 3_600_000));
  const minSuccess = options.minSuccess ?? 0.95;
  requireJournalFile(options.state);
  const session = await openCampaignSession(options, 'monitor');
  try {
    const { journal, calls } = session;
    const source = importedSource(journal);
    const byId = new Map<string, KnownUser>();
    const byEmail = new Map<string, KnownUser>();
    for (const row of journal.rows(source.id, DONE_STATUSES)) {
      const known = { lane: row.lane, hashFamily: row.hashFamily };
      if (row.workosId) byId.set(row.workosId, known);
      byEmail.set(row.email.trim().toLowerCase(), known);
    }
    const events: MonitorEvent[] = [];
    const failure = await readEventsSince(calls, MONITORED_EVENTS, since, (e) => {
      if (Date.parse(e.createdAt) <= now.getTime()) events.push(toMonitorEvent(e));
    });
    if (failure)
      throw new MigratorError(
        calls.breaker.open ? 'unreachable' : 'refused',
        `reading WorkOS events failed: ${redact(failure.message, [calls.client.target.apiKey])}; run monitor again`,
      );
    const figures = monitorFigures(
      events,
      { byId, byEmail },
      { since, until: now, bucketMs: options.bucketMs ?? 3_600_000 },
    );
    const rate = figures.signIns.successRate;
    const ok = rate === null || rate >= minSuccess;
    return { ...figures, minSuccess, ok, exitCode: ok ? 0 : 1 };
  } finally {
    session.close();
  }
}

/** The figures for a terminal. */
export function formatMonitor(r: MonitorReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const total = r.signIns.succeeded + r.signIns.failed;
  const lines = [
    `WorkOS events ${r.since} → ${r.until}`,
    `Password sign-ins: ${total} (${r.signIns.succeeded} succeeded, ${r.signIns.failed} failed)` +
      (r.signIns.successRate === null
        ? ': none yet'
        : `, success rate ${pct(r.signIns.successRate)} (minimum ${pct(r.minSuccess)})`),
  ];
  const split = (title: string, counts: Record<string, number>) => {
    const entries = Object.entries(counts).sort(([, a], [, b]) => b - a);
    if (entries.length === 0) return;
    lines.push(title);
    for (const [k, n] of entries) lines.push(`  ${k.padEnd(40)} ${n}`);
  };
  split('Failed sign-ins per source hash family', r.failuresByHashFamily);
  split('Failed sign-ins per lane', r.failuresByLane);
  lines.push(`Password resets: ${r.resets.created} sent, ${r.resets.succeeded} completed`);
  for (const b of r.resets.perBucket) lines.push(`  ${b.start}  sent ${b.created}, completed ${b.succeeded}`);
  lines.push(`New users (not migrated): ${r.newUsers}`);
  lines.push(
    r.ok
      ? 'OK'
      : `BELOW THRESHOLD: a spike on one hash family points at a bad conversion; check "workos-migrator verify --credentials"`,
  );
  return `${lines.join('\n')}\n`;
}
