import { usageError } from '../errors/index.js';
import { fingerprintSource } from '../journal/fingerprint.js';
import type { Journal, JournalSource } from '../journal/journal.js';
import type { Strategy } from '../journal/statuses.js';
import { CircuitBreaker } from '../workos/circuit-breaker.js';
import type { CallContext } from '../workos/paced-call.js';
import { Stopper } from '../workos/stopper.js';

/** The checks an import makes on its journal before planning anything. */

export function requireStrategy(journal: Journal, state: string | undefined): Strategy {
  const strategy = journal.strategy;
  if (strategy) return strategy;
  throw usageError(
    `no migration strategy recorded in ${journal.path}. Choose one of the WorkOS migration guide's strategies first: ` +
      `"workos-migrator strategy set big-bang" (A: import with sign-ups frozen) or ` +
      `"workos-migrator strategy set dual-write" (B: sign-ups stay open)` +
      (state ? ` with --state ${state}` : ''),
  );
}

/** Registers (or checks) the source against the journal; refuses a different one unless newRun. */
export function attachSource(
  journal: Journal,
  options: { source: string; query?: string; newRun?: boolean },
): JournalSource {
  const fp = fingerprintSource(options.source, options.query);
  const current = journal.currentSource();
  if (!current) return journal.addSource(fp.fingerprint, fp.description, fp.location, options.query);
  if (current.fingerprint === fp.fingerprint) return current;
  if (options.newRun) return journal.addSource(fp.fingerprint, fp.description, fp.location, options.query);
  throw usageError(
    `${journal.path} tracks another source (${current.description}, registered ${current.createdAt}); ` +
      `${fp.description} has different content. Re-run with the original export to resume, ` +
      `pass --new-run to start tracking this one, or use another --state file`,
  );
}

/** A run's webhook restore must go through even after Ctrl-C, so it gets a stop switch of its own. */
export function freshCalls(calls: CallContext): CallContext {
  return { ...calls, stop: new Stopper(), breaker: new CircuitBreaker() };
}
