/**
 * The building blocks of every HTML report: one self-contained page (styles inline, charts as
 * inline SVG, no script, no font, no image, and a Content-Security-Policy that forbids fetching
 * anything), so it opens offline and can be mailed as one file. Every number a person reads is
 * marked with `data-metric` = its JSON path in the command's `--json` document, which is what the
 * browser test compares.
 */

export function escapeHtml(text: unknown): string {
  return String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export type MetricPath = ReadonlyArray<string | number>;

export const formatNumber = (n: number): string =>
  Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 1 });

/** A number as shown, tied to where the JSON has it. */
export function metric(value: number, path: MetricPath, tag = 'span'): string {
  return `<${tag} class="num" data-metric="${escapeHtml(JSON.stringify(path))}">${formatNumber(value)}</${tag}>`;
}

/** A table of label → number rows, each number tied to its JSON path. */
export function countTable(
  rows: ReadonlyArray<{ label: string; value: number; path: MetricPath; note?: string }>,
  headers: readonly [string, string] = ['', 'users'],
): string {
  if (rows.length === 0) return '<p class="muted">none</p>';
  const body = rows
    .map(
      (r) =>
        `<tr><th scope="row">${escapeHtml(r.label)}</th>${metric(r.value, r.path, 'td')}${r.note !== undefined ? `<td class="muted">${escapeHtml(r.note)}</td>` : ''}</tr>`,
    )
    .join('');
  return `<table class="counts"><thead><tr><th>${escapeHtml(headers[0])}</th><th class="num">${escapeHtml(headers[1])}</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** A plain table of text cells (problems, offenders). */
export function textTable(headers: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('');
  return `<table class="text"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

export type CheckState = 'done' | 'todo' | 'info' | 'fail';

export interface ChecklistItem {
  state: CheckState;
  text: string;
}

const MARKS: Record<CheckState, string> = { done: '✔', todo: '☐', info: 'ℹ', fail: '✘' };

export function checklist(items: readonly ChecklistItem[]): string {
  return `<ul class="checklist">${items
    .map(
      (i) =>
        `<li class="${i.state}" data-check="${i.state}"><span class="mark" aria-hidden="true">${MARKS[i.state]}</span> ${escapeHtml(i.text)}</li>`,
    )
    .join('')}</ul>`;
}

/** The page's one-line answer, green or red, with the JSON field it comes from as an attribute. */
export function verdict(good: boolean, text: string, attribute: string, value: unknown): string {
  return `<p class="verdict ${good ? 'good' : 'bad'}" ${attribute}="${escapeHtml(value)}">${escapeHtml(text)}</p>`;
}

export function section(title: string, body: string, id?: string): string {
  return `<section${id ? ` id="${escapeHtml(id)}"` : ''}><h2>${escapeHtml(title)}</h2>${body}</section>`;
}

/** A row of headline figures. */
export function tiles(
  items: ReadonlyArray<{ label: string; value: number; path: MetricPath; tone?: 'good' | 'bad' }>,
): string {
  return `<div class="tiles">${items
    .map(
      (t) =>
        `<div class="tile ${t.tone ?? ''}">${metric(t.value, t.path, 'div')}<div class="label">${escapeHtml(t.label)}</div></div>`,
    )
    .join('')}</div>`;
}

const STYLE = `
:root{--fg:#1d232a;--muted:#5f6b76;--line:#d9dee3;--good:#1a7f37;--bad:#c62828;--warn:#b26a00;--accent:#3b5bdb;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg)}
body{margin:0 auto;max-width:1040px;padding:24px 32px;line-height:1.45}
h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.15rem;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
.muted{color:var(--muted)}.verdict{font-weight:600;padding:8px 12px;border-radius:6px;display:inline-block;margin:10px 0}
.verdict.good{background:#e6f4ea;color:var(--good)}.verdict.bad{background:#fdecea;color:var(--bad)}
table{border-collapse:collapse;margin:6px 0 12px}th,td{padding:3px 12px 3px 0;text-align:left;vertical-align:top}
table.text td{border-top:1px solid var(--line);font-size:.9rem}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.tiles{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}.tile{border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:120px}
.tile .num{font-size:1.6rem;font-weight:600}.tile .label{color:var(--muted);font-size:.85rem}.tile.good .num{color:var(--good)}.tile.bad .num{color:var(--bad)}
.checklist{list-style:none;padding:0}.checklist li{margin:4px 0}.checklist .done .mark{color:var(--good)}.checklist .fail .mark{color:var(--bad)}.checklist .todo .mark{color:var(--warn)}.checklist .info .mark{color:var(--accent)}
.grid{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:24px}svg{max-width:100%;height:auto}svg text{font-size:12px;fill:var(--fg)}
.status-PASS{color:var(--good);font-weight:600}.status-FAIL{color:var(--bad);font-weight:600}.status-SKIP{color:var(--muted);font-weight:600}
footer{margin-top:32px;color:var(--muted);font-size:.8rem}
`;

/** The whole page. `body` is trusted HTML built from the helpers above; everything else is escaped. */
export function page(title: string, subtitle: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><header><h1>${escapeHtml(title)}</h1><p class="muted">${escapeHtml(subtitle)}</p></header>
${body}
<footer>workos-migrator report: one self-contained file, nothing loaded from the network. Password hashes, salts and API keys are never written here.</footer>
</body></html>
`;
}
