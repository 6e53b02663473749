import type { OutboxCounts } from './outbox.js';

const age = (ms: number): string => {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  return `${(s / 3600).toFixed(1)}h`;
};

/** `dualwrite status` for people: backlog, the oldest change still waiting, failures and what to do. */
export function formatOutboxStatus(c: OutboxCounts, where: string, now = Date.now()): string {
  const lines = [
    `dual-write outbox in ${where}`,
    `  backlog     ${c.pending} change(s) not delivered yet${c.oldestPendingAt !== null ? `, oldest ${age(now - c.oldestPendingAt)} old` : ''}`,
  ];
  if (c.pending) {
    lines.push(`    being delivered      ${c.inDelivery}`);
    lines.push(`    retrying later       ${c.retrying} (WorkOS slow, rate limited or unreachable)`);
    lines.push(`    waiting for the user ${c.waiting} (not in WorkOS yet: the import creates it)`);
  }
  lines.push(`  delivered   ${c.delivered}`);
  lines.push(`  failed      ${c.failed}`);
  lines.push(`  users with a WorkOS id (workos_user_map) ${c.mapped}`);
  for (const f of c.failures.slice(0, 20))
    lines.push(`    #${f.id} ${f.op} of user ${f.localId}: ${f.code ?? 'failed'} — ${f.reason ?? ''}`);
  if (c.failed > 20) lines.push(`    … and ${c.failed - 20} more (--json lists up to 100)`);
  for (const w of c.waitingUsers.slice(0, 10))
    lines.push(`    waiting: ${w.op} of user ${w.localId} since ${age(now - w.since)}`);
  if (c.failed)
    lines.push(
      '  next: fix what the reasons say, then: workos-migrator dualwrite drain <db-url> --retry-failed',
    );
  else if (c.waiting)
    lines.push(
      '  next: import the historical users with --dual-write-db <db-url>, then run dualwrite drain again',
    );
  else if (c.pending)
    lines.push('  next: workos-migrator dualwrite drain <db-url> (or keep one running with --follow)');
  return `${lines.join('\n')}\n`;
}
