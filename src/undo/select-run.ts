import { MigratorError, usageError } from '../errors/index.js';
import type { JournalRun } from '../journal/journal.js';
import { parseTargetIdentity, targetMismatch, type TargetIdentity } from '../workos/target-identity.js';

/** The commands whose runs create users: what an undo can take back. */
export const CREATING_COMMANDS: readonly string[] = ['import', 'retry'];

/** `--run ID` or `--last` (the latest import or retry run) → the run to undo; usage errors otherwise. */
export function selectRun(runs: readonly JournalRun[], choice: { run?: number; last?: boolean }): JournalRun {
  if ((choice.run === undefined) === !choice.last)
    throw usageError('say which run to undo: --run ID (see "workos-migrator status") or --last');
  const creating = runs.filter((r) => CREATING_COMMANDS.includes(r.command));
  if (choice.last) {
    const last = creating.at(-1);
    if (!last) throw usageError('the journal has no import run to undo');
    return last;
  }
  const run = runs.find((r) => r.id === choice.run);
  if (!run)
    throw usageError(`the journal has no run ${choice.run}; its runs: ${runs.map((r) => r.id).join(', ')}`);
  if (!CREATING_COMMANDS.includes(run.command))
    throw usageError(
      `run ${run.id} was "${run.command}", which creates no users: undo takes back an import or retry run`,
    );
  return run;
}

/**
 * Refuses to delete anywhere but the environment the run created its users in: the ids would mean
 * nothing there at best, and someone else's users at worst.
 */
export function checkSameEnvironment(run: JournalRun, now: TargetIdentity): void {
  const recorded = parseTargetIdentity(run.target);
  if (!recorded)
    throw new MigratorError(
      'refused',
      `run ${run.id} did not record which WorkOS environment it wrote to (an older journal): nothing was deleted`,
    );
  const why = targetMismatch(recorded, now);
  if (why)
    throw new MigratorError(
      'refused',
      `run ${run.id} created its users in another WorkOS environment: ${why}. Nothing was deleted; run undo with the target and key the import used`,
    );
}
