import type { AssessReport, PlanOptions, PlannedUser } from './types.js';

export * from './types.js';

/**
 * Streams the source through mapping, validation and the decision tree. Each user is handed to
 * `sink` in source order; the returned report counts everything (see AssessReport.revisions).
 */
export async function planSource(
  _options: PlanOptions,
  _sink?: (planned: PlannedUser) => void | Promise<void>,
): Promise<AssessReport> {
  throw new Error('planSource: not implemented yet');
}
