import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The WorkOS migration guide keeps its decisions as `KEY=value` lines in `migration.log` in the
 * working directory (`STRATEGY_CHOICE=A`, `dual_write_tested=true`, …) and its own shell checks
 * grep that file. We write the same lines beside our journal so both kinds of check agree.
 */
export const MIGRATION_LOG = 'migration.log';

export function appendMigrationLog(key: string, value: string, dir = process.cwd()): string {
  const path = join(dir, MIGRATION_LOG);
  appendFileSync(path, `${key}=${value}\n`, { mode: 0o644 });
  return path;
}

/** The last value written for each key (later lines win, as `grep | tail -1` would read them). */
export function readMigrationLog(dir = process.cwd()): Map<string, string> {
  const path = join(dir, MIGRATION_LOG);
  const values = new Map<string, string>();
  if (!existsSync(path)) return values;
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) values.set(m[1] as string, m[2] as string);
  }
  return values;
}
