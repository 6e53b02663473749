/**
 * Import throughput and memory against the in-process emulator at the documented limits scaled
 * by a factor. Prints achieved creates/s ÷ configured write limit, 429s, and the CLI's peak RSS.
 *
 *   npx tsx bench/import.ts [--users 20000] [--scale 10] [--rate 100%]
 *
 * Run it at 20,000 and at 200,000 users: peak RSS should not grow with the source.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../src/emulator/index.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repoRoot, 'dist', 'cli', 'main.js');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

const users = Number(arg('users', '20000'));
const scale = Number(arg('scale', '10'));
const rate = arg('rate', '100%');
const HASH = '$2b$04$4NaSnXUheVGECL.xcAwqHu6rP5Ec1YSkLei5NnLnUud2JWjXCo.6S';

async function writeSource(path: string, n: number): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < n; i++) {
    const line = `${JSON.stringify({ id: `bench-${i}`, email: `bench${i}@example.com`, firstName: 'Bench', lastName: String(i), emailVerified: true, passwordHash: HASH })}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function peakRssKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
const source = join(dir, 'users.ndjson');
const state = join(dir, 'journal.db');
await writeSource(source, users);

const emu = await startEmulator({ limits: { scale } });
const windowMs = (ms: number): string => `${ms / scale}ms`;
const env = { ...process.env, WORKOS_API_KEY: emu.apiKey };
const run = (args: string[]) =>
  spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });

await once(run(['strategy', 'set', 'A', '--state', state]), 'close');
const child = run([
  'import',
  source,
  '--state',
  state,
  '--emulator',
  emu.url,
  '--rate',
  rate,
  '--json',
  '--write-limit',
  `500/${windowMs(10_000)}`,
  '--read-limit',
  `1000/${windowMs(10_000)}`,
  '--general-limit',
  `6000/${windowMs(60_000)}`,
]);
let stdout = '';
let stderr = '';
child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));

// Sample the emulator's create counter to time the send phase itself (start-up and planning excluded).
let peakKb = 0;
let firstCreateAt = 0;
let lastCreateAt = 0;
let lastCount = 0;
const poll = setInterval(() => {
  peakKb = Math.max(peakKb, peakRssKb(child.pid as number));
  const count = emu.control.counters().requests['POST /user_management/users'] ?? 0;
  const now = performance.now();
  if (count > 0 && firstCreateAt === 0) firstCreateAt = now;
  if (count !== lastCount) lastCreateAt = now;
  lastCount = count;
}, 20);
const [code] = (await once(child, 'close')) as [number];
clearInterval(poll);

const counters = emu.control.counters();
await emu.close();
rmSync(dir, { recursive: true, force: true });
if (code !== 0) {
  process.stderr.write(`import exited ${code}\n${stderr}\n${stdout}\n`);
  process.exit(1);
}
const summary = JSON.parse(stdout) as {
  statuses: Record<string, number>;
  requests: { writes: number; reads: number; rateLimited: number };
  elapsedMs: number;
};
const configuredPerSecond = (counters.writeLimit * 1000) / counters.writeWindowMs;
const creates = counters.requests['POST /user_management/users'] ?? 0;
// The first create is counted when the first poll sees it, so the span covers creates 1..n.
const sendSeconds = (lastCreateAt - firstCreateAt) / 1000;
const achieved = sendSeconds > 0 ? creates / sendSeconds : 0;
const requests = Object.values(counters.requests).reduce((a, b) => a + b, 0);

const lines = [
  `users                 ${users} (scale x${scale}, rate ${rate})`,
  `outcome               ${JSON.stringify(summary.statuses)}`,
  `configured limit      ${counters.writeLimit} writes / ${counters.writeWindowMs} ms = ${configuredPerSecond.toFixed(1)}/s`,
  `achieved              ${achieved.toFixed(1)} creates/s over ${sendSeconds.toFixed(1)} s of sending`,
  `achieved ÷ limit      ${(achieved / configuredPerSecond).toFixed(3)}`,
  `max writes in window  ${counters.maxWritesInWindow} (limit ${counters.writeLimit})`,
  `429s                  ${counters.rateLimited} of ${requests} requests (${((100 * counters.rateLimited) / Math.max(1, requests)).toFixed(2)}%)`,
  `peak RSS (CLI)        ${(peakKb / 1024).toFixed(1)} MB`,
  `wall time (CLI)       ${(summary.elapsedMs / 1000).toFixed(1)} s`,
];
process.stdout.write(`${lines.join('\n')}\n`);
