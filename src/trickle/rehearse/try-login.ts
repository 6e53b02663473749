/**
 * `trickle login`: one sign-in through the trickle migrator, with the export (or the app's
 * database) as the legacy store and the journal for who is a trickle user. What an application
 * does on every login, runnable from the migration machine to rehearse Step 8.
 */
import type { HashInput } from '../../hashes/types.js';
import { streamSourceUsers } from '../../importer/source-users.js';
import type { PlanOptions } from '../../plan/types.js';
import { openImportedJournal } from '../../runner/campaign.js';
import { createWorkosClient, type WorkosTargetOptions } from '../../workos/client.js';
import { usageError } from '../../errors/index.js';
import { createTrickleMigrator, type TrickleLoginResult } from '../migrator.js';
import { candidatesIn } from './candidates.js';
import { openTrickleState } from './state-db.js';

/** The emulator's AuthKit client id (what `workos-migrator emulator` prints). */
export const EMULATOR_CLIENT_ID = 'client_test_default';

export interface TrickleLoginOptions
  extends WorkosTargetOptions, Pick<PlanOptions, 'format' | 'query' | 'map' | 'preset' | 'params'> {
  /** Any source `import` reads: a file, `-`, or a database URL with `query`. */
  source: string;
  email: string;
  password: string;
  /** Journal path; default ./workos-migrator.db. Also holds the trickle table unless `db` is given. */
  state?: string;
  /** The application's database URL for the trickle table (production's place for it). */
  db?: string;
  /** AuthKit client id; default WORKOS_CLIENT_ID, or the emulator's. */
  clientId?: string;
}

/** The one word `trickle login` ends with. */
export type TrickleLoginWord = 'workos' | 'migrated-now' | 'invalid-credentials' | 'not-eligible';

export interface TrickleLoginReport {
  word: TrickleLoginWord;
  /** Why not eligible, or that the per-email budget was spent; never the password or the hash. */
  detail?: string;
  /** Whether the old hash was read from the source during this login. */
  legacyRead: boolean;
}

export async function trickleLogin(options: TrickleLoginOptions): Promise<TrickleLoginReport> {
  const clientId =
    options.clientId ??
    process.env.WORKOS_CLIENT_ID ??
    (options.emulatorUrl ? EMULATOR_CLIENT_ID : undefined);
  if (!clientId) throw usageError('no AuthKit client id: set WORKOS_CLIENT_ID or pass --client-id');
  const journal = openImportedJournal(options.state);
  let candidates;
  try {
    candidates = candidatesIn(journal);
  } finally {
    journal.close();
  }
  const client = createWorkosClient(options);
  const state = await openTrickleState(options);
  let legacyRead = false;
  try {
    const migrator = await createTrickleMigrator({
      workos: client.sdk,
      clientId,
      db: state.store,
      getLegacyCredential: async (email) => {
        legacyRead = true;
        return findCredential(options, email);
      },
    });
    const wanted = options.email.trim().toLowerCase();
    await migrator.enroll(candidates.filter((c) => c.email.toLowerCase() === wanted));
    const result = await migrator.login({ email: options.email, password: options.password });
    return { ...wordOf(result), legacyRead };
  } finally {
    await state.close();
  }
}

function wordOf(result: TrickleLoginResult<unknown>): Omit<TrickleLoginReport, 'legacyRead'> {
  switch (result.outcome) {
    case 'workos':
      return { word: 'workos' };
    case 'migrated_now':
      return { word: 'migrated-now' };
    case 'invalid_credentials':
      return { word: 'invalid-credentials' };
    case 'not_eligible':
      return { word: 'not-eligible', detail: result.reason.replace(/_/g, ' ') };
    case 'rate_limited':
      return {
        word: 'invalid-credentials',
        detail: 'too many sign-in attempts for this email (10 per 60 s): nothing was checked; wait a minute',
      };
  }
}

/** The user's old hash from the source, mapped exactly as `import` maps it. */
async function findCredential(options: TrickleLoginOptions, email: string): Promise<HashInput | null> {
  const wanted = email.trim().toLowerCase();
  let found: HashInput | null = null;
  await streamSourceUsers(
    {
      source: options.source,
      format: options.format,
      query: options.query,
      map: options.map,
      preset: options.preset,
      params: options.params,
    },
    (user) => {
      if (found || user.email.toLowerCase() !== wanted || !user.passwordHash) return;
      found = { hash: user.passwordHash, algorithm: user.passwordAlgorithm, params: user.hashParams };
    },
  );
  return found;
}
