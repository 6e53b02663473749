import type { FieldDrift } from './drift.js';
import type { ReconcileReport } from './reconcile.js';

const show = (v: string | boolean | null): string =>
  v === null ? 'empty' : typeof v === 'string' ? `"${v}"` : String(v);

export const describeField = (f: FieldDrift): string =>
  `${f.field} ${show(f.source)} in the source, ${show(f.workos)} in WorkOS`;

/** reconcile's report for people, in the migration guide's words (sync verification, drift). */
export function formatReconcile(r: ReconcileReport, fix: boolean): string {
  const lines = [
    `sync verification of ${r.source}: ${r.compared} user(s) with a WorkOS id compared${r.withoutWorkosId ? ` (${r.withoutWorkosId} without one, not in WorkOS yet)` : ''}`,
    `  read by ${r.read.kind === 'per-user' ? 'per-user reads' : 'one paginated listing'}: ${r.read.why}`,
  ];
  if (r.drift.length === 0) lines.push('  no drift: WorkOS matches the source for every user');
  else lines.push(`  drift in ${r.drift.length} user(s):`);
  for (const d of r.drift.slice(0, 50)) {
    const who = `user ${d.localId ?? d.email} (${d.location}, WorkOS ${d.workosId})`;
    const what = d.missing ? 'not in WorkOS (deleted there?)' : d.fields.map(describeField).join('; ');
    const state = d.fixed ? ' — fixed' : d.fixError ? ` — NOT fixed: ${d.fixError}` : '';
    lines.push(`    ${who}: ${what}${d.inOutbox ? ' [changes still in the outbox]' : ''}${state}`);
  }
  if (r.drift.length > 50) lines.push(`    … and ${r.drift.length - 50} more (--json lists all)`);
  if (fix) lines.push(`  fixed ${r.fixed}, remaining ${r.remaining}`);
  if (r.dualWriteTested) lines.push(`  dual_write_tested=true recorded in the journal and ${r.migrationLog}`);
  if (r.drift.some((d) => d.inOutbox))
    lines.push('  next: workos-migrator dualwrite drain <db-url> first; some drift is still on its way');
  if (r.remaining > 0 && !fix)
    lines.push('  next: workos-migrator reconcile … --fix updates WorkOS from the source');
  if (r.drift.some((d) => d.missing))
    lines.push(
      '  next: users missing in WorkOS are not re-created here: check who deleted them, then import or retry',
    );
  if (fix && r.remaining === 0 && r.drift.length > 0)
    lines.push('  next: run reconcile again: a run without drift records dual_write_tested=true');
  return `${lines.join('\n')}\n`;
}
