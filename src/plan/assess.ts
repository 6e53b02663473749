import { planSource, type PlanSourceOptions } from './plan-source.js';
import { writePlanFile } from './plan-file.js';
import type { FullAssessReport } from './planner.js';

export interface AssessOptions extends PlanSourceOptions {
  /** Where to keep the per-user lanes (plan.json). */
  out?: string;
}

export interface AssessResult {
  report: FullAssessReport;
  /** 0 clean, 1 blocking problems (or warnings under strict). */
  exitCode: 0 | 1;
}

/** `workos-migrator assess` as a library function: the report, the exit code, and plan.json if asked. */
export async function assess(options: AssessOptions): Promise<AssessResult> {
  const plan = options.out ? writePlanFile(options.out) : undefined;
  const report = await planSource(options, plan?.sink);
  if (plan) await plan.finish(report);
  const attention = report.blocking > 0 || (options.strict === true && report.warnings > 0);
  return { report, exitCode: attention ? 1 : 0 };
}
