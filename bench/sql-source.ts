/**
 * Streams a 1,000,000-row PostgreSQL table through the SQL source reader (src/sources/sql.ts, the
 * reader `assess` and `import` use for postgres:// sources) and compares it with psql's
 * `COPY … TO STDOUT` on the same table: rows/s of both, the ratio, and the reader's RSS at 25, 50,
 * 75 and 100 % of the rows (flat memory: a server-side cursor, 1,000 rows per FETCH).
 *
 *   npm run build && npx tsx bench/sql-source.ts [rows] [postgres-url]
 *
 * The table is uniquely named and dropped afterwards: other people use the same server.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const root = resolve(import.meta.dirname, '..');
const rows = Number(process.argv[2] ?? 1_000_000);
const url = process.argv[3] ?? 'postgres://postgres@127.0.0.1:5432/test';
const table = `wm_bench_sql_${process.pid}_${randomBytes(3).toString('hex')}`;
const query = `SELECT id, email, first_name, last_name, email_verified, password_hash FROM ${table} ORDER BY id`;

/** The reader in a process of its own, so its RSS is the reader's alone. */
const readerScript = `
const { readSql } = await import(${JSON.stringify(pathToFileURL(join(root, 'dist/sources/sql.js')).href)});
const total = ${rows};
const marks = [0.25, 0.5, 0.75, 1].map((f) => Math.floor(total * f));
const samples = [];
let peak = 0;
let n = 0;
const started = process.hrtime.bigint();
for await (const item of readSql(${JSON.stringify(url)}, ${JSON.stringify(query)})) {
  n++;
  if (n % 10000 === 0 || n === total) peak = Math.max(peak, process.memoryUsage().rss);
  if (n === marks[samples.length]) samples.push(process.memoryUsage().rss);
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({ n, seconds, peak, samples }));
`;

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const t0 = Date.now();
    await client.query(
      `CREATE TABLE ${table} (id BIGINT PRIMARY KEY, email TEXT NOT NULL, first_name TEXT, last_name TEXT,
       email_verified BOOLEAN NOT NULL, password_hash TEXT)`,
    );
    await client.query(
      `INSERT INTO ${table}
       SELECT i, 'user' || i || '@example.com', 'Ada', 'Lovelace', i % 3 <> 0,
              '$2b$10$' || md5(i::text) || md5((i * 7)::text)
       FROM generate_series(1, $1::int) AS i`,
      [rows],
    );
    await client.query(`ANALYZE ${table}`);
    process.stdout.write(
      `table ${table}: ${rows.toLocaleString('en')} rows created in ${((Date.now() - t0) / 1000).toFixed(1)}s\n`,
    );

    const reader = spawnSync(process.execPath, ['--input-type=module', '-e', readerScript], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (reader.status !== 0) throw new Error(`reader failed: ${reader.stderr}`);
    const ours = JSON.parse(reader.stdout) as { n: number; seconds: number; peak: number; samples: number[] };
    if (ours.n !== rows) throw new Error(`the reader yielded ${ours.n} rows, not ${rows}`);

    const u = new URL(url);
    const started = process.hrtime.bigint();
    const psql = spawnSync(
      'bash',
      [
        '-c',
        `psql -h ${u.hostname} -p ${u.port || 5432} -U ${decodeURIComponent(u.username) || 'postgres'} -d ${u.pathname.slice(1) || 'postgres'} -qAtc "COPY (${query}) TO STDOUT" > /dev/null`,
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) || process.env.PGPASSWORD },
      },
    );
    const psqlSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (psql.status !== 0) throw new Error(`psql failed: ${psql.stderr}`);

    const oursRate = rows / ours.seconds;
    const psqlRate = rows / psqlSeconds;
    const lines = [
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
      `SQL source reader   ${ours.seconds.toFixed(2)} s   ${Math.round(oursRate).toLocaleString('en')} rows/s   peak RSS ${mb(ours.peak)}`,
      `psql COPY TO STDOUT ${psqlSeconds.toFixed(2)} s   ${Math.round(psqlRate).toLocaleString('en')} rows/s`,
      `ratio               reader at ${(oursRate / psqlRate).toFixed(2)}× COPY's rate (${(ours.seconds / psqlSeconds).toFixed(2)}× its time)`,
      `reader RSS at 25/50/75/100 %: ${ours.samples.map(mb).join(', ')} (last/first ${(ours.samples[3]! / ours.samples[0]!).toFixed(3)})`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await client.query(`DROP TABLE IF EXISTS ${table}`);
    await client.end();
  }
}

await main();
