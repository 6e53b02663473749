// A realistic export for the assess bench: a JSON array of users, each with its OWN hash (real formats,
// distinct salts and digests), varied names and domains, OAuth users, metadata, and about 1% of the data
// problems real exports have. Seeded: the same seed always writes the same bytes, so before/after runs of
// `assess --json` can be diffed. No KDF runs: the strings have the real shapes, not real passwords.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { seededRandom } from '../test/support/seeded-random.js';

const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Linus',
  'Margaret',
  'José',
  'Zoë',
  'Søren',
  'Aiko',
  'Wei',
  'Priya',
  'Olu',
  'Fatima',
  'Ivan',
  'Chloé',
  'Mateus',
  'Anna-Lena',
  "D'Arcy",
  'Nguyễn',
  'Łukasz',
  'Émile',
  '美咲',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Torvalds',
  'Hamilton',
  'García',
  'Müller',
  'Kierkegaard',
  'Tanaka',
  'Zhang',
  'Patel',
  'Okafor',
  'Haddad',
  'Petrov',
  "O'Brien",
  'van der Berg',
  'Silva',
  'Nowak',
  '山田',
];
const DOMAINS = ['example.com', 'mail.example.org', 'corp.example.net', 'example.co.uk', 'exämple.de'];
const PROVIDERS = ['google', 'GoogleOAuth', 'microsoft', 'github', 'apple', 'google-oauth2'];
const PLANS = ['free', 'pro', 'team', 'enterprise'];
const BCRYPT64 = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface GeneratedExport {
  users: number;
  bytes: number;
}

/** Writes `users` records to `path` as one JSON array; returns the counts. */
export async function writeAssessUsers(
  path: string,
  users: number,
  seed = 20_260_101,
): Promise<GeneratedExport> {
  const rnd = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const bytes = (n: number): Buffer => {
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) b[i] = Math.floor(rnd() * 256);
    return b;
  };
  const chars = (alphabet: string, n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    return s;
  };
  const b64 = (n: number) => bytes(n).toString('base64');
  const b64raw = (n: number) => b64(n).replace(/=+$/, '');
  const ab64 = (n: number) => b64raw(n).replace(/\+/g, '.');
  // bcrypt's own base64 of 16 salt bytes and 23 digest bytes: the last characters carry only 2 bits, as in real hashes.
  const bcrypt64 = (n: number, length: number) => {
    const b = bytes(n);
    let out = '';
    for (let i = 0; i < n; i += 3) {
      const c1 = b[i]!;
      const c2 = b[i + 1] ?? 0;
      const c3 = b[i + 2] ?? 0;
      out += BCRYPT64[c1 >> 2]! + BCRYPT64[((c1 & 3) << 4) | (c2 >> 4)]!;
      out += BCRYPT64[((c2 & 15) << 2) | (c3 >> 6)]! + BCRYPT64[c3 & 63]!;
    }
    return out.slice(0, length);
  };

  /** A hash in one of the formats exports carry, with the algorithm name some of them declare. */
  function credential(): { passwordHash?: string | null; passwordAlgorithm?: string } {
    const k = rnd() * 100;
    if (k < 35) {
      const prefix = k < 30 ? '2b' : k < 33 ? '2a' : '2y';
      const cost = rnd() < 0.8 ? '10' : '12';
      const hash = `$${prefix}$${cost}$${bcrypt64(16, 22)}${bcrypt64(23, 31)}`;
      return rnd() < 0.5 ? { passwordHash: hash, passwordAlgorithm: 'bcrypt' } : { passwordHash: hash };
    }
    if (k < 45) return { passwordHash: `$pbkdf2$i=600000,d=sha256$${b64raw(16)}$${b64raw(32)}` };
    if (k < 50) {
      const iterations = rnd() < 0.6 ? 600000 : 29000; // passlib's default 29000 is below WorkOS's range
      return { passwordHash: `$pbkdf2-sha256$${iterations}$${ab64(16)}$${ab64(32)}` };
    }
    if (k < 60) {
      const hash = `{SSHA}${b64(20 + (rnd() < 0.8 ? 8 : 4))}`;
      return rnd() < 0.5 ? { passwordHash: hash, passwordAlgorithm: 'ssha' } : { passwordHash: hash };
    }
    if (k < 70) {
      const iterations = rnd() < 0.9 ? 600000 : 260000;
      return { passwordHash: `pbkdf2_sha256$${iterations}$${chars(ALNUM, 22)}$${b64(32)}` };
    }
    if (k < 73) return { passwordHash: `$argon2id$v=19$m=65536,t=3,p=4$${b64raw(16)}$${b64raw(32)}` };
    if (k < 75) return { passwordHash: bytes(16).toString('hex'), passwordAlgorithm: 'md5' };
    if (k < 85) return rnd() < 0.5 ? {} : { passwordHash: rnd() < 0.5 ? '' : null };
    return {};
  }

  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const emails: string[] = []; // a sample of earlier addresses, for duplicates
  const ids: string[] = [];
  let written = 0;
  let text = '[\n';
  for (let i = 0; i < users; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    // Addresses are ASCII from the names (José → jose); a name with no Latin letters gives "user".
    const ascii = (name: string) =>
      name
        .normalize('NFD')
        .replace(/[^A-Za-z]/g, '')
        .toLowerCase() || 'user';
    const local = `${ascii(first)}.${ascii(last)}`;
    const u: Record<string, unknown> = {
      id: rnd() < 0.7 ? `usr_${i.toString(36)}${chars(ALNUM, 6)}` : 100_000 + i,
      email: `${local}${i}@${pick(DOMAINS)}`,
      firstName: first,
      lastName: last,
      emailVerified: rnd() < 0.85,
    };
    if (rnd() < 0.1) Object.assign(u, { oauthProvider: pick(PROVIDERS) });
    else Object.assign(u, credential());
    if (rnd() < 0.1) u.metadata = { plan: pick(PLANS), signupYear: 2010 + Math.floor(rnd() * 16) };
    if (rnd() < 0.05) u.email = `${local}+${pick(['work', 'news'])}${i}@${pick(DOMAINS)}`;

    // About 1% of the records carry a problem a real export has.
    if (rnd() < 0.01 && i > 0) {
      const p = Math.floor(rnd() * 10);
      if (p === 0) u.email = `${local}${i}.${pick(DOMAINS)}`;
      else if (p === 1) u.email = `${local}..${i}@${pick(DOMAINS)}`;
      else if (p === 2) u.email = pick(emails).toUpperCase();
      else if (p === 3) u.email = pick(emails);
      else if (p === 4) u.id = pick(ids);
      else if (p === 5) u.emailVerified = pick(['maybe', 'sometimes', 2]);
      else if (p === 6) u.firstName = pick([42, true, ['Ada']]);
      else if (p === 7) u.lastName = `${last}\u0007`;
      else if (p === 8) u.passwordHash = `$2b$10$${bcrypt64(16, 22)}${bcrypt64(23, 20)}`;
      else u.email = `  ${String(u.email)} `;
    }
    if (i % 97 === 0) {
      emails.push(String(u.email));
      ids.push(String(u.id));
    }
    // Every element stays valid JSON: jq, the yardstick, stops at the first one that is not.
    const record = JSON.stringify(u);
    text += `${i === 0 ? '' : ',\n'}${record}`;
    if (text.length >= 1 << 16) {
      written += Buffer.byteLength(text);
      if (!out.write(text)) await once(out, 'drain');
      text = '';
    }
  }
  text += '\n]\n';
  written += Buffer.byteLength(text);
  out.end(text);
  await once(out, 'close');
  return { users, bytes: written };
}

// `npx tsx bench/assess-users.ts FILE [users] [seed]`: the export on its own, e.g. to diff `assess --json` outputs.
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const [path, n, s] = process.argv.slice(2);
  if (!path) throw new Error('usage: npx tsx bench/assess-users.ts FILE [users] [seed]');
  const made = await writeAssessUsers(path, Number(n ?? 1_000_000), s === undefined ? undefined : Number(s));
  console.log(`${path}: ${made.users} users, ${(made.bytes / 1e6).toFixed(0)} MB`);
}
