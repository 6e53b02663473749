import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

export interface SourceFingerprint {
  /** Stable identity of the source content: equal fingerprints mean "the same export". */
  fingerprint: string;
  /** Where the source is, for people: the absolute path, or the database URL without its password, with the query. */
  description: string;
  /** Where to read it again: the absolute path or the redacted URL alone, stored as data so it is never parsed back out of the description. */
  location: string;
}

const SAMPLE_BYTES = 1024 * 1024;

/** A database URL with its password removed, so it can be stored and printed. */
export function redactUrl(source: string): string {
  try {
    const url = new URL(source);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return source;
  }
}

function isDatabaseUrl(source: string): boolean {
  return /^(postgres(ql)?|mysql|mariadb|sqlite):/i.test(source);
}

/**
 * Fingerprints a file by its size and the SHA-256 of its first and last megabyte: cheap on a
 * multi-gigabyte export, yet any re-export with different users changes it. Database sources are
 * fingerprinted by their URL (without credentials) and query, since the content is live.
 */
export function fingerprintSource(source: string, query?: string): SourceFingerprint {
  if (source === '-') {
    return { fingerprint: 'stdin', description: 'standard input', location: '-' };
  }
  if (isDatabaseUrl(source)) {
    const description = redactUrl(source);
    const fingerprint = createHash('sha256')
      .update(`db\0${description}\0${query ?? ''}`)
      .digest('hex');
    return {
      fingerprint,
      description: query ? `${description} (${query})` : description,
      location: description,
    };
  }
  const size = statSync(source).size;
  const hash = createHash('sha256').update(`file\0${size}\0`);
  const fd = openSync(source, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(SAMPLE_BYTES, size));
    readSync(fd, buffer, 0, buffer.length, 0);
    hash.update(buffer);
    if (size > SAMPLE_BYTES) {
      const tail = Buffer.alloc(Math.min(SAMPLE_BYTES, size - SAMPLE_BYTES));
      readSync(fd, tail, 0, tail.length, size - tail.length);
      hash.update(tail);
    }
  } finally {
    closeSync(fd);
  }
  return { fingerprint: hash.digest('hex'), description: resolve(source), location: resolve(source) };
}
