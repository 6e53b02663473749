import { domainToASCII } from 'node:url';
import type { MigrationUser, Problem } from './user.js';

/** WorkOS limits (docs/workos-contract.md#metadata-and-external-id-limits): the spec's are enforced, the docs' stricter ones warned about. */
export const LIMITS = {
  externalIdMax: 128,
  metadataKeysMax: 50,
  metadataKeyLengthMax: 40,
  metadataValueLengthMax: 600,
  docsMetadataKeysMax: 10,
} as const;

// Practical syntax, not RFC 5322's every corner: dot-atoms with Unicode allowed (SMTPUTF8), no quoted local parts.
const LOCAL_PART = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const ASCII_DOMAIN =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
// The ASCII subset of LOCAL_PART: most addresses pass it, and a non-Unicode regex is several times cheaper.
const ASCII_LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const NON_ASCII = /[^\p{ASCII}]/u;
// Exactly \p{Cc} (C0, DEL and C1), without the Unicode-mode regex's cost on every name.
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const REPLACEMENT = '\uFFFD';

/** Why an email cannot be a WorkOS login, or undefined when it can. Pure: no DNS, no network. */
export function emailSyntaxProblem(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return 'it needs exactly one local part, an @ and a domain';
  if (email.length > 254) return 'it is longer than 254 characters';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length > 64) return 'the part before @ is longer than 64 characters';
  if (!ASCII_LOCAL_PART.test(local) && !LOCAL_PART.test(local))
    return `"${local}" is not a valid part before @ (spaces, quotes, double dots…)`;
  return domainValid(domain) ? undefined : `"${domain}" is not a valid domain`;
}

const domains = new Map<string, boolean>();

/** A million users share a few thousand domains: each is checked (IDNA, syntax) once. */
function domainValid(domain: string): boolean {
  let valid = domains.get(domain);
  if (valid === undefined) {
    const ascii = NON_ASCII.test(domain) ? domainToASCII(domain) : domain.toLowerCase();
    valid = ascii !== '' && ASCII_DOMAIN.test(ascii);
    if (domains.size < 10_000) domains.set(domain, valid);
  }
  return valid;
}

// Module constants: a literal in the loop head is a new array per user.
const TEXT_FIELDS = ['email', 'firstName', 'lastName', 'passwordHash', 'localId', 'externalId'] as const;
const NAME_FIELDS = ['firstName', 'lastName'] as const;

/**
 * Checks one user on its own (duplicates need the whole stream and live in the planner). Mutates
 * `user.email` to its trimmed form when only surrounding whitespace was wrong, and says so.
 */
export function validateUser(user: MigrationUser): Problem[] {
  const problems: Problem[] = [];
  const { row, location } = user;
  const add = (field: string, code: string, message: string, severity: Problem['severity'] = 'blocking') =>
    problems.push({ row, location, field, code, message, severity });

  for (const field of TEXT_FIELDS) {
    const v = user[field];
    if (v !== undefined && v.includes(REPLACEMENT)) {
      add(
        field,
        'invalid_utf8',
        `${field} contains bytes that are not UTF-8 (shown as U+FFFD): re-export as UTF-8`,
      );
    }
  }

  if (user.email === '') {
    add(
      'email',
      'missing_email',
      'no email: WorkOS needs one per user; add it or drop the user from the export',
    );
  } else {
    const trimmed = user.email.trim();
    if (trimmed !== user.email) {
      add(
        'email',
        'email_whitespace',
        'email has surrounding whitespace; it will be sent trimmed',
        'warning',
      );
      user.email = trimmed;
    }
    const why = trimmed === '' ? 'it is blank' : emailSyntaxProblem(trimmed);
    if (why) add('email', 'invalid_email', `invalid email: ${why}; fix it in the source`);
  }

  for (const field of NAME_FIELDS) {
    const v = user[field];
    const m = v === undefined ? null : CONTROL.exec(v);
    if (m) {
      const code = `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      add(
        field,
        'control_character',
        `${field} contains a control character (${code}): remove it in the source`,
      );
    }
  }

  const externalId = user.externalId ?? user.localId;
  if (externalId !== undefined && externalId.length > LIMITS.externalIdMax) {
    add(
      user.externalId !== undefined ? 'externalId' : 'localId',
      'external_id_too_long',
      `the id sent as external_id is ${externalId.length} characters; WorkOS allows ${LIMITS.externalIdMax}`,
    );
  }

  if (user.metadata) problems.push(...metadataProblems(user));
  return problems;
}

function metadataProblems(user: MigrationUser): Problem[] {
  const out: Problem[] = [];
  const { row, location } = user;
  const entries = Object.entries(user.metadata ?? {});
  const block = (message: string) =>
    out.push({ row, location, field: 'metadata', code: 'metadata_limit', message, severity: 'blocking' });
  if (entries.length > LIMITS.metadataKeysMax) {
    block(`metadata has ${entries.length} keys; WorkOS allows ${LIMITS.metadataKeysMax}: drop or merge some`);
  }
  for (const [key, value] of entries) {
    if (key.length > LIMITS.metadataKeyLengthMax) {
      block(
        `metadata key "${key.slice(0, 20)}…" is ${key.length} characters; WorkOS allows ${LIMITS.metadataKeyLengthMax}`,
      );
    }
    if (value.length > LIMITS.metadataValueLengthMax) {
      block(`metadata.${key} is ${value.length} characters; WorkOS allows ${LIMITS.metadataValueLengthMax}`);
    }
  }
  if (entries.length > LIMITS.docsMetadataKeysMax && entries.length <= LIMITS.metadataKeysMax) {
    out.push({
      row,
      location,
      field: 'metadata',
      code: 'metadata_docs_limit',
      message: `metadata has ${entries.length} keys; the WorkOS docs say 10 (the API spec says 50): check before import`,
      severity: 'warning',
    });
  }
  return out;
}
