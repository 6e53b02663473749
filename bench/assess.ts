// Generates a 1,000,000-user export and compares `assess --json` with `jq length` on it: wall time and peak RSS.
// Run: npm run build && npx tsx bench/assess.ts [users]
import { spawnSync } from 'node:child_process';
import { createHash, pbkdf2Sync, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import bcrypt from 'bcryptjs';

const root = resolve(import.meta.dirname, '..');
const users = Number(process.argv[2] ?? 1_000_000);
const file = join(root, 'bench/out', `users-${users}.json`);

/** A small pool of real hashes (independent implementations), reused: the bench measures the pipeline, not KDFs. */
function hashPool() {
  const salt = () =>
    randomBytes(12)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 12);
  const bcrypts = Array.from({ length: 4 }, (_, i) => bcrypt.hashSync(`pw${i}`, 4));
  const ssha = Array.from({ length: 4 }, (_, i) => {
    const s = randomBytes(8);
    return `{SSHA}${Buffer.concat([createHash('sha1').update(`pw${i}`).update(s).digest(), s]).toString('base64')}`;
  });
  const django = Array.from({ length: 2 }, (_, i) => {
    const s = salt();
    return `pbkdf2_sha256$600000$${s}$${pbkdf2Sync(`pw${i}`, s, 600_000, 32, 'sha256').toString('base64')}`;
  });
  const md5 = Array.from({ length: 4 }, (_, i) => createHash('md5').update(`pw${i}`).digest('hex'));
  return { bcrypts, ssha, django, md5 };
}

async function generate(): Promise<void> {
  mkdirSync(join(root, 'bench/out'), { recursive: true });
  const pool = hashPool();
  const out = createWriteStream(file);
  out.write('[\n');
  for (let i = 0; i < users; i += 1) {
    const u: Record<string, unknown> = {
      localId: `u${i}`,
      email: `user${i}@example.com`,
      firstName: 'Ada',
      lastName: 'Lovelace',
      emailVerified: i % 3 !== 0,
    };
    const k = i % 20;
    if (k < 9) Object.assign(u, { passwordHash: pool.bcrypts[i % 4], passwordAlgorithm: 'bcrypt' });
    else if (k < 11) Object.assign(u, { passwordHash: pool.ssha[i % 4], passwordAlgorithm: 'ssha' });
    else if (k < 12) u.passwordHash = pool.django[i % 2];
    else if (k < 14) Object.assign(u, { passwordHash: pool.md5[i % 4], passwordAlgorithm: 'md5' });
    else if (k < 17) u.oauthProvider = ['google', 'microsoft', 'github'][i % 3];
    // ~1% problems: invalid emails, case-variant duplicates, control characters in names
    if (i % 100 === 7) u.email = `user${i}.example.com`;
    else if (i % 100 === 42) u.email = `USER${i - 1}@example.com`;
    else if (i % 300 === 99) u.lastName = 'Love\u0007lace';
    if (!out.write(`${i === 0 ? '' : ',\n'}${JSON.stringify(u)}`)) await once(out, 'drain');
  }
  out.end('\n]\n');
  await once(out, 'close');
}

function measure(
  cmd: string,
  args: string[],
): { seconds: number; cpuSeconds: number; rssMb: number; code: number | null } {
  const res = spawnSync('/usr/bin/time', ['-v', cmd, ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(res.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(res.stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(res.stderr);
  const system = /System time \(seconds\): ([\d.]+)/.exec(res.stderr);
  if (!wall || !rss)
    throw new Error(`cannot read /usr/bin/time output for ${cmd}:\n${res.stderr.slice(-2000)}`);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  // CPU time too: the machine's cores are shared, and wall time moves with other people's load.
  const cpuSeconds = Number(user?.[1] ?? NaN) + Number(system?.[1] ?? NaN);
  return { seconds, cpuSeconds, rssMb: Number(rss[1]) / 1024, code: res.status };
}

if (!existsSync(file)) {
  const t = Date.now();
  await generate();
  console.log(
    `generated ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB) in ${((Date.now() - t) / 1000).toFixed(1)} s`,
  );
}
if (!existsSync(join(root, 'dist/cli/main.js'))) throw new Error('run npm run build first');
const jq = measure('jq', ['length', file]);
const assess = measure('node', ['dist/cli/main.js', 'assess', file, '--json']);
console.log(`users: ${users.toLocaleString('en-US')}, file: ${(statSync(file).size / 1e6).toFixed(0)} MB`);
console.log(
  `jq length:      ${jq.seconds.toFixed(2)} s (cpu ${jq.cpuSeconds.toFixed(2)} s), peak RSS ${jq.rssMb.toFixed(0)} MB`,
);
console.log(
  `assess --json:  ${assess.seconds.toFixed(2)} s (cpu ${assess.cpuSeconds.toFixed(2)} s), peak RSS ${assess.rssMb.toFixed(0)} MB (exit ${assess.code})`,
);
console.log(`time ratio   assess/jq = ${(assess.seconds / jq.seconds).toFixed(2)}  (target <= 2)`);
console.log(`cpu ratio    assess/jq = ${(assess.cpuSeconds / jq.cpuSeconds).toFixed(2)}  (user + system)`);
console.log(`load average (1 min)   = ${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} cores`);
console.log(`memory ratio assess/jq = ${(assess.rssMb / jq.rssMb).toFixed(2)}  (target <= 0.33)`);
