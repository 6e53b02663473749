// Compares `assess FILE --json` with `jq length FILE` on a realistic 1,000,000-user export (bench/assess-users.ts):
// wall time, CPU time and peak RSS of each child, the median of --runs runs, and the ratios.
// Run: npm run build && npx tsx bench/assess.ts [--users 1000000] [--runs 3] [--seed N]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeAssessUsers } from './assess-users.js';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '20260101' },
  },
});
const users = Number(values.users);
const runs = Math.max(1, Number(values.runs));
const seed = Number(values.seed);
const file = join(root, 'bench/out', `assess-users-${users}-${seed}.json`);

interface Measured {
  seconds: number;
  cpuSeconds: number;
  rssMb: number;
  code: number | null;
}

function measure(cmd: string, args: string[]): Measured {
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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function medians(ms: Measured[]): Measured {
  return {
    seconds: median(ms.map((m) => m.seconds)),
    cpuSeconds: median(ms.map((m) => m.cpuSeconds)),
    rssMb: median(ms.map((m) => m.rssMb)),
    code: ms.at(-1)!.code,
  };
}

if (!existsSync(join(root, 'dist/cli/main.js'))) throw new Error('run npm run build first');
if (!existsSync(file)) {
  mkdirSync(join(root, 'bench/out'), { recursive: true });
  const t = Date.now();
  await writeAssessUsers(file, users, seed);
  console.log(`generated ${file} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

const jqRuns: Measured[] = [];
const assessRuns: Measured[] = [];
// Interleaved, so that a burst of other people's load hits both sides alike.
for (let i = 0; i < runs; i++) {
  jqRuns.push(measure('jq', ['length', file]));
  assessRuns.push(measure('node', ['dist/cli/main.js', 'assess', file, '--json']));
  const a = assessRuns.at(-1)!;
  const j = jqRuns.at(-1)!;
  console.log(
    `run ${i + 1}/${runs}: jq ${j.seconds.toFixed(2)} s, assess ${a.seconds.toFixed(2)} s (${(a.seconds / j.seconds).toFixed(2)}×)`,
  );
}
const jq = medians(jqRuns);
const assess = medians(assessRuns);
const fmt = (m: Measured) =>
  `${m.seconds.toFixed(2)} s (cpu ${m.cpuSeconds.toFixed(2)} s), peak RSS ${m.rssMb.toFixed(0)} MB`;
console.log(
  `users: ${users.toLocaleString('en-US')}, file: ${(statSync(file).size / 1e6).toFixed(0)} MB, median of ${runs} run(s)`,
);
console.log(`jq length:      ${fmt(jq)}`);
console.log(`assess --json:  ${fmt(assess)} (exit ${assess.code}: 1 = blocking problems found)`);
console.log(`time ratio   assess/jq = ${(assess.seconds / jq.seconds).toFixed(2)}  (target <= 2)`);
console.log(`cpu ratio    assess/jq = ${(assess.cpuSeconds / jq.cpuSeconds).toFixed(2)}  (user + system)`);
console.log(`memory ratio assess/jq = ${(assess.rssMb / jq.rssMb).toFixed(2)}  (target <= 0.33)`);
console.log(`load average (1 min)   = ${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} cores`);
