import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startEmulator, type LimitsOption } from '../emulator/index.js';
import { runImport, type ImportProgress, type ImportSummary } from '../importer/index.js';
import { exportMapping, setStrategy } from '../journal/reports.js';
import { assess } from '../assess/assess.js';
import type { FullAssessReport } from '../plan/planner.js';
import { planSource } from '../assess/plan-source.js';
import { readCredentialsFile } from '../sources/credentials-file.js';
import { createWorkosClient } from '../workos/client.js';
import { runTestLogins, type TestLoginResult } from '../verify/test-logins.js';
import { usageError } from '../errors/index.js';
import { SAMPLE } from './sample.js';

export interface DemoOptions {
  /** Export to rehearse with; the bundled sample by default. */
  source?: string;
  map?: string;
  /** A known user store for `source` (`presets list`), with its `--param` values. */
  preset?: string;
  params?: Record<string, string>;
  /** `email,password` of users to log in after the import. */
  credentials?: string;
  /** Folder for the journal and the mapping file; a new temporary folder by default. */
  workDir?: string;
  /** Emulator rate limits; the documented ones by default, so the pacing is the real thing. */
  limits?: LimitsOption;
  onStep?: (step: string) => void;
  onProgress?: (progress: ImportProgress) => void;
}

export interface DemoLogin extends TestLoginResult {
  /** The user's source hash format and lane, so a failure points at a converter. */
  sourceFormat: string;
  lane: string;
}

export interface DemoReport {
  workDir: string;
  state: string;
  mappingFile: string;
  emulatorUrl: string;
  assess: FullAssessReport;
  import: ImportSummary;
  logins: DemoLogin[];
  emulator: { maxWritesInWindow: number; writeLimit: number; writeWindowMs: number; rateLimited: number };
  /**
   * 0 when every importable user logged in, every other test user was refused, the pacing held and
   * no row was left unsettled; 1 otherwise.
   */
  exitCode: 0 | 1;
}

/** Rows the import could not bring to a final answer: a rehearsal must leave none. */
function unsettled(summary: ImportSummary): number {
  const s = summary.statuses;
  return (s.failed ?? 0) + (s.unknown ?? 0) + (s.in_flight ?? 0) + (s.pending ?? 0);
}

/**
 * The whole migration rehearsed offline: a local WorkOS, assess, strategy, import through the real
 * SDK at the documented limits, then real password logins for sample users. Nothing here is a
 * shortcut of the real commands: each step is the library function the CLI uses.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoReport> {
  const step = options.onStep ?? (() => {});
  const source = options.source ?? SAMPLE.users;
  const map = options.map ?? (options.source ? undefined : SAMPLE.map);
  const reading = { source, map, preset: options.preset, params: options.params };
  const credentialsFile = options.credentials ?? (options.source ? undefined : SAMPLE.credentials);
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), 'workos-migrator-demo-'));
  const state = join(workDir, 'migration.db');
  const mappingFile = join(workDir, 'mapping.csv');
  // Each rehearsal starts a fresh emulator: an earlier rehearsal's journal would say its users are
  // in a WorkOS that no longer exists.
  if (existsSync(state))
    throw usageError(
      `${workDir} holds the journal of an earlier rehearsal (${state}): pass an empty or new --work-dir`,
    );
  mkdirSync(workDir, { recursive: true });

  const emulator = await startEmulator({ port: 0, limits: options.limits ?? 'documented' });
  try {
    step(`local WorkOS emulator at ${emulator.url} (documented rate limits)`);
    step('assess: classifying every user');
    const { report } = await assess(reading);

    step('strategy: A (big-bang import, sign-ups frozen for the rehearsal)');
    setStrategy({ state, strategy: 'A', logDir: dirname(state) });

    step('import: creating users through @workos-inc/node, paced under the write limit');
    const summary = await runImport({
      ...reading,
      state,
      emulatorUrl: emulator.url,
      apiKey: emulator.apiKey,
      rate: '100%',
      command: 'demo',
      onProgress: options.onProgress,
    });
    await exportMapping({ state, format: 'csv', out: mappingFile });

    const logins: DemoLogin[] = [];
    if (credentialsFile) {
      const { rows: credentials, problems } = await readCredentialsFile(credentialsFile);
      for (const problem of problems) step(`skipped: ${problem}`);
      step(`test logins: ${credentials.length} sample users sign in with their old passwords`);
      const wanted = new Map(
        credentials.map((c) => [c.email.toLowerCase(), { sourceFormat: '-', lane: '-' }]),
      );
      await planSource(reading, (planned) => {
        const entry = wanted.get(planned.user.email.toLowerCase());
        if (entry) {
          entry.lane = planned.lane;
          entry.sourceFormat = planned.hash?.sourceFormat ?? (planned.user.oauthProvider ? 'oauth' : 'none');
        }
      });
      const client = createWorkosClient({ emulatorUrl: emulator.url, apiKey: emulator.apiKey });
      const results = await runTestLogins(credentials, { client, clientId: emulator.clientId });
      for (const r of results) logins.push({ ...r, ...wanted.get(r.email.toLowerCase())! });
    }

    const counters = emulator.control.counters();
    // A login proves the hash only for users whose hash was imported; everyone else must be refused.
    const loginsAsExpected = logins.every((l) =>
      l.lane === 'import-hash' ? l.verdict === 'accepted' : l.verdict !== 'accepted',
    );
    return {
      workDir,
      state,
      mappingFile,
      emulatorUrl: emulator.url,
      assess: report,
      import: summary,
      logins,
      emulator: {
        maxWritesInWindow: counters.maxWritesInWindow,
        writeLimit: counters.writeLimit,
        writeWindowMs: counters.writeWindowMs,
        rateLimited: counters.rateLimited,
      },
      exitCode:
        loginsAsExpected && counters.maxWritesInWindow <= counters.writeLimit && unsettled(summary) === 0
          ? 0
          : 1,
    };
  } finally {
    await emulator.close();
  }
}
