import type { Command } from 'commander';
import { exportResetNotice } from '../../resets/notice.js';
import { parseResetLanes, planResets } from '../../resets/plan.js';
import { sendResets, type SendResetsSummary } from '../../resets/send.js';
import { getResetStatus } from '../../resets/status.js';
import type { ResetWhen } from '../../resets/guide.js';
import type { ImportProgress } from '../../importer/run-import.js';
import { addStateOption, progressBar } from './import-output.js';
import { addPresetOptions, sourceOptions, type PresetFlags } from './preset-flags.js';
import {
  addCampaignOptions,
  campaignOptions,
  parseDuration,
  parseLimit,
  type CampaignFlags,
} from './campaign-flags.js';

const stateFlag = (state: string) => (state === './workos-migrator.db' ? '' : ` --state ${state}`);

function formatSend(s: SendResetsSummary, state: string): string {
  const r = s.thisRun;
  const lines: string[] = [];
  if (s.dryRun) {
    lines.push(`dry run: ${r.wouldSend ?? 0} password reset email(s) would be sent, nothing was sent`);
  } else {
    lines.push(
      `${s.interrupted ? 'reset campaign interrupted' : 'reset campaign finished'}: ${r.done ?? 0} reset email(s) sent this run` +
        (r.settled ? `, ${r.settled} earlier send(s) confirmed from WorkOS events` : ''),
    );
  }
  const st = s.statuses;
  lines.push(
    `  all planned users: ${st.done ?? 0} sent, ${(st.planned ?? 0) + (st.failed ?? 0)} not sent yet, ` +
      `${st.gone ?? 0} no longer in WorkOS, ${st.not_allowed ?? 0} refused by WorkOS, ${st.unknown ?? 0} unknown` +
      (st.lazy ? `, ${st.lazy} left to the first failed login (lazy)` : ''),
  );
  lines.push(
    `  requests: ${s.requests.writes} resets, ${s.requests.reads} event reads, ${s.requests.rateLimited} answered 429`,
  );
  if (st.unknown)
    lines.push(
      `  ${st.unknown} unknown: sent without an answer and not confirmed by events; they are not re-sent unless you pass --resend-unknown (they may then get two emails)`,
    );
  if ((st.gone ?? 0) + (st.not_allowed ?? 0) + (st.failed ?? 0) > 0)
    lines.push(`  next: workos-migrator resets status${stateFlag(state)}   (lists each with its reason)`);
  if (s.interrupted) lines.push('  next: run the same command again: nobody who was sent one gets a second');
  return `${lines.join('\n')}\n`;
}

/** resets plan | notice | send | status: the guide's Step 6 for users whose password could not be imported. */
export function register(program: Command): void {
  const resets = program
    .command('resets')
    .description(
      'Password resets for users whose password could not be imported (the migration guide, Step 6): plan, notice, send, status.',
    );

  addStateOption(
    resets
      .command('plan')
      .description(
        'Who needs a password reset (created without a password), and when: in a batch now or on first failed login',
      )
      .option('--lane <lanes>', 'reset lanes to plan (reset, trickle; comma-separated)')
      .option(
        '--when <import|lazy>',
        'import: send a batch with "resets send"; lazy: on the first failed login',
        'import',
      )
      .option('--date <YYYY-MM-DD>', 'the planned date the notice names (e.g. the cutover)')
      .option('--json', 'print one JSON document'),
  ).action((flags: { state: string; lane?: string; when: string; date?: string; json?: boolean }) => {
    const p = planResets({
      state: flags.state,
      lanes: parseResetLanes(flags.lane),
      when: flags.when as ResetWhen,
      plannedFor: flags.date,
    });
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(p)}\n`);
      return;
    }
    const lines = [
      `${p.planned} user(s) need a password reset (${p.when === 'import' ? 'sent in a batch by "resets send"' : 'sent on their first failed login'})`,
      ...Object.entries(p.byLane).map(([lane, n]) => `  lane ${lane.padEnd(8)} ${n}`),
    ];
    if (p.alreadySettled)
      lines.push(`  ${p.alreadySettled} already sent or settled earlier: not planned again`);
    if (p.existing)
      lines.push(
        `  ${p.existing} already existed in WorkOS before the import (may hold a password there): not planned`,
      );
    if (p.notImported)
      lines.push(`  ${p.notImported} not imported yet: run the import first, then plan again`);
    lines.push(
      '',
      p.warning,
      `  next: workos-migrator resets notice${stateFlag(flags.state)} --out users.csv`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  });

  addStateOption(
    addPresetOptions(resets.command('notice'))
      .description(
        'The list to warn before cutover (email, name, reason, date) and a message template; nothing is sent',
      )
      .option('--out <file>', 'write the CSV here (mode 0600) instead of stdout')
      .option('--source <file>', 'the export to read names from (default: the one the journal recorded)')
      .option('--format <format>', 'source format: json, ndjson, csv, sql')
      .option('--query <sql>', 'SQL query for a database source')
      .option('--map <file>', 'field mapping file used for the import')
      .option('--date <YYYY-MM-DD>', 'the planned date to print for everyone'),
  ).action(
    async (
      flags: PresetFlags & {
        state: string;
        out?: string;
        source?: string;
        format?: string;
        query?: string;
        map?: string;
        date?: string;
      },
    ) => {
      const r = await exportResetNotice({
        state: flags.state,
        out: flags.out,
        source: flags.source,
        ...sourceOptions(flags),
        plannedFor: flags.date,
      });
      const where = flags.out ? process.stdout : process.stderr;
      where.write(
        `${r.rows} user(s) to warn${flags.out ? ` written to ${flags.out}` : ''}` +
          (r.notInSource ? ` (${r.notInSource} no longer in the source: listed without a name)` : '') +
          '. Nothing was sent: mail them with your own provider, before cutover.\n\nMessage template:\n\n' +
          r.template,
      );
    },
  );

  addCampaignOptions(
    resets
      .command('send')
      .description(
        'Create one WorkOS password reset per planned user, paced and journaled: nobody ever gets two',
      )
      .option('--lane <lanes>', 'only these reset lanes (comma-separated)')
      .option('--limit <n>', 'send at most n in this run')
      .option('--dry-run', 'count what would be sent; nothing leaves')
      .option(
        '--resend-unknown',
        'send again to users whose earlier send got no answer and could not be confirmed (they may get two)',
      )
      .option(
        '--event-lag <duration>',
        'how long WorkOS may take to list a reset event (default 60s; 0 for the emulator)',
      ),
  ).action(
    async (
      flags: CampaignFlags & { lane?: string; limit?: string; resendUnknown?: boolean; eventLag?: string },
    ) => {
      const { options, done } = await campaignOptions(flags);
      const bar = progressBar(!flags.json);
      try {
        const s = await sendResets({
          ...options,
          lanes: flags.lane ? parseResetLanes(flags.lane) : undefined,
          limit: parseLimit(flags.limit),
          dryRun: flags.dryRun,
          resendUnknown: flags.resendUnknown,
          eventLagMs: parseDuration(flags.eventLag, '--event-lag'),
          onProgress: (p) => bar.update(p as unknown as ImportProgress),
        });
        process.stdout.write(flags.json ? `${JSON.stringify(s)}\n` : formatSend(s, flags.state));
        process.exitCode = s.exitCode;
      } finally {
        bar.stop();
        done();
      }
    },
  );

  addCampaignOptions(
    resets
      .command('status')
      .description(
        'Sent, pending, failed (from the journal) and completed (WorkOS password_reset.succeeded events)',
      )
      .option('--no-events', 'journal only: do not read WorkOS events'),
  ).action(async (flags: CampaignFlags & { events: boolean }) => {
    const { options, done } = await campaignOptions(flags);
    try {
      const s = await getResetStatus({ ...options, events: flags.events });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(s)}\n`);
      } else {
        const lines = [
          `password resets in ${s.journal}`,
          `  sent       ${s.sent}`,
          `  completed  ${s.completed ?? `— (${s.completedUnavailable ?? 'not asked'})`}`,
          `  pending    ${s.pending}`,
          `  lazy       ${s.lazy}`,
          `  failed     ${s.failed}`,
          ...s.failures
            .slice(0, 50)
            .map((f) => `    ${f.email}: ${f.status}${f.reason ? ` — ${f.reason}` : ''}`),
        ];
        if (s.failures.length > 50) lines.push(`    … and ${s.failures.length - 50} more (--json lists all)`);
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      process.exitCode = s.failed + s.pending > 0 ? 1 : 0;
    } finally {
      done();
    }
  });
}
