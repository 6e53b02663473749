/**
 * The long fuzz run: at least a million generated inputs through the three places an export's
 * bytes reach before they get a lane: the hash registry (most of them), the source readers, and the
 * record mapper with the planner. Counts throws (must be 0) and outputs that break the invariants
 * of test/support/fuzz.ts (must be 0), and prints inputs/s per target. The generators are the
 * property tests' own; this only runs them far longer than a test suite can.
 *
 *   npx tsx bench/fuzz.ts [--inputs 1000000] [--seed 1]
 *
 * On a failure it replays the failing batch through fast-check, which shrinks the input to a
 * minimal one, and prints that with the seed that reproduces it. Exit 1 on any failure.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { classifyHash } from '../src/hashes/registry.js';
import { EMPTY_MAPPING } from '../src/model/field-mapping.js';
import { createRecordMapper } from '../src/model/record-mapper.js';
import { checkAlgorithmName } from '../src/plan/algorithm-name.js';
import { checkRecord } from '../src/plan/check-record.js';
import { Planner } from '../src/plan/planner.js';
import {
  anyHashInputArb,
  anyReaderInputArb,
  classificationProblem,
  mappedProblem,
  plannedProblem,
  readAll,
  recordArb,
  sourceItemsProblem,
} from '../test/support/fuzz.js';

const { values } = parseArgs({
  options: { inputs: { type: 'string', default: '1000000' }, seed: { type: 'string', default: '1' } },
});
const total = Number(values.inputs);
const seed = Number(values.seed);
if (!Number.isSafeInteger(total) || total < 1 || !Number.isSafeInteger(seed)) {
  console.error('usage: npx tsx bench/fuzz.ts [--inputs N] [--seed N] (positive integers)');
  process.exit(2);
}

const BATCH = 10_000;

/** One checked input: a description of what is wrong with the output, or undefined. Throws pass through. */
type Check<T> = (input: T) => string | undefined | Promise<string | undefined>;

interface Target<T> {
  name: string;
  share: number;
  arb: fc.Arbitrary<T>;
  check: Check<T>;
  async: boolean;
}

const mapper = createRecordMapper(EMPTY_MAPPING);
// One planner across the run, as assess has one per export: duplicates across records are exercised too.
const planner = new Planner({ classify: classifyHash, checkAlgorithmName });
let row = 0;

const targets: Array<Target<never>> = [
  {
    name: 'classifyHash',
    share: 0.9,
    arb: anyHashInputArb,
    check: (input) => classificationProblem(classifyHash(input), input),
    async: false,
  },
  {
    name: 'readers',
    share: 0.03,
    arb: anyReaderInputArb,
    check: async (input) => sourceItemsProblem(await readAll(input)),
    async: true,
  },
  {
    name: 'mapper+planner',
    share: 0.07,
    arb: recordArb,
    check: (record) => {
      row += 1;
      const mapped = mapper(record, row, `line ${row}`);
      const bad = mappedProblem(mapped, row);
      if (bad) return `mapped: ${bad}`;
      const planned = planner.planChecked(
        mapped.user,
        checkRecord(mapped.user, mapped.problems, checkAlgorithmName),
      );
      return plannedProblem(planned, row);
    },
    async: false,
  },
] as Array<Target<never>>;

interface Tally {
  inputs: number;
  throws: number;
  malformed: number;
  ms: number;
  first?: { batchSeed: number; runs: number; what: string };
}

/** Runs `runs` inputs from `batchSeed`, tallying instead of stopping, so every failure is counted. */
async function runBatch<T>(t: Target<T>, batchSeed: number, runs: number, tally: Tally): Promise<void> {
  const record = (what: string) => {
    tally.first ??= { batchSeed, runs, what };
  };
  const body = (outcome: string | undefined) => {
    tally.inputs += 1;
    if (outcome !== undefined) {
      tally.malformed += 1;
      record(`malformed output: ${outcome}`);
    }
  };
  const onThrow = (err: unknown) => {
    tally.inputs += 1;
    tally.throws += 1;
    record(`threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
  };
  const options = { seed: batchSeed, numRuns: runs };
  if (t.async) {
    await fc.check(
      fc.asyncProperty(t.arb, async (input) => {
        try {
          body(await t.check(input));
        } catch (err) {
          onThrow(err);
        }
      }),
      options,
    );
  } else {
    fc.check(
      fc.property(t.arb, (input) => {
        try {
          body(t.check(input) as string | undefined);
        } catch (err) {
          onThrow(err);
        }
      }),
      options,
    );
  }
}

/** Replays a failing batch with a stopping property: fast-check finds the input again and shrinks it. */
async function minimal<T>(t: Target<T>, batchSeed: number, runs: number): Promise<string> {
  const failing = async (input: T) => (await t.check(input)) === undefined;
  const details = t.async
    ? await fc.check(fc.asyncProperty(t.arb, failing), { seed: batchSeed, numRuns: runs })
    : fc.check(
        fc.property(t.arb, (input) => t.check(input) === undefined),
        { seed: batchSeed, numRuns: runs },
      );
  if (!details.failed)
    return '(did not reproduce in isolation: state carried across inputs, e.g. the planner)';
  return `${fc.stringify(details.counterexample)}\n    ${details.errorInstance ? String(details.errorInstance) : ''}`;
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const tallies = new Map<string, Tally>();
const started = performance.now();
for (const [index, t] of targets.entries()) {
  const tally: Tally = { inputs: 0, throws: 0, malformed: 0, ms: 0 };
  tallies.set(t.name, tally);
  const want =
    index === targets.length - 1 ? total - Math.round(total * (1 - t.share)) : Math.round(total * t.share);
  const t0 = performance.now();
  for (let done = 0, batch = 0; done < want; batch += 1) {
    const runs = Math.min(BATCH, want - done);
    await runBatch(t, seed * 1_000_003 + index * 10_007 + batch, runs, tally);
    done += runs;
  }
  tally.ms = performance.now() - t0;
}
const elapsed = performance.now() - started;

let failed = false;
console.log(
  `fuzz: ${n(total)} inputs, seed ${seed}, ${(elapsed / 1000).toFixed(1)} s, ${n(total / (elapsed / 1000))} inputs/s`,
);
console.log('  target            inputs     throws  malformed     inputs/s');
for (const t of targets) {
  const x = tallies.get(t.name)!;
  console.log(
    `  ${t.name.padEnd(15)} ${n(x.inputs).padStart(10)} ${n(x.throws).padStart(10)} ${n(x.malformed).padStart(10)} ${n(x.inputs / (x.ms / 1000)).padStart(12)}`,
  );
}
for (const t of targets) {
  const x = tallies.get(t.name)!;
  if (!x.first) continue;
  failed = true;
  console.log(`\n${t.name}: first failure (${x.first.what}), batch seed ${x.first.batchSeed}`);
  console.log(`  minimal input: ${await minimal(t, x.first.batchSeed, x.first.runs)}`);
}
process.exit(failed ? 1 : 0);
