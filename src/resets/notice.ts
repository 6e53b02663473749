import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { usageError } from '../errors/index.js';
import { identityKey } from '../journal/identity.js';
import type { ActionRow } from '../journal/actions.js';
import { journalSourceLocation } from '../journal/reports.js';
import { planOptionsOf } from '../importer/settings.js';
import { classifyUserHash, streamSourceUsers } from '../importer/source-users.js';
import type { PlanOptions, SourceOverride } from '../plan/types.js';
import { importedSource, openImportedJournal } from '../runner/campaign.js';
import { noticeTemplate, reasonWords, type ResetWhen } from './guide.js';

/** The export (default: the one the journal recorded), with its mapping. */
export interface ResetNoticeOptions extends SourceOverride {
  state?: string;
  /** Where the CSV goes (mode 0600); default stdout. */
  out?: string;
  /** Overrides the planned date of every row. */
  plannedFor?: string;
}

export interface ResetNotice {
  rows: number;
  /** Planned users the source no longer has: listed without a name. */
  notInSource: number;
  template: string;
}

const csvCell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * The list to send the guide's warning to before cutover: email, name, why, when. Names are read
 * from the source again (like the import's send pass) rather than copied into the journal, which
 * keeps no more personal data than resuming needs; the reason is the planner's own classification.
 * Nothing is sent: the application mails it with its own provider, using the template.
 */
export async function exportResetNotice(options: ResetNoticeOptions = {}): Promise<ResetNotice> {
  const journal = openImportedJournal(options.state);
  const planned = new Map<string, ActionRow>();
  let when: ResetWhen;
  try {
    const source = importedSource(journal);
    for (const r of journal.actions.all(source.id, 'password_reset'))
      if (r.status !== 'gone' && r.status !== 'not_allowed') planned.set(r.key, r);
    if (planned.size === 0)
      throw usageError(
        `no password resets planned in ${journal.path}: run "workos-migrator resets plan" first`,
      );
    when = [...planned.values()].some((r) => r.mode === 'lazy') ? 'lazy' : 'import';
  } finally {
    journal.close();
  }
  const located = options.source
    ? { source: options.source, query: options.query }
    : journalSourceLocation(options.state);
  const planOptions: PlanOptions = planOptionsOf({ ...options, ...located });

  const out: Writable = options.out ? createWriteStream(options.out, { mode: 0o600 }) : process.stdout;
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  await write('email,first_name,last_name,reason,when,planned_date');
  let rows = 0;
  const line = (r: ActionRow, first: string, last: string, reason: string) =>
    [
      r.email,
      first,
      last,
      reasonWords(reason),
      r.mode === 'lazy' ? 'first sign-in' : 'reset email',
      options.plannedFor ?? r.plannedFor ?? '',
    ]
      .map(csvCell)
      .join(',');
  await streamSourceUsers(planOptions, async (user) => {
    const row = planned.get(identityKey(user));
    if (!row) return;
    planned.delete(row.key);
    const hash = classifyUserHash(user);
    const reason =
      hash && !hash.importable ? hash.reason : row.lane === 'trickle' ? 'trickle' : 'no_password';
    rows++;
    await write(line(row, user.firstName ?? '', user.lastName ?? '', reason));
  });
  const notInSource = planned.size;
  for (const row of planned.values()) {
    rows++;
    await write(line(row, '', '', row.lane === 'trickle' ? 'trickle' : 'no_password'));
  }
  if (options.out) {
    out.end();
    await once(out, 'finish');
  }
  return { rows, notInSource, template: noticeTemplate(when) };
}
