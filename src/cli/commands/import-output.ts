import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { ImportProgress, ImportSummary } from '../../importer/run-import.js';
import { resolveTarget } from '../../workos/client.js';
import type { WriteBackSummary } from '../../writeback/write-back.js';
import { UsageError } from '../errors.js';

/** Options shared by every command that talks to WorkOS. The key only ever comes from the environment. */
export function addTargetOptions(command: Command): Command {
  return command
    .option(
      '--emulator <url>',
      'send to a local WorkOS emulator instead of api.workos.com (key: WORKOS_API_KEY or the emulator default)',
    )
    .option('--yes', 'do not ask before writing with a production (sk_live_) key');
}

export function addStateOption(command: Command): Command {
  return command.option('--state <file>', 'journal file', './workos-migrator.db');
}

/** A production key writes to real users: require --yes, or a typed confirmation on a terminal. */
export async function confirmTarget(flags: {
  emulator?: string;
  yes?: boolean;
  dryRun?: boolean;
}): Promise<void> {
  if (flags.dryRun) return;
  let target;
  try {
    target = resolveTarget({ emulatorUrl: flags.emulator });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (!target.isLive || flags.yes) return;
  if (!process.stdin.isTTY) {
    throw new UsageError(
      'WORKOS_API_KEY is a production key (sk_live_); pass --yes to confirm writing to the live environment',
    );
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question(
    'WORKOS_API_KEY is a production key (sk_live_). Type "yes" to write to the live environment: ',
  );
  rl.close();
  if (answer.trim().toLowerCase() !== 'yes') throw new UsageError('not confirmed; nothing was sent');
}

/** Emails for a canary batch: one per line, blank lines and # comments ignored. */
export function readEmailList(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(
      `--only ${path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const emails = text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter(Boolean);
  if (emails.length === 0) throw new UsageError(`--only ${path}: no email addresses in it (one per line)`);
  return emails;
}

/** A progress bar on stderr, only when it is a terminal and output is for people. */
export function progressBar(enabled: boolean): { update: (p: ImportProgress) => void; stop: () => void } {
  if (!enabled || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: '{phase} [{bar}] {value}/{total} users | {speed} users/s | 429s: {limited} | ETA {eta_h}',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let phase = '';
  return {
    update(p) {
      const fields = {
        phase: p.phase.padEnd(9),
        speed: p.usersPerSecond.toFixed(1),
        limited: p.rateLimited,
        eta_h: formatEta(p.etaSeconds),
      };
      if (p.phase !== phase) {
        if (phase) bar.stop();
        phase = p.phase;
        bar.start(p.total, p.done, fields);
      } else {
        bar.update(p.done, fields);
      }
    },
    stop() {
      if (phase) bar.stop();
    },
  };
}

function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
    : s >= 60
      ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
      : `${s}s`;
}

/** The write-back's lines of a summary (import and mapping write-back). */
export function formatWriteBack(w: WriteBackSummary): string[] {
  const lines = [
    `  write-back to ${w.database}: ${w.written} written this run, ${w.alreadyWritten} earlier, ${w.failed} not written`,
  ];
  for (const f of w.failures) lines.push(`    row ${f.row} (${f.localId ?? f.email}): ${f.error}`);
  if (w.failed > w.failures.length) lines.push(`    … and ${w.failed - w.failures.length} more`);
  return lines;
}

const ORDER = [
  'created',
  'linked',
  'conflict',
  'invalid',
  'failed',
  'unknown',
  'in_flight',
  'blocked',
  'pending',
] as const;

/** The final summary for people: one line per outcome, then what to do next. */
export function formatSummary(s: ImportSummary, state: string): string {
  const lines: string[] = [];
  if (s.dryRun) {
    lines.push(
      `dry run over ${s.source}: ${s.total} records, ${s.wouldSend ?? 0} would be sent, nothing was sent`,
    );
    for (const [lane, n] of Object.entries(s.lanes)) if (n) lines.push(`  ${lane.padEnd(13)} ${n}`);
    if (s.dryRunProblems?.length) {
      lines.push(`  ${s.dryRunProblems.length} payload(s) do not match the WorkOS Create User schema:`);
      for (const p of s.dryRunProblems.slice(0, 20)) lines.push(`    row ${p.row}: ${p.problems.join('; ')}`);
    } else {
      lines.push('  every payload matches the WorkOS Create User schema');
    }
    lines.push(`  pace: at most ${s.writesPerSecond.toFixed(1)} creates/s`);
    return `${lines.join('\n')}\n`;
  }
  const secs = (s.elapsedMs / 1000).toFixed(1);
  lines.push(
    `${s.interrupted ? 'import interrupted' : 'import finished'} in ${secs}s — strategy ${s.strategy}, source ${s.source}`,
  );
  const run = ORDER.filter((k) => s.thisRun[k]).map((k) => `${k} ${s.thisRun[k]}`);
  lines.push(`  this run:  ${run.length ? run.join(', ') : 'nothing to send'}`);
  lines.push(`  all ${s.total} records:`);
  for (const k of ORDER) if (s.statuses[k]) lines.push(`    ${k.padEnd(10)} ${s.statuses[k]}`);
  const r = s.requests;
  lines.push(
    `  requests: ${r.writes} creates (${s.writesPerSecond.toFixed(1)}/s), ${r.reads} lookups, ${r.rateLimited} answered 429, ${r.retries} retries`,
  );
  if (s.webhooks)
    lines.push(
      `  webhooks: ${s.webhooks.paused} paused, ${s.webhooks.restored} re-enabled${s.webhooks.restoreFailed.length ? `, NOT re-enabled: ${s.webhooks.restoreFailed.join(', ')}` : ''}`,
    );
  if (s.writeBack) lines.push(...formatWriteBack(s.writeBack));
  const stateFlag = state === './workos-migrator.db' ? '' : ` --state ${state}`;
  if (s.interrupted || (s.statuses.unknown ?? 0) + (s.statuses.in_flight ?? 0) > 0) {
    lines.push(
      `  next: run the same command again to resume; unsettled rows are looked up before anything is re-sent`,
    );
  }
  if (
    s.exitCode !== 0 &&
    (s.statuses.conflict ?? 0) +
      (s.statuses.invalid ?? 0) +
      (s.statuses.failed ?? 0) +
      (s.statuses.blocked ?? 0) >
      0
  ) {
    lines.push(
      `  next: workos-migrator errors export${stateFlag} --out errors.csv   (fix, then: workos-migrator retry${stateFlag})`,
    );
  }
  if ((s.statuses.pending ?? 0) > 0 && !s.interrupted)
    lines.push(
      `  ${s.statuses.pending} row(s) not sent yet (canary --limit/--only): run without them to continue`,
    );
  lines.push(`  mapping: workos-migrator mapping export${stateFlag} --format csv --out mapping.csv`);
  return `${lines.join('\n')}\n`;
}
