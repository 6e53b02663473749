/**
 * Writes the bundled sample export the demo and the README use:
 * - samples/users.json: ~300 users in the seed format, mixing every importable source format with
 *   non-importable hashes, OAuth-only users, users without a password and a few data problems;
 * - samples/test-credentials.csv: email,password for 24 importable users (every source format) and
 *   2 whose hash cannot be imported, for `assess --credentials` and the demo's logins;
 * - samples/map.yaml: the Firebase project's hash_config and the Devise pepper column.
 *
 * Hashes come from independent implementations (node:crypto, bcryptjs, hash-wasm), never from our
 * converters, so the sample can catch a converter bug instead of agreeing with it. KDF costs are the
 * lowest each format allows, so demo logins are fast. A seeded PRNG makes salts, names and
 * passwords, so re-running the script rewrites identical files. At the end every sample hash is
 * read back exactly as `assess --map samples/map.yaml` reads it, classified by the registry, and
 * every importable one is verified against its password: the script fails loudly otherwise.
 *
 * Run: npx tsx scripts/make-sample.ts
 */
import { createCipheriv, createHash, pbkdf2Sync, scryptSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import bcryptjs from 'bcryptjs';
import { argon2id } from 'hash-wasm';
import { classifyHash, verifyPassword } from '../src/hashes/index.js';
import { parseMapping } from '../src/model/field-mapping.js';
import { createRecordMapper } from '../src/model/record-mapper.js';
import { seededRandom } from '../test/support/seeded-random.js';

const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'samples');

const random = seededRandom(20240611);
const int = (n: number): number => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => int(256)));
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const text = (n: number): string => Array.from({ length: n }, () => pick([...ALNUM])).join('');

/** passlib's adapted base64: no padding, '.' for '+'. */
const ab64 = (b: Buffer): string => b.toString('base64').replace(/=+$/, '').replace(/\+/g, '.');
const b64NoPad = (b: Buffer): string => b.toString('base64').replace(/=+$/, '');

// The Firebase project's hash_config: Firebase's default rounds 8 and mem_cost 14.
const FIREBASE = {
  signerKey: bytes(64).toString('base64'),
  saltSeparator: 'Bw==',
  rounds: 8,
  memCost: 14,
};

/** Fields a generator adds to the record; `salt` and `devisePepper` are read as hash params. */
interface HashFields {
  passwordHash: string;
  passwordAlgorithm?: string;
  salt?: string;
  devisePepper?: string;
}

interface Format {
  id: string;
  /** The registry's sourceFormat for importable formats; the reason code otherwise. */
  expect: { importable: true; sourceFormat: string } | { importable: false; reason: string };
  count: number;
  /** How many of them go into test-credentials.csv. */
  credentials: number;
  make(password: string): Promise<HashFields> | HashFields;
}

function bcryptHash(password: string, prefix: '2a' | '2b' | '2x' | '2y', cost = 5): string {
  const salt = `$2b$0${cost}$${bcryptjs.encodeBase64(bytes(16), 16)}`;
  // $2a$/$2x$/$2y$ differ from $2b$ only in the label for ASCII passwords under 72 bytes.
  return `$${prefix}$${bcryptjs.hashSync(password, salt).slice(4)}`;
}

function djangoPbkdf2(password: string, iterations: number): string {
  const salt = text(22);
  const key = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  return `pbkdf2_sha256$${iterations}$${salt}$${key.toString('base64')}`;
}

async function argon2Phc(password: string, iterations: number): Promise<string> {
  return argon2id({
    password,
    salt: bytes(16),
    iterations,
    parallelism: 1,
    memorySize: 4096,
    hashLength: 32,
    outputType: 'encoded',
  });
}

function aspnetV3(password: string): string {
  const iterations = 210_000;
  const salt = bytes(16);
  const header = Buffer.alloc(13);
  header[0] = 0x01;
  header.writeUInt32BE(2, 1); // PRF: HMAC-SHA512
  header.writeUInt32BE(iterations, 5);
  header.writeUInt32BE(salt.length, 9);
  const subkey = pbkdf2Sync(password, salt, iterations, 32, 'sha512');
  return Buffer.concat([header, salt, subkey]).toString('base64');
}

/** Firebase's modified scrypt: scrypt(password, salt ‖ separator) keys AES-256-CTR over the signer key. */
function firebaseScrypt(password: string): HashFields {
  const salt = bytes(12);
  const key = scryptSync(password, Buffer.concat([salt, Buffer.from(FIREBASE.saltSeparator, 'base64')]), 32, {
    N: 2 ** FIREBASE.memCost,
    r: FIREBASE.rounds,
    p: 1,
  });
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  const hash = Buffer.concat([cipher.update(Buffer.from(FIREBASE.signerKey, 'base64')), cipher.final()]);
  return {
    passwordHash: hash.toString('base64'),
    passwordAlgorithm: 'firebase-scrypt',
    salt: salt.toString('base64'),
  };
}

const ok = (sourceFormat: string) => ({ importable: true as const, sourceFormat });
const no = (reason: string) => ({ importable: false as const, reason });

const FORMATS: Format[] = [
  {
    id: 'bcrypt-2b',
    expect: ok('bcrypt ($2b$)'),
    count: 70,
    credentials: 3,
    make: (pw) => ({ passwordHash: bcryptHash(pw, '2b'), passwordAlgorithm: 'bcrypt' }),
  },
  {
    id: 'bcrypt-2y',
    expect: ok('bcrypt ($2y$)'),
    count: 30,
    credentials: 2,
    make: (pw) => ({ passwordHash: bcryptHash(pw, '2y', 4), passwordAlgorithm: 'bcrypt' }),
  },
  {
    id: 'django-pbkdf2-600k',
    expect: ok('Django pbkdf2_sha256'),
    count: 3,
    credentials: 2,
    make: (pw) => ({ passwordHash: djangoPbkdf2(pw, 600_000) }),
  },
  {
    id: 'django-argon2',
    expect: ok('Django argon2 (argon2id)'),
    count: 15,
    credentials: 2,
    make: async (pw) => ({ passwordHash: `argon2${await argon2Phc(pw, 2)}` }),
  },
  {
    id: 'werkzeug-scrypt',
    expect: ok('Werkzeug scrypt'),
    count: 15,
    credentials: 2,
    make: (pw) => {
      const salt = text(16);
      const key = scryptSync(pw, salt, 64, { N: 2 ** 14, r: 8, p: 1 });
      return { passwordHash: `scrypt:16384:8:1$${salt}$${key.toString('hex')}` };
    },
  },
  {
    id: 'passlib-pbkdf2-sha512',
    expect: ok('passlib $pbkdf2-sha512$'),
    count: 4,
    credentials: 2,
    make: (pw) => {
      const salt = bytes(16);
      const key = pbkdf2Sync(pw, salt, 210_000, 64, 'sha512');
      return { passwordHash: `$pbkdf2-sha512$210000$${ab64(salt)}$${ab64(key)}` };
    },
  },
  {
    id: 'passlib-scrypt',
    expect: ok('passlib $scrypt$ln='),
    count: 10,
    credentials: 2,
    make: (pw) => {
      const salt = bytes(16);
      const key = scryptSync(pw, salt, 32, { N: 2 ** 14, r: 8, p: 1 });
      return { passwordHash: `$scrypt$ln=14,r=8,p=1$${b64NoPad(salt)}$${b64NoPad(key)}` };
    },
  },
  {
    id: 'aspnet-v3-sha512',
    expect: ok('ASP.NET Core Identity v3'),
    count: 4,
    credentials: 2,
    // Declared because a Firebase signer key in the mapping makes any bare base64 look like Firebase.
    make: (pw) => ({ passwordHash: aspnetV3(pw), passwordAlgorithm: 'aspnet-identity' }),
  },
  {
    id: 'ldap-ssha',
    expect: ok('LDAP {SSHA}'),
    count: 15,
    credentials: 2,
    make: (pw) => {
      const salt = bytes(8);
      const digest = createHash('sha1').update(pw).update(salt).digest();
      return {
        passwordHash: `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`,
        passwordAlgorithm: 'ssha',
      };
    },
  },
  {
    id: 'firebase-scrypt',
    expect: ok('Firebase Auth export'),
    count: 25,
    credentials: 3,
    make: firebaseScrypt,
  },
  {
    id: 'argon2id',
    expect: ok('argon2 PHC (argon2id)'),
    count: 20,
    credentials: 2,
    make: async (pw) => ({ passwordHash: await argon2Phc(pw, 1 + int(3)), passwordAlgorithm: 'argon2' }),
  },
  {
    id: 'django-pbkdf2-260k',
    expect: no('parameters_out_of_range'),
    count: 5,
    credentials: 1,
    make: (pw) => ({ passwordHash: djangoPbkdf2(pw, 260_000) }),
  },
  {
    id: 'md5-unsalted',
    expect: no('unsalted_digest'),
    count: 8,
    credentials: 1,
    // Declared, as legacy exports do: a bare 32-hex string would otherwise pass for Firebase base64.
    make: (pw) => ({ passwordHash: createHash('md5').update(pw).digest('hex'), passwordAlgorithm: 'md5' }),
  },
  {
    id: 'bcrypt-2x',
    expect: no('legacy_buggy_variant'),
    count: 3,
    credentials: 0,
    make: (pw) => ({ passwordHash: bcryptHash(pw, '2x') }),
  },
  {
    id: 'devise-peppered',
    expect: no('peppered'),
    count: 4,
    credentials: 0,
    make: (pw) => ({
      passwordHash: bcryptHash(`${pw}${text(32)}`, '2a'),
      passwordAlgorithm: 'bcrypt',
      devisePepper: 'yes',
    }),
  },
];

const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Margaret',
  'Linus',
  'Barbara',
  'Dennis',
  'Frances',
  'Ken',
  'Radia',
  'Edsger',
  'Hedy',
  'Tim',
  'Katherine',
  'Donald',
  'Mary',
  'John',
  'Sophie',
  'Niklaus',
  'Lynn',
  'José',
  'Zoë',
  'Łukasz',
  'Søren',
  'Chloé',
  'Björn',
  'Inés',
  'Mikołaj',
  'Aoife',
  'Thảo',
  'Priya',
  'Kwame',
  'Amara',
  'Yuki',
  'Mateo',
  'Noor',
  'Emeka',
  'Ingrid',
  'Rafael',
  'Leila',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Hamilton',
  'Torvalds',
  'Liskov',
  'Ritchie',
  'Allen',
  'Thompson',
  'Perlman',
  'Dijkstra',
  'Lamarr',
  'Berners-Lee',
  'Johnson',
  'Knuth',
  'Keller',
  'McCarthy',
  'Wilson',
  'Wirth',
  'Conway',
  'García',
  'Müller',
  'Kowalski',
  'Nørgaard',
  'Dubois',
  'Lindström',
  'Peña',
  'Nowak',
  "O'Brien",
  'Nguyễn',
  'Sharma',
  'Mensah',
  'Okafor',
  'Tanaka',
  'Rossi',
  'Haddad',
  'Eze',
  'Larsen',
  'Souza',
  'Karimi',
];
const DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example.com'];
const WORDS = [
  'amber',
  'basalt',
  'cobalt',
  'delta',
  'ember',
  'fjord',
  'garnet',
  'harbor',
  'indigo',
  'juniper',
  'kestrel',
  'lagoon',
  'meadow',
  'nectar',
  'orchid',
  'pepper',
  'quartz',
  'raven',
  'saffron',
  'tundra',
];

const slug = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[łŁ]/g, 'l')
    .replace(/[øØ]/g, 'o')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

const usedEmails = new Set<string>();
function person(): { email: string; firstName: string; lastName: string } {
  const firstName = pick(FIRST);
  const lastName = pick(LAST);
  const base = `${slug(firstName)}.${slug(lastName)}`;
  const domain = pick(DOMAINS);
  let email = `${base}@${domain}`;
  for (let n = 2; usedEmails.has(email); n++) email = `${base}${n}@${domain}`;
  usedEmails.add(email);
  return { email, firstName, lastName };
}

function password(i: number): string {
  // One in five carries non-ASCII, so UTF-8 handling is part of every demo login check.
  const tail = i % 5 === 0 ? 'grüße' : String(10 + int(90));
  return `${pick(WORDS)}-${pick(WORDS)}-${tail}`;
}

interface SampleRecord {
  email: string;
  firstName?: string;
  lastName?: string;
  emailVerified: boolean;
  passwordHash?: string;
  passwordAlgorithm?: string;
  oauthProvider?: string;
  localId?: string;
  salt?: string;
  devisePepper?: string;
}

interface Entry {
  record: SampleRecord;
  format?: Format;
  password?: string;
  credential: boolean;
}

async function build(): Promise<Entry[]> {
  const entries: Entry[] = [];
  let n = 0;
  for (const format of FORMATS) {
    for (let i = 0; i < format.count; i++) {
      const pw = password(n++);
      const fields = await format.make(pw);
      entries.push({
        record: { ...person(), emailVerified: random() < 0.85, ...fields },
        format,
        password: pw,
        credential: i < format.credentials,
      });
    }
  }
  const oauth: Array<[string, number]> = [
    ['GoogleOAuth', 15],
    ['MicrosoftOAuth', 10],
    ['GitHubOAuth', 8],
  ];
  for (const [provider, count] of oauth) {
    for (let i = 0; i < count; i++) {
      entries.push({
        record: { ...person(), emailVerified: true, oauthProvider: provider },
        credential: false,
      });
    }
  }
  for (let i = 0; i < 30; i++)
    entries.push({ record: { ...person(), emailVerified: random() < 0.5 }, credential: false });

  // Data problems assess must find: none of these users is in test-credentials.csv.
  entries.push({
    record: {
      email: 'grace.hopper@@example.com',
      firstName: 'Grace',
      lastName: 'Hopper',
      emailVerified: true,
    },
    credential: false,
  });
  entries.push({
    record: {
      email: 'Dana.Whitfield@example.com',
      firstName: 'Dana',
      lastName: 'Whitfield',
      emailVerified: true,
    },
    credential: false,
  });
  entries.push({
    record: {
      email: 'dana.whitfield@example.com',
      firstName: 'Dana',
      lastName: 'Whitfield',
      emailVerified: false,
      oauthProvider: 'GoogleOAuth',
    },
    credential: false,
  });
  entries.push({
    record: { email: 'zoe.bell@example.org', firstName: 'Zoë\u0007', lastName: 'Bell', emailVerified: true },
    credential: false,
  });

  // Fisher–Yates with the seeded PRNG: formats interleave the way a real export's do.
  for (let i = entries.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  entries.forEach((e, i) => {
    e.record.localId = `usr_${String(i + 1).padStart(4, '0')}`;
  });
  return entries;
}

const MAP_YAML = `# Mapping for samples/users.json (workos-migrator assess/import --map samples/map.yaml).
# The Firebase project's hash_config (Firebase console → Authentication → Users → ⋮ → Password hash
# parameters) applies to the users exported from Firebase; their per-user salt is the \`salt\` column.
hashParams:
  firebaseSignerKey: ${FIREBASE.signerKey}
  firebaseSaltSeparator: ${FIREBASE.saltSeparator}
  firebaseRounds: ${FIREBASE.rounds}
  firebaseMemCost: ${FIREBASE.memCost}
# Users from the Rails app had Devise's config.pepper mixed into their bcrypt hash.
hashParamFields:
  pepper: devisePepper
`;

/** Reads every record back the way assess does and proves each hash is what the sample claims. */
async function check(entries: Entry[]): Promise<void> {
  const mapper = createRecordMapper(parseMapping(MAP_YAML, 'samples/map.yaml'));
  const failures: string[] = [];
  let verified = 0;
  for (const [i, { record, format, password: pw }] of entries.entries()) {
    if (!format) continue;
    const { user } = mapper(record as unknown as Record<string, unknown>, i + 1, `element ${i + 1}`);
    const c = classifyHash({
      hash: user.passwordHash!,
      algorithm: user.passwordAlgorithm,
      params: user.hashParams,
    });
    const where = `${record.email} (${format.id})`;
    if (c.importable !== format.expect.importable) {
      failures.push(`${where}: expected importable=${format.expect.importable}, got ${JSON.stringify(c)}`);
    } else if (c.importable && format.expect.importable) {
      if (c.sourceFormat !== format.expect.sourceFormat)
        failures.push(`${where}: recognised as ${c.sourceFormat}, expected ${format.expect.sourceFormat}`);
      else if (!(await verifyPassword(pw!, c.workosHash, c.type)))
        failures.push(`${where}: the password does not verify`);
      else verified++;
    } else if (!c.importable && !format.expect.importable && c.reason !== format.expect.reason) {
      failures.push(`${where}: reason ${c.reason}, expected ${format.expect.reason}`);
    }
  }
  if (failures.length) {
    console.error(`make-sample: ${failures.length} sample hash(es) are wrong:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`make-sample: ${verified} importable hashes verified through the registry and verifyPassword`);
}

async function main(): Promise<void> {
  const entries = await build();
  await check(entries);
  mkdirSync(OUT_DIR, { recursive: true });
  const records = entries.map((e) => e.record);
  writeFileSync(join(OUT_DIR, 'users.json'), `${JSON.stringify(records, null, 2)}\n`);
  const credentials = entries.filter((e) => e.credential);
  const csv = ['email,password', ...credentials.map((e) => `${e.record.email},${e.password}`)].join('\n');
  writeFileSync(join(OUT_DIR, 'test-credentials.csv'), `${csv}\n`);
  writeFileSync(join(OUT_DIR, 'map.yaml'), MAP_YAML);
  const importable = credentials.filter((e) => e.format?.expect.importable).length;
  console.log(
    `make-sample: wrote ${records.length} users, ${credentials.length} credentials ` +
      `(${importable} importable, ${credentials.length - importable} not) and map.yaml to ${OUT_DIR}`,
  );
}

await main();
