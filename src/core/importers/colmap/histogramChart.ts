import type { Histogram, HistogramBin } from './reconstructionStats';

/**
 * A histogram as a self-contained SVG string, shared by report.html and the reconstruction view
 * so the two draw the same bins the same way. Colours come from the page's CSS (`rect.bar`,
 * `text`), so each host styles it for its background.
 */

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** "3" for a one-value integer bin, "8–9" for a range, "≥ 50" for the open last bin. */
export function binLabel(bin: HistogramBin, integer: boolean): string {
  if (bin.to === null) return `≥${bin.from}`;
  if (integer) return bin.to === bin.from + 1 ? `${bin.from}` : `${bin.from}–${bin.to - 1}`;
  return `${bin.from}–${bin.to}`;
}

export interface BarChartLayout {
  readonly barWidth: number;
  readonly gap: number;
  readonly plotHeight: number;
}

/** report.html's sizes: a printed page has room for wide bars. */
export const REPORT_CHART_LAYOUT: BarChartLayout = { barWidth: 50, gap: 6, plotHeight: 160 };

/** A bar per bin, its count above it and its label below; heights are linear in the count. */
export function barChart(h: Histogram, title: string, integer: boolean, layout: BarChartLayout = REPORT_CHART_LAYOUT): string {
  const { barWidth: barW, gap, plotHeight: plotH } = layout;
  const top = 20;
  const left = 10;
  const width = left * 2 + h.bins.length * (barW + gap);
  const height = top + plotH + 40;
  const max = Math.max(1, ...h.bins.map((b) => b.count));
  const bars = h.bins
    .map((b, i) => {
      const x = left + i * (barW + gap);
      const bh = (b.count / max) * plotH;
      const y = top + plotH - bh;
      return (
        `<rect class="bar" x="${x}" y="${y.toFixed(1)}" width="${barW}" height="${bh.toFixed(1)}"><title>${escapeHtml(binLabel(b, integer))}: ${b.count}</title></rect>` +
        `<text x="${x + barW / 2}" y="${(y - 4).toFixed(1)}" text-anchor="middle">${b.count}</text>` +
        `<text x="${x + barW / 2}" y="${top + plotH + 16}" text-anchor="middle">${escapeHtml(binLabel(b, integer))}</text>`
      );
    })
    .join('\n');
  const outside = h.outside > 0 ? `<p>${h.outside.toLocaleString('en-US')} not binned (no projectable observation).</p>` : '';
  return `<figure>
<figcaption>${escapeHtml(title)}</figcaption>
<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}">
<line x1="${left}" y1="${top + plotH}" x2="${width - left}" y2="${top + plotH}" stroke="#888"/>
${bars}
</svg>
${outside}</figure>`;
}
