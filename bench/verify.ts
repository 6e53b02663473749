/**
 * verify's read time against the read-limit bound: the least time the read budget allows for the
 * reads the chosen strategy sends (reads × window ÷ allowance at the pacing share). Imports N users
 * into the in-process emulator (limits ×10), then times the completeness read three ways: the
 * automatic choice at the documented limit, which N fits in (lookups, N ≤ 800), the automatic choice at a limit N does not fit
 * (one listing), and lookups forced past one window. Target: each within 1.1× of its bound.
 *
 *   npx tsx bench/verify.ts [--users 400]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../src/emulator/index.js';
import { runImport } from '../src/importer/index.js';
import { setStrategy } from '../src/journal/index.js';
import { runVerify } from '../src/verify/index.js';
import { writeBenchUsers } from './bench-users.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

const users = Number(arg('users', '400'));
const dir = mkdtempSync(join(tmpdir(), 'wm-bench-verify-'));
const state = join(dir, 'journal.db');
const source = join(dir, 'users.ndjson');
const emu = await startEmulator({ limits: { scale: 10 } });
try {
  await writeBenchUsers(source, users);
  setStrategy({ state, strategy: 'A', logDir: dir });
  const target = { emulatorUrl: emu.url, state, writeLimit: '500/1s', generalLimit: '6000/6s' };
  await runImport({ ...target, source, readLimit: '1000/1s', rate: '100%' });

  const cases: Array<{ name: string; readLimit: string; rate: string; read: 'auto' | 'lookups' }> = [
    // The documented read limit: 1,000 per 10 s at 80%, 800 reads a window.
    { name: `auto, ${users} users fit one window`, readLimit: '1000/10s', rate: '80%', read: 'auto' },
    { name: `auto, ${users} users > one window`, readLimit: '20/1s', rate: '100%', read: 'auto' },
    {
      name: 'lookups forced past one window',
      readLimit: `${Math.ceil(users / 4)}/1s`,
      rate: '100%',
      read: 'lookups',
    },
  ];
  console.log('case                                   strategy   reads  read ms  bound ms  ratio  target');
  let allOk = true;
  for (const c of cases) {
    const r = await runVerify({ ...target, readLimit: c.readLimit, rate: c.rate, read: c.read });
    const completeness = r.checks.find((x) => x.id === 'completeness')!;
    const { reads, readMs, readBoundMs } = completeness.counts as Record<string, number>;
    const ratio = (readMs as number) / (readBoundMs as number);
    const ok = completeness.status === 'PASS' && ratio <= 1.1;
    allOk &&= ok;
    const strategy = completeness.note?.startsWith('one paginated') ? 'listing' : 'lookups';
    console.log(
      `${c.name.padEnd(38)} ${strategy.padEnd(9)} ${String(reads).padStart(6)} ${String(readMs).padStart(8)} ${String(readBoundMs).padStart(9)} ${ratio.toFixed(3).padStart(6)}  ≤ 1.1 ${ok ? 'ok' : 'MISSED'}`,
    );
  }
  console.log(`429s seen by the emulator: ${emu.control.counters().rateLimited}`);
  process.exitCode = allOk ? 0 : 1;
} finally {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
}
