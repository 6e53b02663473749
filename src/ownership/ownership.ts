/**
 * Is an existing WorkOS user the one this migration means? The rules every command shares —
 * import, dual-write, undo — because a wrong "yes" links a stranger's account to our user (who is
 * then never created) and a later undo would delete it.
 */

/** Metadata key that marks users created by a journal: what lets a lookup tell "ours, answer lost" from "someone else's". */
export const OWNERSHIP_METADATA_KEY = 'workos_migrator_journal';

/** What a lookup found in WorkOS, reduced to what ownership is decided on. */
export interface FoundUser {
  id: string;
  email: string;
  externalId: string | null;
  metadata?: Record<string, string>;
}

export interface OwnershipEvidence {
  /** The email the source has for this user. */
  email: string;
  /** The external id this user is (or would be) sent with, when external ids are on. */
  externalId?: string;
  /** WorkOS ids we already hold for this user: from the journal or the application's dual-write column. */
  knownWorkosIds: ReadonlyArray<string | null | undefined>;
  /** This journal's id: every create carries it in metadata (OWNERSHIP_METADATA_KEY). */
  journalId?: string;
}

export const sameEmail = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Yes when its id is one we already recorded (journal) or the application recorded (dual-write);
 * when it carries this journal's marker; or when it carries our external id AND our email. An
 * external id alone proves nothing: with small integer ids, another system's user 42 is not ours.
 * An email alone proves nothing either: someone may have signed up with it. Anything else is a
 * conflict, never overwritten.
 */
export function isProvablyOurs(found: FoundUser, evidence: OwnershipEvidence): boolean {
  if (evidence.knownWorkosIds.some((id) => id && id === found.id)) return true;
  if (evidence.journalId && found.metadata?.[OWNERSHIP_METADATA_KEY] === evidence.journalId) return true;
  return Boolean(
    evidence.externalId && found.externalId === evidence.externalId && sameEmail(found.email, evidence.email),
  );
}

/** Why a found user is not provably ours, in words a person can act on. */
export function whyNotOurs(found: FoundUser, evidence: OwnershipEvidence): string {
  if (evidence.externalId && found.externalId === evidence.externalId)
    return `it has this user's external_id "${found.externalId}" but another email`;
  const ext = found.externalId === null ? 'no external_id' : `external_id "${found.externalId}"`;
  return `it has ${ext}${evidence.externalId ? `, not "${evidence.externalId}"` : ''} and does not carry this journal's ${OWNERSHIP_METADATA_KEY} marker`;
}
