import type { AssessDocument } from '../assess/assess-document.js';
import { LANE_MEANING } from '../plan/format-report.js';
import { LANES } from '../plan/types.js';
import { barChart, colorAt } from './charts.js';
import {
  checklist,
  countTable,
  escapeHtml,
  page,
  section,
  textTable,
  tiles,
  verdict,
  type ChecklistItem,
} from './html.js';

/** Problems listed one by one in the page; the counts per code are always complete. */
export const REPORT_PROBLEM_ROWS = 500;

const LANE_COLORS: Record<string, string> = {
  'import-hash': '#2b8a3e',
  trickle: '#0b7285',
  reset: '#e67700',
  oauth: '#3b5bdb',
  passwordless: '#5f3dc4',
  blocked: '#c62828',
};

const sorted = (o: Record<string, number>): Array<[string, number]> =>
  Object.entries(o).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

function assessChecklist(d: AssessDocument): ChecklistItem[] {
  const items: ChecklistItem[] = [
    d.lanes.blocked === 0
      ? { state: 'done', text: 'No user is blocked: the export can be imported.' }
      : {
          state: 'fail',
          text: `${d.lanes.blocked} user(s) blocked: fix them in the source (or with --map), then assess again.`,
        },
  ];
  if (d.credentials)
    items.push(
      d.credentials.ok
        ? { state: 'done', text: 'Every importable hash verified against its known password (hash canary).' }
        : {
            state: 'fail',
            text: `${d.credentials.failed} known password(s) do not verify against the converted hash: check the hash parameters.`,
          },
    );
  else
    items.push({
      state: 'todo',
      text: 'Check a few known passwords per hash format: assess --credentials test-users.csv.',
    });
  items.push({
    state: 'todo',
    text: "Choose the migration guide's strategy: A big-bang (sign-ups frozen) or B dual-write (workos-migrator strategy set).",
  });
  if (d.lanes.reset > 0)
    items.push({
      state: 'todo',
      text: `Step 6: tell the ${d.lanes.reset} user(s) who need a password reset before cutover.`,
    });
  if (d.lanes.oauth > 0)
    items.push({
      state: 'todo',
      text: `Step 7: configure ${Object.keys(d.oauthProviders).join(', ') || 'the OAuth providers'} in WorkOS before cutover.`,
    });
  if (d.warnings > 0)
    items.push({
      state: 'info',
      text: `${d.warnings} warning(s) to review; --strict treats them as blocking.`,
    });
  return items;
}

/** The assessment as one self-contained HTML page, drawn from the object `assess --json` prints. */
export function renderAssessReport(d: AssessDocument): string {
  const parts: string[] = [];
  const problemTotal = Object.values(d.problemCounts).reduce((a, b) => a + b, 0);
  parts.push(
    verdict(
      d.exitCode === 0,
      d.exitCode === 0 ? 'Nothing blocks the import.' : 'Something must be fixed before the import.',
      'data-exit-code',
      d.exitCode,
    ),
    tiles([
      { label: 'users read', value: d.total, path: ['total'] },
      {
        label: 'keep their password',
        value: d.lanes['import-hash'],
        path: ['lanes', 'import-hash'],
        tone: 'good',
      },
      { label: 'need a reset', value: d.lanes.reset, path: ['lanes', 'reset'] },
      {
        label: 'blocked',
        value: d.lanes.blocked,
        path: ['lanes', 'blocked'],
        tone: d.lanes.blocked ? 'bad' : 'good',
      },
      {
        label: 'blocking problems',
        value: d.blocking,
        path: ['blocking'],
        tone: d.blocking ? 'bad' : 'good',
      },
      { label: 'warnings', value: d.warnings, path: ['warnings'] },
    ]),
  );
  parts.push(
    section(
      'Users per lane',
      `<div class="grid"><div>${barChart(
        LANES.map((l) => ({ label: l, value: d.lanes[l], color: LANE_COLORS[l] })),
        { title: 'users per lane' },
      )}</div><div>${countTable(
        LANES.map((l) => ({ label: l, value: d.lanes[l], path: ['lanes', l], note: LANE_MEANING[l] })),
        ['lane', 'users'],
      )}</div></div>`,
      'lanes',
    ),
  );
  const hashTypes = sorted(d.hashTypes as Record<string, number>);
  const formats = sorted(d.sourceFormats);
  parts.push(
    section(
      'Password hashes per family',
      `<div class="grid"><div><h3>WorkOS hash type</h3>${barChart(
        hashTypes.map(([k, v], i) => ({ label: k, value: v, color: colorAt(i) })),
        { title: 'hashes per WorkOS type' },
      )}${countTable(
        hashTypes.map(([k, v]) => ({ label: k, value: v, path: ['hashTypes', k] })),
        ['WorkOS type', 'users'],
      )}</div><div><h3>Source format recognised</h3>${countTable(
        formats.map(([k, v]) => ({ label: k, value: v, path: ['sourceFormats', k] })),
        ['source format', 'users'],
      )}<h3>Why users land in reset</h3>${countTable(
        sorted(d.resetReasons).map(([k, v]) => ({ label: k, value: v, path: ['resetReasons', k] })),
        ['reason', 'users'],
      )}${
        Object.keys(d.trickleFormats).length
          ? `<h3>Checked at first sign-in (trickle)</h3>${countTable(
              sorted(d.trickleFormats).map(([k, v]) => ({ label: k, value: v, path: ['trickleFormats', k] })),
              ['source format', 'users'],
            )}`
          : ''
      }</div></div>`,
      'hashes',
    ),
  );
  if (d.credentials) {
    const c = d.credentials;
    parts.push(
      section(
        'Hash canary: known passwords per source format',
        tiles([
          { label: 'passed', value: c.passed, path: ['credentials', 'passed'], tone: 'good' },
          {
            label: 'failed',
            value: c.failed,
            path: ['credentials', 'failed'],
            tone: c.failed ? 'bad' : 'good',
          },
          { label: 'not importable', value: c.notImportable, path: ['credentials', 'notImportable'] },
        ]) +
          `<table class="counts"><thead><tr><th>source format</th><th class="num">passed</th><th class="num">failed</th><th class="num">not importable</th></tr></thead><tbody>${c.families
            .map(
              (f, i) =>
                `<tr><th scope="row">${escapeHtml(f.family)}</th>${(
                  ['passed', 'failed', 'notImportable'] as const
                )
                  .map(
                    (k) =>
                      `<td class="num" data-metric="${escapeHtml(JSON.stringify(['credentials', 'families', i, k]))}">${f[k]}</td>`,
                  )
                  .join('')}</tr>`,
            )
            .join('')}</tbody></table>`,
        'canary',
      ),
    );
  }
  if (Object.keys(d.oauthProviders).length > 0)
    parts.push(
      section(
        'OAuth users per provider',
        countTable(
          sorted(d.oauthProviders).map(([k, v]) => ({ label: k, value: v, path: ['oauthProviders', k] })),
          ['provider', 'users'],
        ),
        'oauth',
      ),
    );
  parts.push(
    section(
      'Problems',
      countTable(
        sorted(d.problemCounts).map(([k, v]) => ({ label: k, value: v, path: ['problemCounts', k] })),
        ['problem', 'rows'],
      ) +
        (d.problems.length
          ? textTable(
              ['row', 'field', 'problem', 'severity', 'what to do'],
              d.problems
                .slice(0, REPORT_PROBLEM_ROWS)
                .map((p) => [p.row, p.field, p.code, p.severity, p.message]),
            )
          : '') +
        (problemTotal > Math.min(d.problems.length, REPORT_PROBLEM_ROWS)
          ? `<p class="muted">The first ${Math.min(d.problems.length, REPORT_PROBLEM_ROWS)} of ${problemTotal} problems; assess --json lists all.</p>`
          : ''),
      'problems',
    ),
  );
  parts.push(section('Checklist', checklist(assessChecklist(d)), 'checklist'));
  return page(`Migration assessment: ${d.source}`, `${d.total} record(s) read`, parts.join('\n'));
}
