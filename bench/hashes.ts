/**
 * Parse+convert throughput of the hash registry over 100,000 mixed hashes (every vector in
 * test/fixtures/hash-vectors/hashes.jsonl, cycled, with its salt column / Firebase config / app parameters).
 * No KDF runs in classifyHash, so this is the cost `assess` pays per user.
 *
 *   npx tsx bench/hashes.ts
 */
import { performance } from 'node:perf_hooks';
import { classifyHash } from '../src/hashes/index.js';
import { hashInputFor, loadHashVectors } from '../test/support/hash-vectors.js';

const TARGET_PER_SECOND = 100_000;
const COUNT = 100_000;
const RUNS = 5;

const vectors = loadHashVectors().map(hashInputFor);
const inputs = Array.from({ length: COUNT }, (_, i) => vectors[i % vectors.length]!);

let importable = 0;
const runOnce = (): number => {
  importable = 0;
  const start = performance.now();
  for (const input of inputs) if (classifyHash(input).importable) importable++;
  return performance.now() - start;
};

runOnce(); // warm-up: JIT, module-level regexes
const times = Array.from({ length: RUNS }, runOnce).sort((a, b) => a - b);
const median = times[Math.floor(RUNS / 2)]!;
const perSecond = COUNT / (median / 1000);

console.log(
  `hash registry: ${COUNT.toLocaleString('en-US')} mixed hashes (${vectors.length} formats/cases cycled)`,
);
console.log(
  `  importable: ${importable.toLocaleString('en-US')}, not importable: ${(COUNT - importable).toLocaleString('en-US')}`,
);
console.log(
  `  median of ${RUNS} runs: ${median.toFixed(0)} ms → ${Math.round(perSecond).toLocaleString('en-US')} hashes/s`,
);
console.log(
  `  ratio to the ${TARGET_PER_SECOND.toLocaleString('en-US')}/s target: ${(perSecond / TARGET_PER_SECOND).toFixed(2)}×`,
);
