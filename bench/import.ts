/**
 * Import throughput and memory against the in-process emulator at the documented limits scaled
 * by a factor. Prints achieved creates/s ÷ configured write limit, 429s, and the CLI's peak RSS.
 *
 *   npx tsx bench/import.ts [--users 20000] [--scale 10] [--rate 100%] [--compare 200000]
 *
 * `--compare M` runs a second import of M users and prints the peak-RSS ratio: memory should not
 * grow with the source (target: within 10%). Build first (`npm run build`): it runs the real CLI.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../src/emulator/index.js';
import { writeBenchUsers } from './bench-users.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repoRoot, 'dist', 'cli', 'main.js');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

function peakRssKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

interface BenchResult {
  users: number;
  statuses: Record<string, number>;
  configuredPerSecond: number;
  achievedPerSecond: number;
  sendSeconds: number;
  maxWritesInWindow: number;
  writeLimit: number;
  writeWindowMs: number;
  rateLimited: number;
  requests: number;
  peakRssMb: number;
  wallSeconds: number;
}

async function bench(users: number, scale: number, rate: string): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  const source = join(dir, 'users.ndjson');
  const state = join(dir, 'journal.db');
  await writeBenchUsers(source, users);
  const emu = await startEmulator({ limits: { scale } });
  const window = (ms: number): string => `${ms / scale}ms`;
  const env = { ...process.env, WORKOS_API_KEY: emu.apiKey };
  const run = (args: string[]) =>
    spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    await once(run(['strategy', 'set', 'A', '--state', state]), 'close');
    const child = run([
      ...['import', source, '--state', state, '--emulator', emu.url, '--rate', rate, '--json'],
      ...['--write-limit', `500/${window(10_000)}`, '--read-limit', `1000/${window(10_000)}`],
      ...['--general-limit', `6000/${window(60_000)}`],
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
    if (code !== 0) throw new Error(`import exited ${code}\n${stderr}\n${stdout}`);

    const counters = emu.control.counters();
    const summary = JSON.parse(stdout) as { statuses: Record<string, number>; elapsedMs: number };
    const creates = counters.requests['POST /user_management/users'] ?? 0;
    const sendSeconds = (lastCreateAt - firstCreateAt) / 1000;
    return {
      users,
      statuses: summary.statuses,
      configuredPerSecond: (counters.writeLimit * 1000) / counters.writeWindowMs,
      achievedPerSecond: sendSeconds > 0 ? creates / sendSeconds : 0,
      sendSeconds,
      maxWritesInWindow: counters.maxWritesInWindow,
      writeLimit: counters.writeLimit,
      writeWindowMs: counters.writeWindowMs,
      rateLimited: counters.rateLimited,
      requests: Object.values(counters.requests).reduce((a, b) => a + b, 0),
      peakRssMb: peakKb / 1024,
      wallSeconds: summary.elapsedMs / 1000,
    };
  } finally {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(r: BenchResult, scale: number, rate: string): string {
  return [
    `users                 ${r.users} (scale x${scale}, rate ${rate})`,
    `outcome               ${JSON.stringify(r.statuses)}`,
    `configured limit      ${r.writeLimit} writes / ${r.writeWindowMs} ms = ${r.configuredPerSecond.toFixed(1)}/s`,
    `achieved              ${r.achievedPerSecond.toFixed(1)} creates/s over ${r.sendSeconds.toFixed(1)} s of sending`,
    `achieved ÷ limit      ${(r.achievedPerSecond / r.configuredPerSecond).toFixed(3)}`,
    `max writes in window  ${r.maxWritesInWindow} (limit ${r.writeLimit})`,
    `429s                  ${r.rateLimited} of ${r.requests} requests (${((100 * r.rateLimited) / Math.max(1, r.requests)).toFixed(2)}%)`,
    `peak RSS (CLI)        ${r.peakRssMb.toFixed(1)} MB`,
    `wall time (CLI)       ${r.wallSeconds.toFixed(1)} s`,
  ].join('\n');
}

const users = Number(arg('users', '20000'));
const scale = Number(arg('scale', '10'));
const rate = arg('rate', '100%');
const compare = process.argv.includes('--compare') ? Number(arg('compare', '200000')) : undefined;

const first = await bench(users, scale, rate);
process.stdout.write(`${report(first, scale, rate)}\n`);
if (compare) {
  const second = await bench(compare, scale, rate);
  process.stdout.write(`\n${report(second, scale, rate)}\n`);
  process.stdout.write(
    `\npeak RSS ${compare} ÷ ${users} users  ${(second.peakRssMb / first.peakRssMb).toFixed(3)}\n`,
  );
}
