import type { CanaryReport, CredentialEntry } from '../hashes/canary.js';
import type { HashClassification } from '../hashes/types.js';
import type { PlannedUser } from './types.js';

/** A known email and password, as read from a credentials file. */
export interface KnownCredential {
  line: number;
  email: string;
  password: string;
}

/** The hash canary's answer for the listed users, plus what could not be checked. Never holds a password. */
export interface CredentialCheck extends CanaryReport {
  /** Emails listed in the credentials file that no source record has. */
  unknownEmails: string[];
  /** Credentials rows that were skipped, with the line and what to fix. */
  invalidRows: string[];
}

const NO_HASH: HashClassification = {
  importable: false,
  reason: 'no_hash_exported',
  detail: 'the source has no password hash for this user',
  sourceFormat: 'no hash',
  notes: [],
};

/**
 * Picks the listed users out of the planned stream, so their classified hashes can be checked
 * after the pass without keeping anyone else. Emails match case-insensitively, as WorkOS does.
 */
export class CredentialCollector {
  private readonly wanted = new Map<string, KnownCredential>();
  private readonly found = new Set<string>();
  private readonly collected: CredentialEntry[] = [];

  constructor(credentials: readonly KnownCredential[]) {
    for (const c of credentials) {
      const key = c.email.toLowerCase();
      if (!this.wanted.has(key)) this.wanted.set(key, c);
    }
  }

  add({ user, hash }: PlannedUser): void {
    if (this.wanted.size === 0 || user.email === '') return;
    const key = user.email.toLowerCase();
    const known = this.wanted.get(key);
    if (!known) return;
    this.found.add(key);
    this.collected.push({ email: user.email, password: known.password, classification: hash ?? NO_HASH });
  }

  entries(): readonly CredentialEntry[] {
    return this.collected;
  }

  unknownEmails(): string[] {
    return [...this.wanted.values()]
      .filter((c) => !this.found.has(c.email.toLowerCase()))
      .map((c) => c.email);
  }
}
