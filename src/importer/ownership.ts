import { OWNERSHIP_METADATA_KEY } from './payload.js';

/** What a lookup found in WorkOS, reduced to what ownership is decided on. */
export interface FoundUser {
  id: string;
  email: string;
  externalId: string | null;
  metadata?: Record<string, string>;
}

export interface OwnershipEvidence {
  /** The external id this row is (or would be) sent with, when external ids are on. */
  externalId?: string;
  /** WorkOS ids we already hold for this row: from the journal or the export's dual-write column. */
  knownWorkosIds: ReadonlyArray<string | null | undefined>;
  /** This journal's id, when external ids are off (see OWNERSHIP_METADATA_KEY). */
  journalId?: string;
}

/**
 * Is an existing WorkOS user provably this source user? Yes when it carries our external id, when
 * its id is one we already recorded (journal) or the application recorded (dual-write), or, with
 * external ids off, when its metadata carries this journal's marker. Anything else is a conflict:
 * an email match alone proves nothing (someone may have signed up with it) and is never overwritten.
 */
export function isProvablyOurs(found: FoundUser, evidence: OwnershipEvidence): boolean {
  if (evidence.externalId && found.externalId === evidence.externalId) return true;
  if (evidence.knownWorkosIds.some((id) => id && id === found.id)) return true;
  if (evidence.journalId && found.metadata?.[OWNERSHIP_METADATA_KEY] === evidence.journalId) return true;
  return false;
}
