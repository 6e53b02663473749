import type { JournalRow, RowResult } from '../journal/journal.js';
import type { Strategy } from '../journal/statuses.js';
import {
  isProvablyOurs,
  whyNotOurs,
  type FoundUser,
  type OwnershipEvidence,
} from '../ownership/ownership.js';
import type { ApiFailure } from '../workos/classify.js';
import { READ } from '../workos/limits.js';
import { pacedCall, type CallContext, type StoppedFailure } from '../workos/paced-call.js';
import { findUserByEmail, findUserByExternalId, type WorkosUser } from '../workos/users.js';
import type { JournalWriter } from '../journal/journal-writer.js';

/** Everything one user's import needs; shared by all workers of a run. */
export interface ImportContext {
  calls: CallContext;
  writer: JournalWriter;
  strategy: Strategy;
  externalIds: boolean;
  journalId: string;
  /**
   * Strategy B: local id → WorkOS id from the application's workos_user_map. These ids were
   * stored by the outbox after an ownership-proven create, so they link even when WorkOS still
   * has an older email (the outbox delivers the change; reconcile checks it).
   */
  dualWriteIds?: ReadonlyMap<string, string>;
}

export function toFound(u: WorkosUser): FoundUser {
  return {
    id: u.id,
    email: u.email,
    externalId: u.externalId ?? null,
    metadata: u.metadata as Record<string, string> | undefined,
  };
}

/** What proves a WorkOS user is this row's: its email, the external id sent, known ids, this journal's marker. */
export function evidenceFor(
  ctx: ImportContext,
  row: JournalRow,
  extra: { email?: string; workosUserId?: string } = {},
): OwnershipEvidence {
  return {
    email: extra.email ?? row.email,
    externalId: ctx.externalIds ? (row.externalId ?? undefined) : undefined,
    knownWorkosIds: [row.workosId, extra.workosUserId],
    journalId: ctx.journalId,
  };
}

export type Lookup =
  | { ok: true; found: FoundUser | null; ours: boolean; by: 'external_id' | 'email' }
  | { ok: false; failure: ApiFailure | StoppedFailure };

/**
 * Looks the user up by the external id it was sent with, then by email, and says whether what it
 * found is provably ours. A user found by our external id but with another email is reported as
 * found-not-ours: another system's user that happens to carry the same id.
 */
export async function lookup(
  ctx: ImportContext,
  evidence: OwnershipEvidence,
  by: 'any' | 'external_id' = 'any',
): Promise<Lookup> {
  const read = { budgets: READ, retry: 'idempotent' } as const;
  if (evidence.externalId) {
    const extId = evidence.externalId;
    const r = await pacedCall(ctx.calls, read, () => findUserByExternalId(ctx.calls.client, extId));
    if (!r.ok) return r;
    if (r.value) {
      const found = toFound(r.value);
      return { ok: true, found, ours: isProvablyOurs(found, evidence), by: 'external_id' };
    }
    if (by === 'external_id') return { ok: true, found: null, ours: false, by: 'external_id' };
  }
  const email = evidence.email;
  const r = await pacedCall(ctx.calls, read, () => findUserByEmail(ctx.calls.client, email));
  if (!r.ok) return r;
  if (!r.value) return { ok: true, found: null, ours: false, by: 'email' };
  const found = toFound(r.value);
  return { ok: true, found, ours: isProvablyOurs(found, evidence), by: 'email' };
}

/** Found and not provably ours: a conflict for a person to investigate, never overwritten. */
export function conflictWith(
  row: JournalRow,
  found: FoundUser,
  evidence: OwnershipEvidence,
  by: 'external_id' | 'email',
  attempts?: number,
): RowResult {
  const base = { key: row.key, row: row.row, status: 'conflict' as const, attempts };
  if (by === 'external_id') {
    return {
      ...base,
      errorCode: 'external_id_already_used',
      errorMessage: `WorkOS user ${found.id} already has external_id "${evidence.externalId ?? ''}" with another email; it was left untouched — check the local ids in the export (another system may use the same ids), then run retry`,
    };
  }
  return {
    ...base,
    errorCode: 'email_exists',
    errorMessage: `WorkOS user ${found.id} already has this email and is not provably this user (${whyNotOurs(found, evidence)}); it was left untouched — investigate, then link or remove it and run retry`,
  };
}

/** A lookup's answer as a settled row: ours → created, someone else's → conflict, nobody → undefined. */
export function settleFound(
  row: JournalRow,
  r: Extract<Lookup, { ok: true }>,
  evidence: OwnershipEvidence,
  status: 'created' | 'linked',
  attempts?: number,
): RowResult | undefined {
  if (!r.found) return undefined;
  if (r.ours) return { key: row.key, row: row.row, status, workosId: r.found.id, attempts };
  return conflictWith(row, r.found, evidence, r.by, attempts);
}

/**
 * Settles a row that was sent before but whose answer never arrived (in flight at a crash, or
 * unknown): found and ours → created; found and not ours → conflict; not found → pending. Works
 * from the journal alone (the external id and email it was planned with), so a row is settled
 * even if the source no longer has that user.
 */
export async function resolveUnresolved(ctx: ImportContext, row: JournalRow): Promise<RowResult> {
  const evidence = evidenceFor(ctx, row);
  const r = await lookup(ctx, evidence);
  if (!r.ok) {
    return {
      key: row.key,
      row: row.row,
      status: 'unknown',
      errorCode: r.failure.kind,
      errorMessage: `lookup failed: ${r.failure.message}`,
    };
  }
  return settleFound(row, r, evidence, 'created') ?? { key: row.key, row: row.row, status: 'pending' };
}
