import { usageError } from '../errors/index.js';
import { fingerprintSource } from '../journal/fingerprint.js';
import type { Journal, JournalSource } from '../journal/journal.js';
import { UNSENT_STATUSES, type Strategy, type UserStatus } from '../journal/statuses.js';
import { CircuitBreaker } from '../workos/circuit-breaker.js';
import type { CallContext } from '../workos/paced-call.js';
import { Stopper } from '../workos/stopper.js';
import {
  parseSourceReading,
  readingChanges,
  sourceReadingOf,
  type SourceReadingInput,
} from './reading-fingerprint.js';

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

/**
 * Refuses to resume with the source read another way (mapping file, preset, lanes, external ids)
 * once users were sent, unless the person says the change is meant; then records the new reading.
 */
export function checkSourceReading(
  journal: Journal,
  source: JournalSource,
  options: SourceReadingInput & { acceptMappingChange?: boolean; onNotice?: (message: string) => void },
): void {
  const now = sourceReadingOf(options, journal.journalId);
  const before = parseSourceReading(journal.sourceReading(source.id));
  const changes = before ? readingChanges(before, now) : [];
  if (changes.length > 0) {
    const counts = journal.countByStatus(source.id);
    const sent = Object.entries(counts)
      .filter(([status]) => !UNSENT_STATUSES.includes(status as UserStatus))
      .reduce((n, [, c]) => n + (c ?? 0), 0);
    if (sent > 0 && !options.acceptMappingChange)
      throw usageError(
        `${journal.path} read ${source.description} another way: ${changes.join('; ')}. ` +
          `${sent} user(s) were already sent the earlier way, and an import never updates them. ` +
          `Re-run with the earlier options to resume, or pass --accept-mapping-change to plan the rest ` +
          `this way (verify then shows the users whose fields differ)`,
      );
    options.onNotice?.(
      `reading ${source.description} another way than the earlier run (${changes.join('; ')})` +
        (sent > 0 ? `; ${sent} user(s) already sent keep what they were sent with` : ''),
    );
  }
  journal.setSourceReading(source.id, JSON.stringify(now));
}

/** A run's webhook restore must go through even after Ctrl-C, so it gets a stop switch of its own. */
export function freshCalls(calls: CallContext): CallContext {
  return { ...calls, stop: new Stopper(), breaker: new CircuitBreaker() };
}
