import type { Problem } from '../model/user.js';
import type { FullAssessReport } from './planner.js';
import { LANES, type Lane } from './types.js';

export const LANE_MEANING: Record<Lane, string> = {
  'import-hash': 'keep their password (hash imported)',
  trickle: 'keep their password (moved at first sign-in)',
  reset: 'will need a password reset',
  oauth: 'sign in with a social provider',
  passwordless: 'move to Magic Auth (no password)',
  blocked: 'must be fixed before import',
};

/** Problems shown per code in the human report; also how many per code assess keeps in memory. */
export const FIRST_ROWS = 5;

/** The human report: counts, problems grouped by kind with their first rows, and next steps. Pure. */
export function formatAssessReport(report: FullAssessReport, sourceName: string): string {
  const lines: string[] = [];
  const n = (x: number) => x.toLocaleString('en-US');
  lines.push(`Assessed ${n(report.total)} record(s) from ${sourceName}`, '');
  lines.push('Users per lane');
  for (const lane of LANES) {
    // Only assess --trickle fills this lane; without it the report keeps its usual rows.
    if (lane === 'trickle' && report.lanes.trickle === 0) continue;
    lines.push(`  ${lane.padEnd(13)} ${n(report.lanes[lane]).padStart(9)}  ${LANE_MEANING[lane]}`);
  }
  const types = Object.entries(report.hashTypes).filter(([, c]) => (c ?? 0) > 0);
  if (types.length > 0) {
    lines.push('', 'Password hashes imported, per WorkOS hash type');
    for (const [type, count] of types.sort((a, b) => b[1]! - a[1]!))
      lines.push(`  ${type.padEnd(16)} ${n(count!).padStart(9)}`);
  }
  const formats = Object.entries(report.sourceFormats);
  if (formats.length > 0) {
    lines.push('', 'Source hash formats recognised');
    for (const [format, count] of formats.sort((a, b) => b[1] - a[1]))
      lines.push(`  ${format.padEnd(40)} ${n(count).padStart(7)}`);
  }
  const trickle = Object.entries(report.trickleFormats);
  if (trickle.length > 0) {
    lines.push('', 'Checked against the old hash at first sign-in (trickle)');
    for (const [format, count] of trickle.sort((a, b) => b[1] - a[1]))
      lines.push(`  ${format.padEnd(40)} ${n(count).padStart(7)}`);
  }
  const reasons = Object.entries(report.resetReasons);
  if (reasons.length > 0) {
    lines.push('', 'Why users land in reset');
    for (const [reason, count] of reasons.sort((a, b) => b[1] - a[1]))
      lines.push(`  ${reason.padEnd(26)} ${n(count).padStart(9)}`);
  }
  if (report.alreadyInWorkos > 0)
    lines.push(
      '',
      `Already in WorkOS: ${n(report.alreadyInWorkos)} user(s) carry a WorkOS user id (dual-write): linked by it, not created again`,
    );
  const providers = Object.entries(report.oauthProviders);
  if (providers.length > 0) {
    lines.push('', 'OAuth users per provider');
    for (const [provider, count] of providers.sort((a, b) => b[1] - a[1]))
      lines.push(`  ${provider.padEnd(16)} ${n(count).padStart(9)}`);
  }
  lines.push('', `Problems: ${n(report.blocking)} blocking, ${n(report.warnings)} warning(s)`);
  for (const [code, group] of groupByCode(report.problems)) {
    const severity = group[0]!.severity;
    // report.problems may be a sample (first rows per code); the counts are always complete.
    const total = report.problemCounts[code] ?? group.length;
    lines.push(`  ${code} (${n(total)}, ${severity})`);
    for (const p of group.slice(0, FIRST_ROWS)) {
      const where =
        p.location && p.location !== `row ${p.row}` ? `row ${p.row}, ${p.location}` : `row ${p.row}`;
      lines.push(`    ${where} · ${p.field}: ${p.message}`);
    }
    const shown = Math.min(group.length, FIRST_ROWS);
    if (total > shown) lines.push(`    … and ${n(total - shown)} more (--json lists all)`);
  }
  lines.push('', 'Next steps');
  for (const step of nextSteps(report)) lines.push(`  - ${step}`);
  return `${lines.join('\n')}\n`;
}

function groupByCode(problems: Problem[]): Map<string, Problem[]> {
  const groups = new Map<string, Problem[]>();
  for (const p of problems) {
    const group = groups.get(p.code);
    if (group) group.push(p);
    else groups.set(p.code, [p]);
  }
  return groups;
}

/** Advice phrased from the migration guide's steps, only for what this export actually contains. */
export function nextSteps(report: FullAssessReport): string[] {
  const steps: string[] = [];
  const n = (x: number) => x.toLocaleString('en-US');
  const { lanes } = report;
  if (lanes.blocked > 0) {
    steps.push(
      `${n(lanes.blocked)} user(s) are blocked: fix the problems above in the source (or with --map) and run assess again.`,
    );
  }
  if (lanes['import-hash'] > 0) {
    steps.push(
      `${n(lanes['import-hash'])} user(s) keep their password: their hashes will be imported as they are.`,
    );
  }
  if (lanes.trickle > 0) {
    steps.push(
      `${n(lanes.trickle)} user(s) keep their password at their first sign-in after cutover (Step 8): route logins through createTrickleMigrator; \`trickle status\` says when the rest get a reset (\`resets send --lane trickle\`).`,
    );
  }
  if (lanes.reset > 0) {
    steps.push(`${n(lanes.reset)} user(s) will need a password reset: tell them before cutover.`);
  }
  const providers = Object.keys(report.oauthProviders);
  if (lanes.oauth > 0) {
    steps.push(
      `OAuth users: configure ${providers.length > 0 ? providers.join(', ') : 'their providers'} in WorkOS before cutover, so they sign in to the same account.`,
    );
  }
  if (lanes.passwordless > 0) {
    steps.push(
      `${n(lanes.passwordless)} user(s) move to Magic Auth: enable it in WorkOS and tell them how they will sign in.`,
    );
  }
  if (report.warnings > 0) steps.push('Review the warnings; --strict treats them as blocking.');
  if (lanes.blocked === 0 && report.total > 0)
    steps.push('Nothing blocks the import: rehearse it against the emulator next.');
  if (report.total === 0) steps.push('No users were read: check the file and its format.');
  return steps;
}
