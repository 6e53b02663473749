/**
 * Peak memory of the import's planning pass (`planSource` with a no-op sink, the import's problem
 * sampling) on the import bench's export at two sizes, each in a fresh child process running the
 * built library. Prints peak RSS (VmHWM), V8 heap figures, and the ratio: planning memory should not
 * grow with the source (target: within 10%).
 *
 *   npm run build && npx tsx bench/plan-memory.ts [--users 20000] [--compare 200000]
 *     [--mapped]      time the send pass's reader (mapSourceUsers) as well
 *     [--trace-gc]    print the child's GC trace summary (scavenges, mark-compacts)
 *     [--snapshots]   heap snapshots at records 50,000 and 150,000 of the larger run, and their diff
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchUsers } from './bench-users.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(repoRoot, 'dist', 'assess', 'index.js');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}
const flag = (name: string): boolean => process.argv.includes(`--${name}`);

interface ChildResult {
  records: number;
  peakRssMb: number;
  peakHeapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  seconds: number;
  snapshots: string[];
}

// Plain JS so the child runs on bare node, as the CLI does (tsx's loader would add its own memory).
const CHILD = `
import { writeHeapSnapshot } from 'node:v8';
import { readFileSync } from 'node:fs';
const cfg = JSON.parse(process.env.PLAN_MEMORY);
const lib = await import(cfg.dist);
let records = 0, peakHeapUsed = 0;
const snapshots = [];
const started = performance.now();
const sink = () => {
  records += 1;
  if (records % 1000 === 0) peakHeapUsed = Math.max(peakHeapUsed, process.memoryUsage().heapUsed);
  if (cfg.snapshotAt.includes(records)) snapshots.push(writeHeapSnapshot(cfg.dir + '/at-' + records + '.heapsnapshot'));
};
const options = { source: cfg.source, problemSample: { perCode: 20, spill: () => undefined } };
if (cfg.mode === 'mapped') await lib.mapSourceUsers(options, sink);
else await lib.planSource(options, sink);
const seconds = (performance.now() - started) / 1000;
const m = process.memoryUsage();
const hwm = Number(/VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
const mb = (b) => b / 1048576;
process.stdout.write(JSON.stringify({
  records, seconds, snapshots,
  peakRssMb: hwm / 1024, peakHeapUsedMb: mb(Math.max(peakHeapUsed, m.heapUsed)),
  heapTotalMb: mb(m.heapTotal), externalMb: mb(m.external), arrayBuffersMb: mb(m.arrayBuffers),
}));
`;

async function runChild(
  source: string,
  dir: string,
  mode: 'plan' | 'mapped',
  snapshotAt: number[],
): Promise<ChildResult & { gc: string }> {
  const nodeFlags = flag('trace-gc') ? ['--trace-gc'] : [];
  const child = spawn(process.execPath, [...nodeFlags, '--input-type=module', '-e', CHILD], {
    env: { ...process.env, PLAN_MEMORY: JSON.stringify({ dist, source, dir, mode, snapshotAt }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const [code] = (await once(child, 'close')) as [number];
  if (code !== 0) throw new Error(`child exited ${code}: ${out.slice(-500)}`);
  // --trace-gc lines come first on stdout; the result is the last line.
  const lines = out.trimEnd().split('\n');
  const result = JSON.parse(lines.pop() as string) as ChildResult;
  const text = lines.join('\n');
  const count = (re: RegExp) => (text.match(re) ?? []).length;
  const gc = flag('trace-gc')
    ? `scavenges ${count(/Scavenge/g)}, mark-compacts ${count(/Mark-Compact/g)}`
    : '';
  return { ...result, gc };
}

/** Self size per (node type, constructor name) in a .heapsnapshot. */
function summarise(path: string): Map<string, { count: number; size: number }> {
  const snap = JSON.parse(readFileSync(path, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const groups = new Map<string, { count: number; size: number }>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]!]!;
    const name = type === 'string' || type === 'number' ? '' : snap.strings[snap.nodes[i + nameAt]!]!;
    const key = `${type} ${name.slice(0, 60)}`;
    const g = groups.get(key) ?? { count: 0, size: 0 };
    g.count += 1;
    g.size += snap.nodes[i + sizeAt]!;
    groups.set(key, g);
  }
  return groups;
}

function diffSnapshots(a: string, b: string): string {
  const before = summarise(a);
  const after = summarise(b);
  const rows = [...after].map(([key, g]) => {
    const was = before.get(key) ?? { count: 0, size: 0 };
    return { key, count: g.count - was.count, size: g.size - was.size };
  });
  const total = rows.reduce((s, r) => s + r.size, 0);
  rows.sort((x, y) => y.size - x.size);
  return [
    `heap growth between the snapshots: ${(total / 1048576).toFixed(2)} MB (reachable objects only)`,
    ...rows
      .slice(0, 12)
      .map((r) => `  ${(r.size / 1024).toFixed(0).padStart(8)} KB  ${String(r.count).padStart(8)}  ${r.key}`),
  ].join('\n');
}

const small = Number(arg('users', '20000'));
const large = Number(arg('compare', '200000'));
const dir = mkdtempSync(join(tmpdir(), 'bench-plan-memory-'));
try {
  const modes: Array<'plan' | 'mapped'> = flag('mapped') ? ['plan', 'mapped'] : ['plan'];
  const results: Record<string, Array<ChildResult & { gc: string }>> = {};
  for (const n of [small, large]) {
    const source = join(dir, `users-${n}.ndjson`);
    await writeBenchUsers(source, n);
    const snapshotAt = flag('snapshots') && n === large ? [50_000, 150_000] : [];
    for (const mode of modes) {
      const r = await runChild(source, dir, mode, mode === 'plan' ? snapshotAt : []);
      (results[mode] ??= []).push(r);
      process.stdout.write(
        `${mode.padEnd(6)} ${String(n).padStart(8)} users  peak RSS ${r.peakRssMb.toFixed(1)} MB  ` +
          `peak heap used ${r.peakHeapUsedMb.toFixed(1)} MB  heap total ${r.heapTotalMb.toFixed(1)} MB  ` +
          `external ${r.externalMb.toFixed(1)} MB  ${(r.records / r.seconds).toFixed(0)} records/s` +
          `${r.gc ? `  (${r.gc})` : ''}\n`,
      );
      if (r.snapshots.length === 2) {
        process.stdout.write(`${diffSnapshots(r.snapshots[0]!, r.snapshots[1]!)}\n`);
      }
    }
    rmSync(source, { force: true });
  }
  for (const mode of modes) {
    const [a, b] = results[mode] ?? [];
    if (!a || !b) continue;
    process.stdout.write(
      `${mode}: peak RSS ${large} ÷ ${small} users  ${(b.peakRssMb / a.peakRssMb).toFixed(3)}\n`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
