/** Typed coercion of raw record values. Each returns a value or a reason a person can act on. */
export type Coerced<T> = { ok: true; value: T | undefined } | { ok: false; reason: string };

const TRUE = new Set(['true', '1', 'yes', 'y', 't', 'on']);
const FALSE = new Set(['false', '0', 'no', 'n', 'f', 'off']);

function absent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  // JSON.stringify throws on a bigint (a library caller's or a database driver's value).
  if (typeof value === 'bigint') return `bigint ${value}`;
  // A long text in a typed column is usually a shifted column, often the hash: described, not quoted.
  if (typeof value === 'string' && value.length > 40) return `text of ${value.length} characters`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Text fields (email, names, hash…). Numbers are accepted only where `allowNumber` (ids). */
export function coerceText(value: unknown, allowNumber = false): Coerced<string> {
  if (absent(value)) return { ok: true, value: undefined };
  if (typeof value === 'string') return { ok: true, value };
  if (allowNumber && (typeof value === 'number' || typeof value === 'bigint'))
    return { ok: true, value: String(value) };
  return { ok: false, reason: `expected text, found ${describe(value)}` };
}

/** `"true"/"1"/"yes"` → true, `"false"/"0"/"no"` → false; anything else is an error, never a guess. */
export function coerceBoolean(value: unknown): Coerced<boolean> {
  if (absent(value)) return { ok: true, value: undefined };
  if (typeof value === 'boolean') return { ok: true, value };
  if (value === 1 || value === 0) return { ok: true, value: value === 1 };
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (TRUE.has(v)) return { ok: true, value: true };
    if (FALSE.has(v)) return { ok: true, value: false };
  }
  return { ok: false, reason: `expected true/false (or 1/0, yes/no), found ${describe(value)}` };
}

/** Metadata: an object (or its JSON text, as CSV and SQL carry it) of scalar values, stored as strings. */
export function coerceMetadata(value: unknown): Coerced<Record<string, string>> {
  if (absent(value)) return { ok: true, value: undefined };
  let obj = value;
  if (typeof value === 'string') {
    try {
      obj = JSON.parse(value);
    } catch {
      return { ok: false, reason: 'expected a JSON object of key: value, found text that is not JSON' };
    }
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    return { ok: false, reason: `expected an object of key: value, found ${describe(obj)}` };
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'object')
      return { ok: false, reason: `metadata.${k} is ${describe(v)}; WorkOS stores only text` };
    out[k] = String(v);
  }
  return { ok: true, value: out };
}

/**
 * A user's organizations: a list of objects (or its JSON text, as CSV and SQL carry it). The
 * entries themselves are checked by the organizations planner, which can name the broken one.
 */
export function coerceObjectList(value: unknown): Coerced<ReadonlyArray<Record<string, unknown>>> {
  if (absent(value)) return { ok: true, value: undefined };
  let list = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch {
      return { ok: false, reason: 'expected a JSON list of organizations, found text that is not JSON' };
    }
  }
  if (!Array.isArray(list))
    return { ok: false, reason: `expected a list of organizations, found ${describe(list)}` };
  return { ok: true, value: list as Array<Record<string, unknown>> };
}
