import { describe, expect, it } from 'vitest';
import type { AssessDocument } from '../assess/assess-document.js';
import { renderAssessReport } from './assess-report.js';
import { niceMax, timeChart } from './charts.js';
import { renderVerifyReport } from './verify-report.js';

const doc = (over: Partial<AssessDocument> = {}): AssessDocument => ({
  source: 'users.json',
  total: 2,
  lanes: { 'import-hash': 1, trickle: 0, reset: 0, oauth: 0, passwordless: 0, blocked: 1 },
  hashTypes: { bcrypt: 1 },
  unreadable: 0,
  resetReasons: {},
  trickleFormats: {},
  oauthProviders: {},
  sourceFormats: { 'bcrypt ($2b$)': 1 },
  blocking: 1,
  alreadyInWorkos: 0,
  warnings: 0,
  problemCounts: { invalid_email: 1 },
  exitCode: 1,
  problems: [
    {
      row: 2,
      field: 'email',
      code: 'invalid_email',
      severity: 'blocking',
      message: 'invalid email: "<script>alert(1)</script>@x" is not valid',
    },
  ],
  ...over,
});

describe('report renderers', () => {
  it('escape what the source wrote: no markup from an export reaches the page', () => {
    const html = renderAssessReport(doc({ source: '<img src=x onerror=alert(1)>' }));
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('say how many problems are listed when there are more than shown', () => {
    const html = renderAssessReport(doc({ problemCounts: { invalid_email: 1, control_character: 700 } }));
    expect(html).toContain('The first 1 of 701 problems');
  });

  it('draw a run of one second, or of none, without NaN', () => {
    for (const values of [[], [3]]) {
      const svg = timeChart([{ name: 'x', values, color: '#000', kind: 'line' }], {
        title: 't',
        yLabel: 'y',
      });
      expect(svg).not.toContain('NaN');
    }
    expect([0, 1, 7, 10, 11, 480].map(niceMax)).toEqual([1, 1, 10, 10, 20, 500]);
  });

  it('show a verify result that passed as ready for cutover', () => {
    const html = renderVerifyReport({ ok: true, checkedAt: 'now', target: 't', checks: [] });
    expect(html).toContain('ready for Step 8, cutover');
    expect(html).toContain('data-ok="true"');
  });
});
