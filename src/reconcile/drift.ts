import { sameEmail } from '../ownership/ownership.js';

/** The fields the WorkOS migration guide's sync check compares: what dual-write mirrors. */
export const RECONCILED_FIELDS = ['email', 'first_name', 'last_name', 'email_verified'] as const;
export type ReconciledField = (typeof RECONCILED_FIELDS)[number];

/** A user's values in the terms both sides share. */
export interface ComparableUser {
  email: string;
  firstName?: string | null;
  lastName?: string | null;
  emailVerified?: boolean | null;
}

export interface FieldDrift {
  field: ReconciledField;
  source: string | boolean | null;
  workos: string | boolean | null;
}

const name = (v: string | null | undefined): string | null =>
  v === undefined || v === null || v === '' ? null : v;

/**
 * Where WorkOS differs from the source. Emails compare case-insensitively (WorkOS keeps one
 * account per address however it is spelt); empty and missing names are the same; a source
 * without an email_verified column says nothing about it.
 */
export function compareUser(source: ComparableUser, workos: ComparableUser): FieldDrift[] {
  const out: FieldDrift[] = [];
  if (!sameEmail(source.email, workos.email))
    out.push({ field: 'email', source: source.email, workos: workos.email });
  if (name(source.firstName) !== name(workos.firstName))
    out.push({ field: 'first_name', source: name(source.firstName), workos: name(workos.firstName) });
  if (name(source.lastName) !== name(workos.lastName))
    out.push({ field: 'last_name', source: name(source.lastName), workos: name(workos.lastName) });
  if (
    source.emailVerified !== undefined &&
    source.emailVerified !== null &&
    source.emailVerified !== Boolean(workos.emailVerified)
  )
    out.push({
      field: 'email_verified',
      source: source.emailVerified,
      workos: Boolean(workos.emailVerified),
    });
  return out;
}

/** The update that makes WorkOS equal to the source for these fields. */
export function fixFor(source: ComparableUser, drift: readonly FieldDrift[]) {
  const fields = new Set(drift.map((d) => d.field));
  return {
    ...(fields.has('email') ? { email: source.email } : {}),
    ...(fields.has('first_name') ? { firstName: source.firstName ?? '' } : {}),
    ...(fields.has('last_name') ? { lastName: source.lastName ?? '' } : {}),
    ...(fields.has('email_verified') || (fields.has('email') && source.emailVerified)
      ? { emailVerified: Boolean(source.emailVerified) }
      : {}),
  };
}

export type ReadStrategy = { kind: 'per-user' | 'listing'; why: string };

/**
 * Per-user reads cost one read per user; one paginated listing costs one read per 100 WorkOS
 * users (all of them, ours or not). Per-user reads win while they fit in one window of the read
 * budget (they finish within it, and read only our users); beyond that the listing is cheaper
 * whenever the environment holds fewer than 100 users per user of ours, which a migration's
 * environment does.
 */
export function chooseReadStrategy(users: number, readsPerWindow: number, windowMs: number): ReadStrategy {
  const window = `${windowMs % 1000 === 0 ? `${windowMs / 1000}s` : `${windowMs}ms`}`;
  if (users <= readsPerWindow)
    return {
      kind: 'per-user',
      why: `${users} user(s) ≤ ${readsPerWindow} reads the read budget allows per ${window}: one read each`,
    };
  return {
    kind: 'listing',
    why: `${users} users > ${readsPerWindow} reads per ${window}: one paginated listing (100 users a read, at least ${Math.ceil(users / 100)} reads) instead of ${users}`,
  };
}
