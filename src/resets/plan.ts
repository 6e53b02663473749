import { usageError } from '../errors/index.js';
import type { PlannedAction } from '../journal/actions.js';
import { importedSource, openImportedJournal } from '../runner/campaign.js';
import { CUTOVER_WARNING, RESET_LANES, RESET_WHEN, type ResetWhen } from './guide.js';
import { resetCandidacy } from './who-needs-reset.js';

export interface PlanResetsOptions {
  state?: string;
  /** Default: every reset lane (reset, and trickle if present). */
  lanes?: readonly string[];
  /** `import`: a batch now (`resets send`); `lazy`: on the first failed login (createLazyReset). */
  when?: ResetWhen;
  /** The date the notice names (ISO date), e.g. the cutover. */
  plannedFor?: string;
}

export interface ResetPlan {
  journal: string;
  when: ResetWhen;
  lanes: string[];
  /** Users planned now (or kept from an earlier plan). */
  planned: number;
  byLane: Record<string, number>;
  /** Already sent, or settled otherwise (gone, not allowed): planning again does not re-arm them. */
  alreadySettled: number;
  /** In a reset lane but existing in WorkOS before the import: may hold a password there. */
  existing: number;
  /** In a reset lane but not imported yet. */
  notImported: number;
  warning: string;
}

export function parseResetLanes(text: string | undefined): string[] {
  if (text === undefined) return [...RESET_LANES];
  const lanes = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const l of lanes)
    if (!(RESET_LANES as readonly string[]).includes(l))
      throw usageError(`--lane ${l}: resets are for lanes ${RESET_LANES.join(' or ')}`);
  return lanes;
}

/** Who needs a password reset, from the journal: recorded as the campaign `resets send` works through. */
export function planResets(options: PlanResetsOptions = {}): ResetPlan {
  const when = options.when ?? 'import';
  if (!RESET_WHEN.includes(when)) throw usageError(`--when must be import or lazy, not "${when}"`);
  if (options.plannedFor !== undefined && Number.isNaN(Date.parse(options.plannedFor)))
    throw usageError(`--date ${options.plannedFor} is not a date; write it as YYYY-MM-DD`);
  const lanes = [...(options.lanes ?? RESET_LANES)];
  const journal = openImportedJournal(options.state, 'resets plan');
  try {
    const source = importedSource(journal);
    const rows: PlannedAction[] = [];
    const plan: ResetPlan = {
      journal: journal.path,
      when,
      lanes,
      planned: 0,
      byLane: {},
      alreadySettled: 0,
      existing: 0,
      notImported: 0,
      warning: CUTOVER_WARNING,
    };
    for (const row of journal.rows(source.id)) {
      const c = resetCandidacy(row, lanes);
      if (c === 'existing') plan.existing++;
      if (c === 'not_imported') plan.notImported++;
      if (c !== 'planned') continue;
      rows.push({
        key: row.key,
        email: row.email,
        workosId: row.workosId,
        lane: row.lane,
        mode: when,
        status: when === 'import' ? 'planned' : 'lazy',
        plannedFor: options.plannedFor ?? null,
      });
      plan.byLane[row.lane] = (plan.byLane[row.lane] ?? 0) + 1;
    }
    journal.actions.plan(source.id, 'password_reset', rows);
    const counts = journal.actions.countByStatus(source.id, 'password_reset');
    plan.planned = (counts.planned ?? 0) + (counts.lazy ?? 0) + (counts.failed ?? 0);
    plan.alreadySettled = rows.length - plan.planned;
    return plan;
  } finally {
    journal.close();
  }
}
