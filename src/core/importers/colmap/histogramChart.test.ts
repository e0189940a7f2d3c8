import { describe, expect, it } from 'vitest';
import { barChart, binLabel, escapeHtml } from './histogramChart';

describe('histogram charts', () => {
  it('labels histogram bins by what they hold', () => {
    expect(binLabel({ from: 3, to: 4, count: 0 }, true)).toBe('3');
    expect(binLabel({ from: 10, to: 15, count: 0 }, true)).toBe('10–14');
    expect(binLabel({ from: 50, to: null, count: 0 }, true)).toBe('≥50');
    expect(binLabel({ from: 0.25, to: 0.5, count: 0 }, false)).toBe('0.25–0.5');
  });

  it('draws bars in proportion, the tallest filling the plot, at the layout asked for', () => {
    const h = { quantity: 'q', unit: 'px', bins: [{ from: 0, to: 1, count: 2 }, { from: 1, to: null, count: 4 }], outside: 3 };
    const svg = barChart(h, 'T', false);
    expect(svg).toContain('height="160.0"');
    expect(svg).toContain('height="80.0"');
    expect(svg).toContain('3 not binned');
    const small = barChart(h, 'T', false, { barWidth: 20, gap: 2, plotHeight: 60 });
    expect(small).toContain('<svg width="64" height="120"');
    expect(small).toContain('height="30.0"');
  });

  it('escapes what it writes into markup', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(barChart({ quantity: 'q', unit: '', bins: [], outside: 0 }, '<b>', true)).toContain('<figcaption>&lt;b&gt;</figcaption>');
  });
});
