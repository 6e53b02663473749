import { escapeHtml, formatNumber } from './html.js';

/** Inline SVG charts drawn here, with no library and no script: they render wherever the page opens. */

const PALETTE = ['#3b5bdb', '#2b8a3e', '#e67700', '#c2255c', '#5f3dc4', '#0b7285', '#868e96'];
export const colorAt = (i: number): string => PALETTE[i % PALETTE.length] as string;

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/** Horizontal bars, one per item, labelled with the item's value. */
export function barChart(
  items: ReadonlyArray<{ label: string; value: number; color?: string }>,
  options: { title: string; width?: number } = { title: '' },
): string {
  const width = options.width ?? 480;
  const labelW = 170;
  const valueW = 56;
  const rowH = 22;
  const height = items.length * rowH + 8;
  const max = Math.max(1, ...items.map((i) => i.value));
  const barW = width - labelW - valueW;
  const rows = items
    .map((item, i) => {
      const y = 4 + i * rowH;
      const w = item.value > 0 ? Math.max(2, (item.value / max) * barW) : 0;
      const label = item.label.length > 26 ? `${item.label.slice(0, 25)}…` : item.label;
      return (
        `<g><title>${escapeHtml(item.label)}: ${formatNumber(item.value)}</title>` +
        `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(label)}</text>` +
        `<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" rx="3" fill="${item.color ?? colorAt(i)}"/>` +
        `<text x="${(labelW + w + 6).toFixed(1)}" y="${y + 15}">${formatNumber(item.value)}</text></g>`
      );
    })
    .join('');
  return `<svg role="img" aria-label="${escapeHtml(options.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${rows}</svg>`;
}

export interface TimeSeries {
  name: string;
  values: readonly number[];
  color: string;
  /** Lines for rates, bars for sparse events such as 429s. */
  kind: 'line' | 'bars';
}

/** Values per second of a run on a shared time axis, with gridlines, axis labels and a legend. */
export function timeChart(series: readonly TimeSeries[], options: { title: string; yLabel: string }): string {
  const width = 920;
  const height = 260;
  const m = { left: 56, right: 16, top: 28, bottom: 40 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const n = Math.max(1, ...series.map((s) => s.values.length));
  const yMax = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const x = (i: number): number => m.left + (n === 1 ? plotW / 2 : (i / (n - 1)) * plotW);
  const y = (v: number): number => m.top + plotH - (v / yMax) * plotH;
  const parts: string[] = [];
  for (let k = 0; k <= 4; k++) {
    const v = (yMax * k) / 4;
    parts.push(
      `<line x1="${m.left}" x2="${width - m.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e9ecef"/>`,
      `<text x="${m.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${formatNumber(v)}</text>`,
    );
  }
  const xTicks = Math.min(10, n - 1);
  for (let k = 0; k <= xTicks; k++) {
    const i = xTicks === 0 ? 0 : Math.round(((n - 1) * k) / xTicks);
    parts.push(
      `<text x="${x(i).toFixed(1)}" y="${height - m.bottom + 16}" text-anchor="middle">${i}s</text>`,
    );
  }
  parts.push(
    `<text x="${m.left + plotW / 2}" y="${height - 6}" text-anchor="middle" class="muted">seconds since the run started</text>`,
    `<text x="14" y="${m.top + plotH / 2}" transform="rotate(-90 14 ${m.top + plotH / 2})" text-anchor="middle">${escapeHtml(options.yLabel)}</text>`,
  );
  const slot = plotW / n;
  series.forEach((s, si) => {
    if (s.kind === 'bars') {
      s.values.forEach((v, i) => {
        if (v <= 0) return;
        const w = Math.max(1.5, slot * 0.8);
        parts.push(
          `<rect x="${(x(i) - w / 2).toFixed(1)}" y="${y(v).toFixed(1)}" width="${w.toFixed(1)}" height="${(m.top + plotH - y(v)).toFixed(1)}" fill="${s.color}"><title>${escapeHtml(s.name)} at ${i}s: ${formatNumber(v)}</title></rect>`,
        );
      });
    } else if (s.values.length > 0) {
      const points = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${points}"/>`);
    }
    const lx = m.left + si * 180;
    parts.push(
      `<rect x="${lx}" y="8" width="12" height="12" fill="${s.color}"/>`,
      `<text x="${lx + 18}" y="18">${escapeHtml(s.name)}</text>`,
    );
  });
  parts.push(
    `<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + plotH}" stroke="#868e96"/>`,
    `<line x1="${m.left}" x2="${width - m.right}" y1="${m.top + plotH}" y2="${m.top + plotH}" stroke="#868e96"/>`,
  );
  return `<svg role="img" aria-label="${escapeHtml(options.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}
