import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import type { ImportProgress } from '../../importer/run-import.js';
import { runUndo, type UndoPlan, type UndoSummary } from '../../undo/undo.js';
import { UsageError } from '../errors.js';
import { addCampaignOptions, campaignOptions, type CampaignFlags } from './campaign-flags.js';
import { progressBar } from './import-output.js';

interface UndoFlags extends CampaignFlags {
  run?: string;
  last?: boolean;
  orgDeleteLimit: string;
  yesDeleteProductionUsers?: boolean;
}

/** On a terminal, unless --yes: the user types the number of users to delete. Elsewhere --yes is required. */
function confirmer(flags: UndoFlags): ((plan: UndoPlan) => Promise<boolean>) | undefined {
  if (flags.yes) return undefined;
  return async (plan) => {
    const what = `delete ${plan.toDelete} WorkOS user(s) that run ${plan.runId} (started ${plan.runStartedAt}) created at ${plan.target}`;
    if (!process.stdin.isTTY) throw new UsageError(`undo would ${what}: pass --yes to confirm`);
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    const answer = await rl.question(`This will ${what}. Type ${plan.toDelete} to confirm: `);
    rl.close();
    return answer.trim() === String(plan.toDelete);
  };
}

function formatUndo(s: UndoSummary): string {
  const r = s.thisRun;
  const st = s.statuses;
  const left = (st.planned ?? 0) + (st.failed ?? 0) + (st.in_flight ?? 0) + (st.unknown ?? 0);
  const lines = [
    !s.confirmed
      ? `undo of run ${s.runId} not confirmed: nothing was deleted`
      : `${s.interrupted ? 'undo interrupted' : 'undo finished'}: run ${s.runId} at ${s.target}: ${r.deleted ?? 0} user(s) deleted this time` +
        (r.alreadyGone ? `, ${r.alreadyGone} already gone` : ''),
    `  all users of run ${s.runId}: ${(st.done ?? 0) + (st.gone ?? 0)} deleted, ${left} still in WorkOS`,
    `  untouched: ${s.untouched.linked} linked (existed before), ${s.untouched.dualWrite} created by dual-write, ${s.untouched.otherRuns} created by other runs`,
    `  requests: ${s.requests.writes} deletes, ${s.requests.rateLimited} answered 429`,
  ];
  if (s.organizations) {
    const o = s.organizations;
    lines.push(`  organizations: ${o.organizations} deleted, ${o.memberships} membership(s) deleted`);
    for (const f of o.failed.slice(0, 10)) lines.push(`    ${f.object} ${f.key} not deleted: ${f.reason}`);
  }
  if (s.unsettled > 0)
    lines.push(
      `  ${s.unsettled} user(s) of run ${s.runId} have no known outcome (the run stopped with them in flight): run the same import again to settle them, then undo again`,
    );
  if (left > 0 && s.confirmed)
    lines.push('  next: run the same command again: it resumes, and nothing is deleted twice');
  if (s.confirmed && left === 0)
    lines.push('  the journal has these users as pending again: importing again creates them again');
  return `${lines.join('\n')}\n`;
}

/** undo: the rehearsal's way back — delete exactly the users one import run created. */
export function register(program: Command): void {
  addCampaignOptions(
    program
      .command('undo')
      .description(
        'For rehearsals: delete exactly the WorkOS users one import run created (never linked users, never dual-write ones), paced, journaled, resumable',
      )
      .option('--run <id>', 'the run to undo (its id from "workos-migrator status --json")')
      .option('--last', 'the latest import or retry run')
      .option(
        '--org-delete-limit <n/window>',
        "WorkOS's organization-delete limit per API key to pace against",
        '50/60s',
      )
      .option('--yes-delete-production-users', 'allow deleting with a production (sk_live_) key'),
  ).action(async (flags: UndoFlags) => {
    let runId: number | undefined;
    if (flags.run !== undefined) {
      runId = Number(flags.run);
      if (!Number.isInteger(runId) || runId < 1)
        throw new UsageError(`--run must be a run id (a whole number), not "${flags.run}"`);
    }
    // The live key is undo's own question (--yes-delete-production-users), not import's --yes.
    const { options, done } = await campaignOptions({ ...flags, yes: true });
    const bar = progressBar(!flags.json);
    try {
      const s = await runUndo({
        ...options,
        organizationDeleteLimit: flags.orgDeleteLimit,
        run: runId,
        last: flags.last,
        allowProduction: flags.yesDeleteProductionUsers,
        confirm: confirmer(flags),
        onProgress: (p) => bar.update(p as unknown as ImportProgress),
      });
      bar.stop();
      process.stdout.write(flags.json ? `${JSON.stringify(s)}\n` : formatUndo(s));
      process.exitCode = s.exitCode;
    } finally {
      bar.stop();
      done();
    }
  });
}
