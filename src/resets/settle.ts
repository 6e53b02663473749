import type { EventName } from '@workos-inc/node';
import type { ActionResult, ActionRow } from '../journal/actions.js';
import { readEventsSince } from '../workos/events.js';
import { pause, type CallContext } from '../workos/paced-call.js';

/** Events outlive this long (docs/workos-contract.md#events); older marks cannot be checked. */
const EVENT_RETENTION_MS = 30 * 24 * 3600 * 1000;
/** Slack for clock skew between this machine and WorkOS when choosing where to start reading. */
const SKEW_MS = 60_000;

/**
 * Settles sends whose answer never arrived (in flight at a crash, or a lost answer) from the
 * events WorkOS records for every object it creates (docs/workos-contract.md#finding-a-reset-whose-answer-was-lost):
 * an event for the user since the mark means it was sent, and its id is kept; none, once the event
 * lag has passed, means it never was, and the row is planned again. Rows the events cannot speak
 * for (unreadable events, a mark older than their retention) are `unknown`, never resent without
 * being asked to.
 */
export async function settleByEvents(
  calls: CallContext,
  rows: readonly ActionRow[],
  eventType: EventName,
  eventLagMs: number,
): Promise<ActionResult[]> {
  if (rows.length === 0) return [];
  const now = Date.now();
  const marks = rows.map((r) => Date.parse(r.markedAt ?? r.plannedAt));
  const newest = Math.max(...marks);
  const wait = newest + eventLagMs - now;
  if (wait > 0) await pause(calls, wait);
  const checkable = rows.filter((r, i) => now - (marks[i] as number) < EVENT_RETENTION_MS - SKEW_MS);
  const since = new Date(Math.min(...marks) - SKEW_MS);
  const found = new Map<string, string>();
  const failure = checkable.length
    ? await readEventsSince(calls, [eventType], since, (e) => {
        const data = e.data as { id?: string; userId?: string; email?: string };
        if (data.userId && data.id) found.set(data.userId, data.id);
        if (data.email && data.id) found.set(`email:${data.email.toLowerCase()}`, data.id);
      })
    : undefined;
  return rows.map((row): ActionResult => {
    const id =
      (row.workosId ? found.get(row.workosId) : undefined) ?? found.get(`email:${row.email.toLowerCase()}`);
    if (id) return { key: row.key, status: 'done', refId: id, errorCode: null, errorMessage: null };
    if (failure || !checkable.includes(row))
      return {
        key: row.key,
        status: 'unknown',
        errorCode: 'unsettled',
        errorMessage: failure
          ? `sent without an answer, and WorkOS events could not be read to check (${failure.message}): resend only with --resend-unknown`
          : 'sent without an answer longer ago than WorkOS keeps events: resend only with --resend-unknown',
      };
    return { key: row.key, status: 'planned', errorCode: null, errorMessage: null };
  });
}
