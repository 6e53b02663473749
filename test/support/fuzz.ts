/**
 * Generators and invariants shared by the property-based fuzz tests (src/**\/*.fuzz.test.ts) and the
 * long run in bench/fuzz.ts. The generators start from real inputs (the hash vectors, a small valid
 * export) and damage them the ways exports get damaged; the invariant checks return a description of
 * what is wrong with an output, or undefined, so that tests and the bench report the same thing.
 */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { KNOWN_ALGORITHM_NAMES } from '../../src/hashes/algorithm-names.js';
import { SCHEMES } from '../../src/hashes/registry.js';
import {
  HASH_PARAMS,
  REASON_CODES,
  WORKOS_HASH_TYPES,
  type HashClassification,
  type HashInput,
} from '../../src/hashes/types.js';
import { checkWorkosHash } from '../../src/hashes/validate.js';
import type { MappedRecord } from '../../src/model/record-mapper.js';
import type { MigrationUser, Problem } from '../../src/model/user.js';
import { LANES, type PlannedUser } from '../../src/plan/types.js';
import { readCsv } from '../../src/sources/csv.js';
import { readJsonArray } from '../../src/sources/json-array.js';
import { readNdjson } from '../../src/sources/ndjson.js';
import type { SourceErrorCode, SourceItem } from '../../src/sources/types.js';
import { hashInputFor, loadHashVectors } from './hash-vectors.js';

// ---------------------------------------------------------------------------------------------
// Hash inputs

/** Shapes the vectors do not cover, so that every scheme's branches get mutated too. */
const EXTRA_SHAPES = [
  '$pbkdf2$1000$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA',
  '$pbkdf2-sha1$1000$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA',
  '$scrypt$v=1$n=16384,r=8,p=1,kl=32$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g',
  '$firebase-scrypt$r=8,m=14,sk=c2s,ss=Bw$c2FsdA$aGFzaA',
  '$firebase-scrypt$hash=aGFzaA==$salt=c2FsdA==$sk=c2s=$ss=Bw==$r=8$m=14',
  '$fbscrypt$v=1,n=14,r=8,p=1,ss=Bw==,sk=c2s=$c2FsdA==$aGFzaA==',
  '{MD5}X03MO1qnZdYdgyfeuILPmQ==',
  '{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=',
  '{SMD5}X03MO1qnZdYdgyfeuILPmQ==',
  '{CLEARTEXT}password',
  '{PBKDF2}1000$c2FsdA$aGFzaA',
  '{ARGON2}$argon2id$v=19$m=4096,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
  '{bcrypt}$2a$04$KRDcab1E.mfDd0T2irvvFeYKb.EWTOW737s7VA3pAMBbzknI21UsS',
  '{MD5}5f4dcc3b5aa765d61d8327deb882cf99',
  '{scrypt}$e0801$c2FsdA==$aGFzaA==',
  'plain$$password',
  'crypt$$abN0.Jt1.pVfQ',
  'unsalted_md5$5f4dcc3b5aa765d61d8327deb882cf99',
  'bcrypt$$2b$04$4NaSnXUheVGECL.xcAwqHu6rP5Ec1YSkLei5NnLnUud2JWjXCo.6S',
  'pbkdf2_sha1$1000$salt$aGFzaA==',
  'pbkdf2$salt$5e884898da28047151d0e56f8dc62927',
  'sha256$salt$5e884898da28047151d0e56f8dc62927',
  '$1$salt$hash',
  '$5$rounds=5000$salt$hash',
  '$P$BhashhashhashhashhashhashhashO',
  'U$P$Bhashhashhashhashhashhashhash',
  '$y$j9T$salt$hash',
  '$sha1$40000$salt$hash',
  '$2$04$abcdefghijklmnopqrstuvwxyz',
  '!',
  '!abc',
  'c2FsdA==:aGFzaA==',
  'c2FsdA==$aGFzaA==',
];

/** Characters that break parsers: controls, line breaks, separators, non-BMP, lone surrogates, BOM. */
const SPECIAL = [
  '\n',
  '\r',
  '\r\n',
  '\0',
  '\t',
  '\x7f',
  '\x1b',
  '\u2028',
  '\uFEFF',
  '\uFFFD',
  '\uD800',
  '\uDFFF',
  'é',
  '🔑',
  '$',
  '$$',
  '{',
  '}',
  ',',
  '=',
  '==',
  ':',
  '"',
  "'",
  '\\',
  ' ',
  '.',
  '/',
  '+',
  '-',
  '_',
  '@',
];

/** Numbers a parameter slot should not trust: zero, negatives, 2^32, beyond 2^53, beyond a double. */
const NUMBERS = [
  '0',
  '00',
  '-1',
  '1',
  '2',
  '3',
  '7',
  '31',
  '32',
  '4294967295',
  '4294967296',
  '9007199254740993',
  '9'.repeat(40),
  '9'.repeat(400),
  '1e309',
  'NaN',
  'Infinity',
  '0x10',
  '1.5',
];

const PARAM_WORDS = [
  'hex',
  'base64',
  'utf8',
  'utf-8',
  'docs',
  'workos-tool',
  'true',
  'false',
  'password-salt',
  'salt-password',
  'SHA-256',
  'SHA-512',
  'sha1',
  '',
  ' ',
];

type Mutation =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'replace'; at: number; text: string }
  | { op: 'truncate'; at: number }
  | { op: 'duplicateSegment'; index: number }
  | { op: 'dropSegment'; index: number }
  | { op: 'number'; index: number; text: string }
  | { op: 'splice'; at: number; other: string };

const fragment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 2, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 8 }) },
);

function mutationArb(others: readonly string[]): fc.Arbitrary<Mutation> {
  const at = fc.nat({ max: 512 });
  return fc.oneof(
    fc.record({ op: fc.constant('insert' as const), at, text: fragment }),
    fc.record({ op: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 8 }) }),
    fc.record({ op: fc.constant('replace' as const), at, text: fragment }),
    fc.record({ op: fc.constant('truncate' as const), at }),
    fc.record({ op: fc.constant('duplicateSegment' as const), index: fc.nat({ max: 8 }) }),
    fc.record({ op: fc.constant('dropSegment' as const), index: fc.nat({ max: 8 }) }),
    fc.record({
      op: fc.constant('number' as const),
      index: fc.nat({ max: 8 }),
      text: fc.constantFrom(...NUMBERS),
    }),
    fc.record({ op: fc.constant('splice' as const), at, other: fc.constantFrom(...others) }),
  );
}

/** Applies one mutation; positions wrap around the string's length so every mutation applies. */
export function mutate(s: string, m: Mutation): string {
  switch (m.op) {
    case 'insert': {
      const i = m.at % (s.length + 1);
      return s.slice(0, i) + m.text + s.slice(i);
    }
    case 'delete': {
      const i = m.at % (s.length + 1);
      return s.slice(0, i) + s.slice(i + m.length);
    }
    case 'replace': {
      const i = m.at % (s.length + 1);
      return s.slice(0, i) + m.text + s.slice(i + m.text.length);
    }
    case 'truncate':
      return s.slice(0, m.at % (s.length + 1));
    case 'duplicateSegment':
    case 'dropSegment': {
      const parts = s.split('$');
      const i = m.index % parts.length;
      if (m.op === 'duplicateSegment') parts.splice(i, 0, parts[i]!);
      else parts.splice(i, 1);
      return parts.join('$');
    }
    case 'number': {
      const runs = [...s.matchAll(/\d+/g)];
      if (runs.length === 0) return s + m.text;
      const run = runs[m.index % runs.length]!;
      return s.slice(0, run.index) + m.text + s.slice(run.index + run[0].length);
    }
    case 'splice': {
      // The prefix of one format on the body of another: `$pbkdf2-sha256$` + a bcrypt tail.
      const i = m.at % (s.length + 1);
      const j = m.at % (m.other.length + 1);
      return s.slice(0, i) + m.other.slice(j);
    }
  }
}

const vectorInputs = loadHashVectors().map((v) => ({ input: hashInputFor(v), workos: v.workos_hash }));

/** Every hash string the generators start from: vector sources, their WorkOS forms, extra shapes. */
export const SEED_HASHES: readonly string[] = [
  ...new Set([
    ...vectorInputs.map((v) => v.input.hash),
    ...vectorInputs.flatMap((v) => (v.workos ? [v.workos] : [])),
    ...EXTRA_SHAPES,
  ]),
];

const SCHEME_IDS = SCHEMES.map((s) => s.id);

/** Declared algorithms: none, every known name (also re-spelled), scheme ids, and junk. */
export const algorithmArb: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 4, arbitrary: fc.constantFrom(...KNOWN_ALGORITHM_NAMES, ...SCHEME_IDS) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...KNOWN_ALGORITHM_NAMES),
        fc.constantFrom('', '-', '_', ' ', '\n'),
        fc.boolean(),
      )
      .map(([n, sep, upper]) => {
        const spelled = n.length > 3 ? `${n.slice(0, 3)}${sep}${n.slice(3)}` : `${sep}${n}`;
        return upper ? spelled.toUpperCase() : spelled;
      }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty', '', ' ', '\0'),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

const paramValueArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NUMBERS),
  fc.constantFrom(...PARAM_WORDS),
  fc.base64String({ maxLength: 48 }),
  fc.stringMatching(/^[0-9a-f]{0,40}$/),
  fc.string({ unit: 'binary', maxLength: 16 }),
);

const PARAM_KEYS = [...Object.keys(HASH_PARAMS), '__proto__', 'constructor', 'toString'];

/** Random per-user/project parameters, from the registry's own keys plus prototype names. */
export const paramsArb: fc.Arbitrary<Record<string, string>> = fc
  .array(fc.tuple(fc.constantFrom(...PARAM_KEYS), paramValueArb), { maxLength: 5 })
  .map((entries) => {
    // defineProperty: a key named __proto__ must be an own key, as JSON.parse makes it.
    const out: Record<string, string> = {};
    for (const [k, v] of entries)
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  });

/** A vector's hash (with its own parameters) or an extra shape, damaged 0–4 times. */
export const hashInputArb: fc.Arbitrary<HashInput> = fc
  .tuple(
    fc.nat({ max: SEED_HASHES.length + vectorInputs.length - 1 }),
    fc.array(mutationArb(SEED_HASHES), { maxLength: 4 }),
    algorithmArb,
    fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: paramsArb }),
    fc.boolean(),
  )
  .map(([pick, mutations, algorithm, extra, keepOwnParams]) => {
    const base =
      pick < vectorInputs.length
        ? vectorInputs[pick]!.input
        : { hash: SEED_HASHES[pick - vectorInputs.length]!, params: {} };
    const hash = mutations.reduce(mutate, base.hash);
    const params = { ...(keepOwnParams ? base.params : {}), ...extra };
    const input: HashInput = { hash, params };
    if (algorithm !== undefined) input.algorithm = algorithm;
    return input;
  });

/** Entirely random text as a hash, and random declared names: what a shifted CSV column gives. */
export const junkHashInputArb: fc.Arbitrary<HashInput> = fc.record(
  { hash: fc.string({ unit: 'binary', maxLength: 80 }), algorithm: algorithmArb, params: paramsArb },
  { requiredKeys: ['hash'] },
);

export const anyHashInputArb = fc.oneof(
  { weight: 9, arbitrary: hashInputArb },
  { weight: 1, arbitrary: junkHashInputArb },
);

/** What is wrong with a classification of `input`, or undefined when it is well-formed. */
export function classificationProblem(c: HashClassification, input: HashInput): string | undefined {
  if (typeof c !== 'object' || c === null) return 'not an object';
  if (!Array.isArray(c.notes) || c.notes.some((n) => typeof n !== 'string')) return 'notes is not a string[]';
  // The hash is a secret: nothing a person reads may quote it (short strings can match by chance).
  const secret = input.hash.trim();
  const leaks = (text: string) => secret.length >= 16 && text.includes(secret);
  if (c.notes.some(leaks)) return 'a note quotes the hash';
  if (c.importable) {
    if (!(WORKOS_HASH_TYPES as readonly string[]).includes(c.type))
      return `unknown WorkOS type ${String(c.type)}`;
    if (typeof c.workosHash !== 'string' || c.workosHash === '') return 'importable without a hash';
    if (typeof c.sourceFormat !== 'string' || c.sourceFormat === '')
      return 'importable without a source format';
    // Importable means WorkOS takes it: the emulator's own check must agree.
    const check = checkWorkosHash(c.workosHash, c.type);
    if (!check.ok)
      return `importable as ${c.type} but WorkOS would refuse it (${check.reason}: ${check.detail})`;
    return undefined;
  }
  if (!(REASON_CODES as readonly string[]).includes(c.reason))
    return `reason ${String(c.reason)} is not in the closed set`;
  if (typeof c.detail !== 'string' || c.detail === '') return 'not importable without a detail';
  if (leaks(c.detail)) return 'the detail quotes the hash';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Source readers

const VALID_USERS = [
  { email: 'ann@example.com', firstName: 'Ann', passwordHash: SEED_HASHES[0], localId: '1' },
  { email: 'bo@example.com', emailVerified: true, metadata: { plan: 'pro' }, localId: 2 },
  { email: 'cy@example.com', oauthProvider: 'google', lastName: 'Ç"y' },
];

export const VALID_EXPORTS = {
  json: JSON.stringify(VALID_USERS, null, 1),
  ndjson: `${VALID_USERS.map((u) => JSON.stringify(u)).join('\n')}\n`,
  csv:
    'email,first_name,password_hash,metadata\n' +
    'ann@example.com,Ann,"$2b$04$x,y",\n' +
    'bo@example.com,"B ""o""",,"{""plan"":""pro""}"\n' +
    '"cy@\nexample.com",Cy,,\n',
};
export type ReaderFormat = keyof typeof VALID_EXPORTS;

/** Bytes that matter to the readers' state machines: structure, escapes, line ends, bad UTF-8, BOM. */
const SPECIAL_BYTES = [
  '[',
  ']',
  '{',
  '}',
  '"',
  '\\',
  ',',
  ':',
  '\n',
  '\r',
  '\r\n',
  '\0',
  '\uFEFF',
  '""',
  '\\"',
  'null',
  '1e999',
  '-',
  '"__proto__":{"email":"x@y.z"},',
].map((t) => Buffer.from(t));

type ByteMutation =
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; length: number }
  | { op: 'truncate'; at: number }
  | { op: 'duplicate'; at: number; length: number };

const byteMutationArb: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat({ max: 1024 }),
    bytes: fc.oneof(
      fc.constantFrom(...SPECIAL_BYTES),
      fc.uint8Array({ minLength: 1, maxLength: 4 }),
      fc.constantFrom(
        Buffer.from([0xff]),
        Buffer.from([0xc3]),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from([0xe2, 0x82]),
      ),
    ),
  }),
  fc.record({
    op: fc.constant('delete' as const),
    at: fc.nat({ max: 1024 }),
    length: fc.integer({ min: 1, max: 16 }),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat({ max: 1024 }) }),
  fc.record({
    op: fc.constant('duplicate' as const),
    at: fc.nat({ max: 1024 }),
    length: fc.integer({ min: 1, max: 64 }),
  }),
);

function mutateBytes(b: Buffer, m: ByteMutation): Buffer {
  const i = m.at % (b.length + 1);
  switch (m.op) {
    case 'insert':
      return Buffer.concat([b.subarray(0, i), m.bytes, b.subarray(i)]);
    case 'delete':
      return Buffer.concat([b.subarray(0, i), b.subarray(i + m.length)]);
    case 'truncate':
      return b.subarray(0, i);
    case 'duplicate':
      return Buffer.concat([b.subarray(0, i + m.length), b.subarray(i)]);
  }
}

/** Cuts bytes into chunks at the given sizes (cycled): boundaries inside strings, escapes, UTF-8. */
export function chunked(bytes: Buffer, sizes: readonly number[]): Buffer[] {
  if (sizes.length === 0 || bytes.length === 0) return bytes.length ? [bytes] : [];
  const out: Buffer[] = [];
  for (let at = 0, k = 0; at < bytes.length; k += 1) {
    const size = sizes[k % sizes.length]!;
    out.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

export interface ReaderInput {
  format: ReaderFormat;
  chunks: Buffer[];
}

/** A valid export of `format` damaged 0–6 times, or random bytes, cut into random chunks. */
export function readerInputArb(format: ReaderFormat): fc.Arbitrary<ReaderInput> {
  const base = Buffer.from(VALID_EXPORTS[format]);
  const bytes = fc.oneof(
    {
      weight: 5,
      arbitrary: fc.array(byteMutationArb, { maxLength: 6 }).map((ms) => ms.reduce(mutateBytes, base)),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 256 }).map((u) => Buffer.from(u)) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 128 }).map((s) => Buffer.from(s)) },
  );
  const sizes = fc.oneof(
    fc.constant([] as number[]),
    fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 4 }),
  );
  return fc.tuple(bytes, sizes).map(([b, s]) => ({ format, chunks: chunked(b, s) }));
}

/** The JSON array written one object per line, as large exports usually are, damaged and chunked alike. */
export function jsonLinesInputArb(): fc.Arbitrary<ReaderInput> {
  const base = Buffer.from(`[\n${VALID_USERS.map((u) => JSON.stringify(u)).join(',\n')}\n]\n`);
  const bytes = fc.array(byteMutationArb, { maxLength: 4 }).map((ms) => ms.reduce(mutateBytes, base));
  const sizes = fc.oneof(
    fc.constant([] as number[]),
    fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 4 }),
  );
  return fc.tuple(bytes, sizes).map(([b, s]) => ({ format: 'json' as const, chunks: chunked(b, s) }));
}

/** Everything a reader yields for the input (JSON with `filePath` also locates truncation in the file). */
export async function readAll({ format, chunks }: ReaderInput, filePath?: string): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  const source =
    format === 'json'
      ? readJsonArray(Readable.from(chunks), filePath)
      : format === 'ndjson'
        ? readNdjson(Readable.from(chunks))
        : readCsv(Readable.from(chunks));
  for await (const item of source) items.push(item);
  return items;
}

export const anyReaderInputArb: fc.Arbitrary<ReaderInput> = fc.oneof(
  readerInputArb('json'),
  readerInputArb('ndjson'),
  readerInputArb('csv'),
);

const ERROR_CODES: readonly SourceErrorCode[] = [
  'invalid_json',
  'truncated_json',
  'not_an_object',
  'not_an_array',
  'csv_quoting',
  'csv_column_count',
  'csv_error',
  'empty_source',
];
const LOCATION = /^(line|byte|element|row) \d+/;

/** What is wrong with a reader's output, or undefined: records are objects, errors are located. */
export function sourceItemsProblem(items: readonly SourceItem[]): string | undefined {
  let lastRecordRow = 0;
  for (const item of items) {
    if (typeof item.row !== 'number' || !Number.isInteger(item.row) || item.row < 0)
      return `bad row ${String(item.row)}`;
    if (typeof item.location !== 'string' || !LOCATION.test(item.location))
      return `unlocated item: ${String(item.location)}`;
    if ('code' in item) {
      if (!ERROR_CODES.includes(item.code)) return `unknown error code ${String(item.code)}`;
      if (typeof item.message !== 'string' || item.message === '') return 'error without a message';
      continue;
    }
    const v = item.value as unknown;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return `record ${item.row} is not an object`;
    if (item.row <= lastRecordRow) return `record rows out of order: ${item.row} after ${lastRecordRow}`;
    lastRecordRow = item.row;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Mapper and planner

const FIELD_KEYS = [
  'email',
  'email_address',
  'firstName',
  'last_name',
  'emailVerified',
  'email_verified',
  'id',
  'localId',
  'externalId',
  'workos_user_id',
  'passwordHash',
  'password_hash',
  'passwordAlgorithm',
  'hash_algorithm',
  'oauthProvider',
  'provider',
  'metadata',
  'salt',
  'passwordSalt',
  '__proto__',
  'constructor',
];

const SCALARS = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'a@b.co',
    ' A@B.CO ',
    'x@y',
    '@',
    'true',
    'no',
    '1',
    '{}',
    '{"a":1}',
    '[1]',
    'google',
    'constructor',
    '__proto__',
  ),
  fc.constantFrom(...SEED_HASHES.slice(0, 20)),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

/** Any JSON value, weighted towards the keys the mapper reads holding values of the wrong type. */
export const recordArb: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.array(
      fc.tuple(
        fc.constantFrom(...FIELD_KEYS),
        fc.oneof({ weight: 3, arbitrary: SCALARS }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) }),
      ),
      { maxLength: 8 },
    ),
    fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  )
  .map(([known, other]) => {
    // Through JSON text, as a reader produces it: `__proto__` becomes an own key.
    const out: Record<string, unknown> = JSON.parse(JSON.stringify(other)) as Record<string, unknown>;
    for (const [k, v] of known)
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  });

function problemsProblem(problems: readonly Problem[], row: number): string | undefined {
  for (const p of problems) {
    if (p.row !== row) return `problem ${p.code} has row ${p.row}, expected ${row}`;
    if (typeof p.field !== 'string' || p.field === '') return `problem ${p.code} names no field`;
    if (typeof p.code !== 'string' || p.code === '') return 'problem without a code';
    if (typeof p.message !== 'string' || p.message === '') return `problem ${p.code} without a message`;
    if (p.severity !== 'blocking' && p.severity !== 'warning')
      return `problem ${p.code} has severity ${String(p.severity)}`;
  }
  return undefined;
}

const TEXT_FIELDS = [
  'email',
  'firstName',
  'lastName',
  'localId',
  'externalId',
  'workosUserId',
  'passwordHash',
  'passwordAlgorithm',
  'oauthProvider',
] as const;

function userProblem(user: MigrationUser, row: number): string | undefined {
  if (user.row !== row) return `user row ${user.row}, expected ${row}`;
  for (const f of TEXT_FIELDS) {
    const v = user[f];
    if (f === 'email' ? typeof v !== 'string' : v !== undefined && typeof v !== 'string')
      return `user.${f} is a ${typeof v}`;
  }
  if (user.emailVerified !== undefined && typeof user.emailVerified !== 'boolean')
    return 'user.emailVerified is not boolean';
  for (const table of [user.metadata, user.hashParams]) {
    if (table === undefined) continue;
    if (typeof table !== 'object' || table === null) return 'metadata/hashParams is not an object';
    if (Object.values(table).some((v) => typeof v !== 'string'))
      return 'metadata/hashParams holds a non-string';
  }
  return undefined;
}

/** What is wrong with a mapped record, or undefined: a well-typed user and located problems. */
export function mappedProblem(m: MappedRecord, row: number): string | undefined {
  return userProblem(m.user, row) ?? problemsProblem(m.problems, row);
}

/** What is wrong with a planned user, or undefined: a lane, located problems, a well-formed hash. */
export function plannedProblem(p: PlannedUser, row: number): string | undefined {
  if (!(LANES as readonly string[]).includes(p.lane)) return `unknown lane ${String(p.lane)}`;
  const bad = userProblem(p.user, row) ?? problemsProblem(p.problems, row);
  if (bad) return bad;
  const blocking = p.problems.some((x) => x.severity === 'blocking');
  if (blocking !== (p.lane === 'blocked'))
    return `lane ${p.lane} with${blocking ? '' : 'out'} blocking problems`;
  // Other columns may be quoted (a local id in a duplicate message): only when none holds the hash too.
  const secret = p.user.passwordHash?.trim() ?? '';
  const elsewhere = TEXT_FIELDS.some((f) => f !== 'passwordHash' && (p.user[f] ?? '').includes(secret));
  if (secret.length >= 16 && !elsewhere && p.problems.some((x) => x.message.includes(secret)))
    return 'a problem message quotes the password hash';
  if (p.hash && p.user.passwordHash !== undefined) {
    const why = classificationProblem(p.hash, { hash: p.user.passwordHash });
    if (why) return `hash: ${why}`;
  }
  return undefined;
}
