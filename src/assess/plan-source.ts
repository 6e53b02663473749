// Wires a source stream and a mapping file to the pure planner (plan/): the I/O half of assess.
import { classifyHash } from '../hashes/index.js';
import { checkAlgorithmName } from '../plan/algorithm-name.js';
import { Planner, type FullAssessReport, type PlannerOptions } from '../plan/planner.js';
import type { PlanOptions, PlannedUser } from '../plan/types.js';
import type { MigrationUser, Problem } from '../model/user.js';
import { mapSourceUsers } from './map-source-users.js';

export { loadMapping } from './load-mapping.js';

export interface PlanSourceOptions extends PlanOptions {
  /** Replaces stdin for `-`. */
  stdin?: NodeJS.ReadableStream;
  /** See PlannerOptions.problemSample: keep a sample of the problems in the report. */
  problemSample?: PlannerOptions['problemSample'];
  /** Sees every mapped user too (the organizations side collects from the same pass). */
  onMapped?: (user: MigrationUser) => void;
  /** Runs once every user is planned; its problems (organizations across the source) join the report. */
  afterUsers?: () => Promise<readonly Problem[]>;
}

/**
 * Streams the source through mapping, validation and the decision tree. Each user is handed to
 * `sink` in source order; the returned report counts everything (see AssessReport.revisions).
 */
export async function planSource(
  options: PlanSourceOptions,
  sink?: (planned: PlannedUser) => void | Promise<void>,
): Promise<FullAssessReport> {
  const planner = new Planner({
    noPasswords: options.noPasswords,
    strict: options.strict,
    trickle: options.trickle,
    classify: classifyHash,
    checkAlgorithmName,
    problemSample: options.problemSample,
  });
  await mapSourceUsers(
    {
      ...options,
      onUnreadable: (e) => planner.unreadable(e.row, e.location, e.code, e.message),
      onBatch: (users) => planner.prefetch(users),
    },
    ({ user, problems }) => {
      options.onMapped?.(user);
      const planned = planner.planChecked(user, problems);
      return sink?.(planned);
    },
  );
  for (const p of (await options.afterUsers?.()) ?? []) planner.addProblem(p);
  return planner.finish();
}
