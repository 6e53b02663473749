import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { assess } from '../../src/assess/assess.js';
import { mapSourceUsers } from '../../src/assess/map-source-users.js';
import type { PlanEntry } from '../../src/assess/plan-file.js';
import type { MigrationUser } from '../../src/model/user.js';
import { repoRoot } from '../e2e/helpers.js';
import { tempDir } from '../e2e/helpers.js';

export const fixtureDir = (preset: string): string => join(repoRoot, 'test', 'fixtures', 'presets', preset);

export interface PresetRun {
  /** email → `lane` or `lane/hashType` or `lane/reason`, from plan.json. */
  lanes: Record<string, string>;
  /** The hash canary over the fixture's known passwords. */
  passed: string[];
  failed: string[];
  notImportable: string[];
  users: MigrationUser[];
  exitCode: number;
}

/** Assesses a fixture through a preset as `assess --preset … --credentials passwords.csv --out plan.json` does. */
export async function runPreset(
  preset: string,
  source: string,
  params: Record<string, string> = {},
): Promise<PresetRun> {
  const dir = tempDir();
  const out = join(dir, 'plan.json');
  const result = await assess({
    source,
    preset,
    params,
    out,
    credentials: join(fixtureDir(preset), 'passwords.csv'),
  });
  result.dispose();
  const entries = (JSON.parse(readFileSync(out, 'utf8')) as { users: PlanEntry[] }).users;
  rmSync(dir, { recursive: true, force: true });
  const lanes: Record<string, string> = {};
  for (const e of entries) lanes[e.email] = [e.lane, e.hashType ?? e.reason].filter(Boolean).join('/');
  const users: MigrationUser[] = [];
  await mapSourceUsers({ source, preset, params }, ({ user }) => {
    users.push(user);
  });
  const by = (outcome: string) =>
    (result.credentials?.users ?? [])
      .filter((u) => u.outcome === outcome)
      .map((u) => u.email)
      .sort();
  return {
    lanes,
    passed: by('passed'),
    failed: by('failed'),
    notImportable: by('not-importable'),
    users,
    exitCode: result.exitCode,
  };
}

export const userByEmail = (run: PresetRun, email: string): MigrationUser | undefined =>
  run.users.find((u) => u.email === email);
