import type { Command } from 'commander';
import {
  checkFromSource,
  markVerified,
  sendVerificationEmails,
  type CampaignSummary,
} from '../../verification/index.js';
import { addCampaignOptions, campaignOptions, parseDuration, type CampaignFlags } from './campaign-flags.js';
import { addPresetOptions, sourceOptions, type PresetFlags } from './preset-flags.js';

function formatCampaign(s: CampaignSummary, what: { did: string; skipped: string }): string {
  const r = s.thisRun;
  const st = s.statuses;
  const lines = [
    r.wouldSend !== undefined
      ? `dry run: ${r.wouldSend} user(s) would be ${what.did}, nothing was sent`
      : `${s.interrupted ? 'interrupted' : 'finished'}: ${r.done ?? 0} user(s) ${what.did} this run, ${r.skipped ?? 0} ${what.skipped}`,
    `  all planned users: ${st.done ?? 0} done, ${st.skipped ?? 0} ${what.skipped}, ${(st.planned ?? 0) + (st.failed ?? 0)} not done yet, ` +
      `${st.gone ?? 0} no longer in WorkOS, ${st.unknown ?? 0} unknown`,
    `  requests: ${s.requests.writes} writes, ${s.requests.reads} reads, ${s.requests.rateLimited} answered 429`,
  ];
  if (st.unknown)
    lines.push(
      `  ${st.unknown} unknown: sent without an answer and not confirmed by events; --resend-unknown sends again`,
    );
  if (s.interrupted) lines.push('  next: run the same command again: it resumes, nobody gets a second email');
  return `${lines.join('\n')}\n`;
}

/** users mark-verified | send-verification: the guide's "email not verified" recovery. */
export function register(program: Command): void {
  const users = program
    .command('users')
    .description(
      'Email verification after the import: mark verified who was verified before, send verification to the others',
    );

  addCampaignOptions(
    addPresetOptions(users.command('mark-verified'))
      .description(
        'Set email_verified for users the old system had verified but who were imported unverified',
      )
      .option(
        '--from-source [file]',
        'read who was verified from the export (default: the one the journal recorded)',
      )
      .option('--format <format>', 'source format: json, ndjson, csv, sql')
      .option('--query <sql>', 'SQL query for a database source')
      .option('--map <file>', 'field mapping file used for the import')
      .option('--dry-run', 'count who would be updated; nothing is sent'),
  ).action(
    async (
      flags: CampaignFlags &
        PresetFlags & { fromSource?: string | boolean; format?: string; query?: string; map?: string },
    ) => {
      const { options, done } = await campaignOptions(flags);
      try {
        const s = await markVerified({
          ...options,
          source: checkFromSource(flags.fromSource),
          ...sourceOptions(flags),
          dryRun: flags.dryRun,
        });
        process.stdout.write(
          flags.json
            ? `${JSON.stringify(s)}\n`
            : formatCampaign(s, { did: 'marked verified', skipped: 'already verified' }),
        );
        process.exitCode = s.exitCode;
      } finally {
        done();
      }
    },
  );

  addCampaignOptions(
    users
      .command('send-verification')
      .description(
        'Send a verification email, at most once per user, to imported users not verified otherwise',
      )
      .option('--dry-run', 'count who would get one; nothing is sent')
      .option('--resend-unknown', 'send again where an earlier send got no answer and could not be confirmed')
      .option(
        '--event-lag <duration>',
        'how long WorkOS may take to list the event (default 60s; 0 for the emulator)',
      ),
  ).action(async (flags: CampaignFlags & { resendUnknown?: boolean; eventLag?: string }) => {
    const { options, done } = await campaignOptions(flags);
    try {
      const s = await sendVerificationEmails({
        ...options,
        dryRun: flags.dryRun,
        resendUnknown: flags.resendUnknown,
        eventLagMs: parseDuration(flags.eventLag, '--event-lag'),
      });
      process.stdout.write(
        flags.json
          ? `${JSON.stringify(s)}\n`
          : formatCampaign(s, { did: 'sent a verification email', skipped: 'already verified' }),
      );
      process.exitCode = s.exitCode;
    } finally {
      done();
    }
  });
}
