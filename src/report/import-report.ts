import type { ImportSummary } from '../importer/summary.js';
import { needsAttention, USER_STATUSES } from '../journal/statuses.js';
import { LANES } from '../plan/types.js';
import type { RunSecond } from '../journal/run-seconds.js';
import { barChart, timeChart, type TimeSeries } from './charts.js';
import {
  checklist,
  countTable,
  escapeHtml,
  metric,
  page,
  section,
  textTable,
  tiles,
  verdict,
  type ChecklistItem,
} from './html.js';

const STATUS_COLORS: Record<string, string> = {
  created: '#2b8a3e',
  linked: '#0b7285',
  pending: '#868e96',
  in_flight: '#e67700',
  unknown: '#e67700',
  conflict: '#c2255c',
  invalid: '#c62828',
  failed: '#c62828',
  blocked: '#c62828',
};

function importChecklist(s: ImportSummary): ChecklistItem[] {
  const attention = needsAttention(s.statuses);
  const pending = s.statuses.pending ?? 0;
  const items: ChecklistItem[] = [
    s.strategy
      ? {
          state: 'done',
          text: `Strategy ${s.strategy} recorded (${s.strategy === 'A' ? 'big-bang, sign-ups frozen' : 'dual-write, sign-ups open'}).`,
        }
      : { state: 'todo', text: 'Record the strategy: workos-migrator strategy set big-bang|dual-write.' },
    attention === 0 && pending === 0
      ? { state: 'done', text: 'Every sendable user is in WorkOS (created or linked).' }
      : {
          state: 'fail',
          text: `${attention} row(s) need attention and ${pending} are not sent yet: errors export, fix, then retry.`,
        },
    s.requests.rateLimited === 0
      ? { state: 'done', text: 'The pacing held: no request was answered 429.' }
      : {
          state: 'info',
          text: `${s.requests.rateLimited} request(s) were answered 429 and waited out Retry-After; no user was lost to them.`,
        },
  ];
  if (s.interrupted)
    items.push({ state: 'todo', text: 'The run was interrupted: run the same command again to resume.' });
  items.push(
    {
      state: 'todo',
      text: 'Step 6: password resets for the users whose hash could not be imported (resets plan, notice, send).',
    },
    { state: 'todo', text: 'Step 7: OAuth providers configured, then oauth check.' },
    { state: 'todo', text: 'Verify the migration (test logins, field parity), then Step 8: cutover.' },
  );
  return items;
}

/** The import as one self-contained HTML page, drawn from the object `import --json` prints. */
export function renderImportReport(s: ImportSummary): string {
  const statuses = USER_STATUSES.filter((k) => (s.statuses[k] ?? 0) > 0);
  const thisRun = USER_STATUSES.filter((k) => (s.thisRun[k] ?? 0) > 0);
  const parts: string[] = [];
  const ok = s.exitCode === 0;
  parts.push(
    verdict(
      ok,
      ok ? 'Every sendable user is in WorkOS.' : 'Some users need attention.',
      'data-exit-code',
      s.exitCode,
    ),
    tiles([
      { label: 'users in the source', value: s.total, path: ['total'] },
      {
        label: 'created this run',
        value: s.thisRun.created ?? 0,
        path: ['thisRun', 'created'],
        tone: 'good',
      },
      { label: 'write requests', value: s.requests.writes, path: ['requests', 'writes'] },
      {
        label: 'answered 429',
        value: s.requests.rateLimited,
        path: ['requests', 'rateLimited'],
        tone: s.requests.rateLimited ? 'bad' : 'good',
      },
      { label: 'retries', value: s.requests.retries, path: ['requests', 'retries'] },
      { label: 'writes per second', value: s.writesPerSecond, path: ['writesPerSecond'] },
    ]),
  );
  const timeline = s.timeline;
  const perSecond = (
    name: string,
    field: Exclude<keyof RunSecond, 'second'>,
    color: string,
    kind: TimeSeries['kind'],
  ): TimeSeries => ({ name, values: timeline.map((t) => t[field]), color, kind });
  const overTime = (title: string, id: string, series: TimeSeries[], yLabel: string, after = '') =>
    section(
      title,
      timeline.length
        ? timeChart(series, { title, yLabel }) + after
        : '<p class="muted">No request was sent in this run.</p>',
      id,
    );
  const total = (field: 'rateLimited' | 'retries') => timeline.reduce((n, t) => n + t[field], 0);
  parts.push(
    overTime(
      'Import rate over time',
      'rate',
      [
        perSecond('write requests / s', 'writes', '#3b5bdb', 'line'),
        perSecond('users created / s', 'created', '#2b8a3e', 'line'),
      ],
      'per second',
    ),
    overTime(
      '429s and retries over time',
      'limits',
      [
        perSecond('answered 429', 'rateLimited', '#c62828', 'bars'),
        perSecond('retries (5xx, network)', 'retries', '#e67700', 'bars'),
      ],
      'requests',
      `<p class="muted">Totals over the timeline: <span data-metric-sum="timeline.rateLimited">${total('rateLimited')}</span> answered 429, ` +
        `<span data-metric-sum="timeline.retries">${total('retries')}</span> retries, over ${timeline.length} second(s).</p>`,
    ),
  );
  parts.push(
    section(
      'Outcomes',
      `<div class="grid"><div><h3>Every user of the journal</h3>${barChart(
        statuses.map((k) => ({ label: k, value: s.statuses[k] ?? 0, color: STATUS_COLORS[k] })),
        { title: 'users per outcome' },
      )}${countTable(
        statuses.map((k) => ({ label: k, value: s.statuses[k] ?? 0, path: ['statuses', k] })),
        ['outcome', 'users'],
      )}</div><div><h3>Reached in this run</h3>${countTable(
        thisRun.map((k) => ({ label: k, value: s.thisRun[k] ?? 0, path: ['thisRun', k] })),
        ['outcome', 'users'],
      )}<h3>Lanes</h3>${countTable(
        LANES.filter((l) => (s.lanes[l] ?? 0) > 0).map((l) => ({
          label: l,
          value: s.lanes[l] ?? 0,
          path: ['lanes', l],
        })),
        ['lane', 'users'],
      )}</div></div>`,
      'outcomes',
    ),
  );
  const families = Object.entries(s.hashFamilies ?? {});
  if (families.length) {
    const columns = USER_STATUSES.filter((k) => families.some(([, c]) => (c[k] ?? 0) > 0));
    parts.push(
      section(
        'Per hash family',
        `<table class="counts"><thead><tr><th>source hash family</th>${columns
          .map((c) => `<th class="num">${escapeHtml(c)}</th>`)
          .join('')}</tr></thead><tbody>${families
          .map(
            ([family, counts]) =>
              `<tr><th scope="row">${escapeHtml(family)}</th>${columns
                .map((c) =>
                  counts[c] === undefined
                    ? '<td class="num muted">0</td>'
                    : metric(counts[c], ['hashFamilies', family, c], 'td'),
                )
                .join('')}</tr>`,
          )
          .join('')}</tbody></table>`,
        'families',
      ),
    );
  }
  if (s.dryRunProblems?.length)
    parts.push(
      section(
        'Problems',
        textTable(
          ['row', 'payload problems'],
          s.dryRunProblems.map((p) => [p.row, p.problems.join('; ')]),
        ),
        'problems',
      ),
    );
  parts.push(section('Checklist', checklist(importChecklist(s)), 'checklist'));
  return page(
    `Import${s.runId !== null ? ` run ${s.runId}` : ''}: ${s.source}`,
    `${s.dryRun ? 'dry run, nothing sent · ' : ''}${(s.elapsedMs / 1000).toFixed(1)} s · journal ${s.journal}`,
    parts.join('\n'),
  );
}
