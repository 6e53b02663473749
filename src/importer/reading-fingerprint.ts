import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { PlanOptions } from '../plan/types.js';

/**
 * How an import read its source (the format follows from the export itself, which the source
 * fingerprint covers): the options that decide who each user is (identity, external
 * id), which lane they go to and what is sent. A resume that reads the same export another way
 * would plan users the earlier run never saw and leave the ones it created as they were, so the
 * journal keeps this and a later run compares against it.
 */
export interface SourceReading {
  /** The mapping file's name and a digest of its bytes (`unreadable` when it could not be read); null without one. */
  map: { name: string; sha256: string } | null;
  preset: string;
  /** Parameter name → keyed digest of its value: a pepper is a secret, so no value is kept. */
  params: Record<string, string>;
  passwords: boolean;
  strict: boolean;
  trickle: boolean;
  externalId: boolean;
}

/** The options of an import that decide how its source is read. */
export type SourceReadingInput = Pick<
  PlanOptions,
  'map' | 'preset' | 'params' | 'noPasswords' | 'strict' | 'trickle'
> & {
  externalId?: boolean;
};

/** `key` makes parameter digests useless outside this journal (the journal's own random id). */
export function sourceReadingOf(input: SourceReadingInput, key: string): SourceReading {
  const params: Record<string, string> = {};
  for (const name of Object.keys(input.params ?? {}).sort())
    params[name] = createHmac('sha256', key).update(input.params![name]!).digest('hex').slice(0, 16);
  return {
    map: input.map ? mapDigest(input.map) : null,
    preset: input.preset ?? 'none',
    params,
    passwords: input.noPasswords !== true,
    strict: input.strict === true,
    trickle: input.trickle === true,
    externalId: input.externalId !== false,
  };
}

function mapDigest(path: string): { name: string; sha256: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    // Loading the mapping reports the unreadable file properly; here it only must not match.
    return { name: basename(path), sha256: 'unreadable' };
  }
  return { name: basename(path), sha256: createHash('sha256').update(bytes).digest('hex').slice(0, 12) };
}

/** The differences between two readings, each as a phrase for the person resuming. */
export function readingChanges(before: SourceReading, now: SourceReading): string[] {
  const out: string[] = [];
  const flag = (on: boolean, yes: string, no: string): string => (on ? yes : no);
  if (before.map?.name !== now.map?.name) {
    const name = (m: SourceReading['map']): string => (m ? `--map ${m.name}` : 'no --map');
    out.push(`${name(before.map)} then, ${name(now.map)} now`);
  } else if (before.map && before.map.sha256 !== now.map?.sha256) {
    out.push(`the mapping file ${before.map.name} changed since`);
  }
  if (before.preset !== now.preset) out.push(`--preset ${before.preset} then, ${now.preset} now`);
  const names = new Set([...Object.keys(before.params), ...Object.keys(now.params)]);
  for (const p of [...names].sort()) {
    if (before.params[p] === now.params[p]) continue;
    if (!(p in now.params)) out.push(`--param ${p} given then, not now`);
    else if (!(p in before.params)) out.push(`--param ${p} given now, not then`);
    else out.push(`--param ${p} has another value`);
  }
  if (before.passwords !== now.passwords)
    out.push(
      flag(before.passwords, 'passwords imported then, --no-passwords now', '--no-passwords then, not now'),
    );
  if (before.strict !== now.strict)
    out.push(flag(before.strict, '--strict then, not now', '--strict now, not then'));
  if (before.trickle !== now.trickle)
    out.push(flag(before.trickle, '--trickle then, not now', '--trickle now, not then'));
  if (before.externalId !== now.externalId)
    out.push(
      flag(
        before.externalId,
        'external ids sent then, --no-external-id now',
        '--no-external-id then, not now',
      ),
    );
  return out;
}

/** Tolerates a missing or unparseable record (older journals): that reads as "not recorded". */
export function parseSourceReading(text: string | undefined): SourceReading | undefined {
  if (!text) return undefined;
  try {
    const r = JSON.parse(text) as SourceReading;
    return typeof r === 'object' &&
      r !== null &&
      typeof r.map === 'object' &&
      typeof r.params === 'object' &&
      r.params !== null
      ? r
      : undefined;
  } catch {
    return undefined;
  }
}
