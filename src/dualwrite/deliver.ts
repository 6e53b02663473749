import {
  isProvablyOurs,
  OWNERSHIP_METADATA_KEY,
  whyNotOurs,
  type FoundUser,
  type OwnershipEvidence,
} from '../ownership/ownership.js';
import { hintFor, redact, type ApiFailure } from '../workos/classify.js';
import { READ, WRITE } from '../workos/limits.js';
import { pacedCall, type CallContext, type StoppedFailure } from '../workos/paced-call.js';
import {
  createUser,
  deleteUser,
  findUserByEmail,
  findUserByExternalId,
  updateUser,
  type CreateUserPayload,
  type WorkosUser,
} from '../workos/users.js';
import type { OutboxRow } from './outbox.js';

/** What the worker needs to deliver one row. */
export interface DeliveryContext {
  calls: CallContext;
  /** This outbox's ownership marker (metadata `workos_migrator_journal`). */
  marker: string;
  /** The WorkOS id the map holds for a local id. */
  mappedId(localId: string): Promise<string | undefined>;
}

/** How one delivery ended, for the worker to write back. */
export type Verdict =
  | { kind: 'done'; workosId?: string; map?: 'upsert' | 'delete' }
  /**
   * Not now (WorkOS slow, limited, down, or the run stopping): back in the queue, after a backoff
   * unless `unreachable` (nothing was answered; the worker's outage wait paces those instead).
   */
  | { kind: 'retry'; code: string; message: string; unreachable?: boolean }
  /** The user does not exist in WorkOS yet: the import will create it, then this is delivered. */
  | { kind: 'wait'; message: string }
  /** WorkOS refuses this change as it is: kept, with the reason, for a person. */
  | { kind: 'failed'; code: string; message: string };

function secretsOf(ctx: DeliveryContext, row: OutboxRow): string[] {
  return [row.secret?.password, row.secret?.passwordHash, ctx.calls.client.target.apiKey].filter(
    (s): s is string => Boolean(s),
  );
}

/** A failure that says "try later" (or "stopped"), in the closed set of verdicts. */
function notNow(
  ctx: DeliveryContext,
  row: OutboxRow,
  f: ApiFailure | StoppedFailure,
  doing: string,
): Verdict {
  const message = `${doing}: ${redact(f.message, secretsOf(ctx, row))}`;
  if (f.kind === 'stopped') return { kind: 'retry', code: f.why, message, unreachable: true };
  return {
    kind: 'retry',
    code: 'code' in f ? f.code || f.kind : f.kind,
    message,
    unreachable: f.kind === 'unreachable',
  };
}

function refused(ctx: DeliveryContext, row: OutboxRow, f: ApiFailure, doing: string): Verdict {
  const code = 'code' in f ? f.code || f.kind : f.kind;
  const hint = 'code' in f ? hintFor(f.code) : undefined;
  return {
    kind: 'failed',
    code,
    message: `${doing}: WorkOS refused it (${redact(f.message, secretsOf(ctx, row))})${hint ? `; ${hint.replace(/workos-migrator retry/g, 'workos-migrator dualwrite drain --retry-failed')}` : ''}${f.requestId ? ` [request ${f.requestId}]` : ''}`,
  };
}

const toFound = (u: WorkosUser): FoundUser => ({
  id: u.id,
  email: u.email,
  externalId: u.externalId ?? null,
  metadata: u.metadata as Record<string, string> | undefined,
});

type Found =
  { ok: true; found: FoundUser | null; ours: boolean } | { ok: false; failure: ApiFailure | StoppedFailure };

/** The import's lookup (external id, then email) with the import's ownership rules. */
async function lookup(ctx: DeliveryContext, evidence: OwnershipEvidence): Promise<Found> {
  const read = { budgets: READ, retry: 'idempotent' } as const;
  const byId = await pacedCall(ctx.calls, read, () =>
    findUserByExternalId(ctx.calls.client, evidence.externalId ?? ''),
  );
  if (!byId.ok) return byId;
  let user = byId.value;
  if (!user) {
    const byEmail = await pacedCall(ctx.calls, read, () => findUserByEmail(ctx.calls.client, evidence.email));
    if (!byEmail.ok) return byEmail;
    user = byEmail.value;
  }
  if (!user) return { ok: true, found: null, ours: false };
  const found = toFound(user);
  return { ok: true, found, ours: isProvablyOurs(found, evidence) };
}

function settle(
  row: OutboxRow,
  r: Extract<Found, { ok: true }>,
  evidence: OwnershipEvidence,
): Verdict | undefined {
  if (!r.found) return undefined;
  if (r.ours) return { kind: 'done', workosId: r.found.id, map: 'upsert' };
  return {
    kind: 'failed',
    code: 'conflict',
    message: `create of user ${row.localId}: WorkOS user ${r.found.id} already has this email or external id and is not provably this user (${whyNotOurs(r.found, evidence)}); it was left untouched — investigate, link or remove it, then: workos-migrator dualwrite drain --retry-failed`,
  };
}

/**
 * Creates the user exactly once: the claim counted an attempt before anything was sent, so a row
 * claimed again (a crash, a lost answer) is looked up before it is created again; the create
 * carries this outbox's marker and external_id = local id, which is how the lookup knows it.
 */
async function deliverCreate(ctx: DeliveryContext, row: OutboxRow): Promise<Verdict> {
  const known = await ctx.mappedId(row.localId);
  if (known) return { kind: 'done', workosId: known };
  const email = row.payload.email ?? '';
  const evidence: OwnershipEvidence = {
    email,
    externalId: row.localId,
    knownWorkosIds: [],
    journalId: ctx.marker,
  };
  if (row.attempts > 1) {
    const r = await lookup(ctx, evidence);
    if (!r.ok)
      return notNow(ctx, row, r.failure, `lookup before re-sending the create of user ${row.localId}`);
    const settled = settle(row, r, evidence);
    if (settled) return settled;
  }
  const payload: CreateUserPayload = {
    email,
    ...(row.payload.firstName !== undefined ? { firstName: row.payload.firstName } : {}),
    ...(row.payload.lastName !== undefined ? { lastName: row.payload.lastName } : {}),
    ...(row.payload.emailVerified !== undefined ? { emailVerified: row.payload.emailVerified } : {}),
    externalId: row.localId,
    metadata: { [OWNERSHIP_METADATA_KEY]: ctx.marker },
    ...row.secret,
  };
  const res = await pacedCall(ctx.calls, { budgets: WRITE, retry: 'once' }, () =>
    createUser(ctx.calls.client, payload),
  );
  if (res.ok) return { kind: 'done', workosId: res.value.id, map: 'upsert' };
  const f = res.failure;
  const doing = `create of user ${row.localId}`;
  switch (f.kind) {
    case 'transient':
    case 'lost':
    case 'duplicate_email':
    case 'external_id_taken': {
      // It may have landed (lost answer, 5xx) or exist already (created by the import, or an
      // earlier delivery): find out before anything is sent again.
      const r = await lookup(ctx, evidence);
      if (!r.ok) return notNow(ctx, row, r.failure, `lookup after the ${doing} got ${f.kind}`);
      const settled = settle(row, r, evidence);
      if (settled) return settled;
      return {
        kind: 'retry',
        code: f.code,
        message: `${doing}: ${redact(f.message, secretsOf(ctx, row))}; not found afterwards, sent again later`,
      };
    }
    case 'invalid':
    case 'not_found':
      return refused(ctx, row, f, doing);
    default:
      return notNow(ctx, row, f, doing);
  }
}

/** Updates and deletes need the user's WorkOS id; without one they wait for the create (or the import). */
async function deliverChange(ctx: DeliveryContext, row: OutboxRow): Promise<Verdict> {
  const id = await ctx.mappedId(row.localId);
  if (!id)
    return {
      kind: 'wait',
      message: `user ${row.localId} is not in WorkOS yet: this ${row.op} is delivered once it is (created by the import with --dual-write-db, or by its mirrored create)`,
    };
  const spec = { budgets: WRITE, retry: 'idempotent' } as const;
  if (row.op === 'delete') {
    const res = await pacedCall(ctx.calls, spec, () => deleteUser(ctx.calls.client, id));
    if (res.ok || res.failure.kind === 'not_found') return { kind: 'done', workosId: id, map: 'delete' };
    return res.failure.kind === 'invalid'
      ? refused(ctx, row, res.failure, `delete of user ${row.localId}`)
      : notNow(ctx, row, res.failure, `delete of user ${row.localId}`);
  }
  const res = await pacedCall(ctx.calls, spec, () =>
    updateUser(ctx.calls.client, id, { ...row.payload, ...row.secret }),
  );
  if (res.ok) return { kind: 'done', workosId: id };
  const f = res.failure;
  const doing = `update of user ${row.localId} (WorkOS ${id})`;
  if (f.kind === 'not_found')
    return {
      kind: 'failed',
      code: 'not_found',
      message: `${doing}: WorkOS has no user ${id} any more (deleted outside the application?); run workos-migrator reconcile to see what else drifted`,
    };
  if (f.kind === 'duplicate_email')
    return {
      kind: 'failed',
      code: f.code,
      message: `${doing}: another WorkOS user already has the new email; it was left untouched — resolve the duplicate, then: workos-migrator dualwrite drain --retry-failed`,
    };
  if (f.kind === 'invalid' || f.kind === 'external_id_taken') return refused(ctx, row, f, doing);
  return notNow(ctx, row, f, doing);
}

export function deliver(ctx: DeliveryContext, row: OutboxRow): Promise<Verdict> {
  return row.op === 'create' ? deliverCreate(ctx, row) : deliverChange(ctx, row);
}
