import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AgreementResult, DetectionMetrics } from '../../core/agreement';
import { agreementCharts, type AgreementChart } from '../../core/agreementPlots/agreementCharts';
import { esc } from '../syncCommandShared';

/** What the report says about where the replicas came from. */
export interface AgreementReportSource {
  /** The store or the label sets, as the user named them. */
  readonly title: string;
  readonly scene?: string;
  /** Lines worth knowing before reading the figures (frames without a scene order, labels skipped). */
  readonly notes: readonly string[];
}

let echartsText: string | null = null;

/** ECharts' browser build, inlined so the report opens offline exactly as written. */
export function echartsScript(): string {
  echartsText ??= readFileSync(createRequire(__filename).resolve('echarts/dist/echarts.min'), 'utf8');
  return echartsText;
}

const num = (x: number | null | undefined, digits = 3): string => (x === null || x === undefined ? '–' : x.toFixed(digits));
const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : `${(100 * x).toFixed(1)} %`);
const deg = (rad: number | null): string => (rad === null ? '–' : `${((rad * 180) / Math.PI).toFixed(2)}°`);

/** JSON inside a script element: `<` escaped, so no value can close the element. */
export const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

/** The reports' shared look: tables, figures and captions (inline, so the page needs nothing else). */
export const REPORT_STYLE = `body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #1f2937; max-width: 1200px; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
table { border-collapse: collapse; margin: 8px 0 16px; }
th, td { border-bottom: 1px solid #e5e7eb; padding: 3px 9px; text-align: left; vertical-align: top; }
thead th { color: #6b7280; font-weight: 500; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 0 0 20px; } figcaption { font-weight: 600; } .caption { color: #6b7280; margin: 2px 0 0; font-size: 12px; }
.chart { width: 100%; } .notes { color: #92400e; } code { font-size: 12px; }`;

/** A figure per chart, with the element the chart script draws into. */
export function chartFigures(charts: readonly AgreementChart[]): string {
  return charts
    .map((c) => `<figure><figcaption>${esc(c.title)}</figcaption><div class="chart" id="chart-${c.id}" data-testid="chart-${c.id}" style="height:${c.height}px"></div><p class="caption">${esc(c.caption)}</p></figure>`)
    .join('\n');
}

/** ECharts inlined, and the script that draws every chart into its figure. */
export function chartScripts(charts: readonly AgreementChart[]): string {
  return `<script>${echartsScript()}</script>
<script>
(function () {
  var charts = ${scriptJson(charts.map((c) => ({ id: c.id, option: c.option })))};
  charts.forEach(function (c) {
    var chart = echarts.init(document.getElementById('chart-' + c.id), null, { renderer: 'svg' });
    chart.setOption(c.option);
    window.addEventListener('resize', function () { chart.resize(); });
  });
})();
</script>`;
}

function detectionCells(m: DetectionMetrics): string {
  const size = m.meanSizeError ? m.meanSizeError.map((x) => x.toFixed(2)).join(' / ') : '–';
  return `<td class="n">${m.tp}</td><td class="n">${m.fp}</td><td class="n">${m.fn}</td><td class="n">${pct(m.precision)}</td><td class="n">${pct(m.recall)}</td><td class="n">${pct(m.f1)}</td><td class="n">${num(m.meanIou3d)}</td><td class="n">${num(m.meanBevIou)}</td><td class="n">${num(m.meanCentreError, 2)}</td><td class="n">${size}</td><td class="n">${deg(m.meanYawError)}</td>`;
}

const DETECTION_HEAD = '<th>TP</th><th>FP</th><th>FN</th><th>Precision</th><th>Recall</th><th>F1</th><th>3D IoU</th><th>BEV IoU</th><th>Centre (m)</th><th>Size L / W / H (m)</th><th>Heading</th>';

/**
 * report.html of `cairn agreement`: the figures as tables and the plots the app shows, drawn by
 * ECharts inlined in the page (no links, no fonts, no network), so the file can be mailed,
 * attached to a ticket or opened offline.
 */
export function agreementReportHtml(result: AgreementResult, source: AgreementReportSource): string {
  const s = result.settings;
  const charts = agreementCharts(result);
  const pairRows = result.pairs
    .map((p) => `<tr><th>${esc(p.a)} · ${esc(p.b)}</th>${detectionCells(p.overall)}<td class="n">${pct(p.classAgreement)}</td></tr>`)
    .join('\n');
  const classRows = result.pairs
    .flatMap((p) => p.perClass.map((c) => `<tr><th>${esc(p.a)} · ${esc(p.b)}</th><td>${esc(c.classId)}</td>${detectionCells(c)}</tr>`))
    .join('\n');
  const trackRows = result.tracks
    .map((t) => {
      const hota = t.hota.hota.filter((x): x is number => x !== null);
      const meanHota = hota.length ? hota.reduce((a, b) => a + b, 0) / hota.length : null;
      return `<tr><th>${esc(t.a)} · ${esc(t.b)}</th><td class="n">${t.tracksA} / ${t.tracksB}</td><td class="n">${t.matches}</td><td class="n">${t.idSwitches}</td><td class="n">${t.fragmentations}</td><td class="n">${pct(t.mota)}</td><td class="n">${num(t.motp)}</td><td class="n">${t.mostlyTracked} / ${t.partiallyTracked} / ${t.mostlyLost}</td><td class="n">${num(meanHota)}</td></tr>`;
    })
    .join('\n');
  const reliabilityRows = [
    `<tr><th>Class</th><td>nominal</td><td class="n">${num(result.classes.alpha.alpha)}</td><td class="n">${result.classes.alpha.units}</td><td class="n">${num(result.classes.kappa.kappa)}</td><td class="n">${result.classes.kappa.units}</td></tr>`,
    ...result.attributes.map(
      (a) => `<tr><th>${esc(a.key)}</th><td>${esc(a.level)}</td><td class="n">${num(a.alpha.alpha)}</td><td class="n">${a.alpha.units}</td><td class="n">${num(a.kappa.kappa)}</td><td class="n">${a.kappa.units}</td></tr>`,
    ),
  ].join('\n');
  const worst = result.perFrame
    .map((f, index) => ({ ...f, index }))
    .filter((f) => f.f1 !== null)
    .sort((a, b) => (a.f1 as number) - (b.f1 as number) || a.index - b.index)
    .slice(0, 15)
    .map((f) => `<tr><td class="n">${f.index}</td><td><code>${esc(f.frameId)}</code></td><td class="n">${f.boxes.join(' / ')}</td><td class="n">${pct(f.f1)}</td><td class="n">${num(f.meanIou3d)}</td><td class="n">${f.consensus}</td><td class="n">${f.needsReview}</td></tr>`)
    .join('\n');
  const consensusBoxes = result.consensus.reduce((n, f) => n + f.boxes.length, 0);
  const reviewItems = result.needsReview.length;
  const notes = source.notes.length ? `<ul class="notes">${source.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
  const chartDivs = chartFigures(charts);
  const thresholds = Object.entries(s.classThresholds)
    .map(([c, t]) => `${esc(c)} ${t}`)
    .join(', ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Agreement: ${esc(source.title)}</title>
<style>
${REPORT_STYLE}
</style>
</head>
<body>
<h1>Agreement: ${esc(source.title)}</h1>
<p>${result.annotators.length} annotators (${result.annotators.map(esc).join(', ')}) over ${result.frames} frames${source.scene ? ` of scene <code>${esc(source.scene)}</code>` : ''}.
Boxes are matched per frame by ${esc(s.metric === 'centre' ? 'centre distance' : s.metric === 'bev' ? 'BEV IoU' : '3D IoU')} with the Hungarian algorithm
(threshold ${s.threshold}${thresholds ? `; per class: ${thresholds}` : ''}${s.classAware ? '; only boxes of one class match' : ''}); headings compared modulo ${s.yawPeriod === 'half' ? '180°' : '360°'}.
Consensus: a quorum of ${s.quorum} gives ${consensusBoxes} boxes; ${reviewItems} objects lack a quorum and go to review.</p>
${notes}
<h2>Plots</h2>
${chartDivs}
<h2>Pairs of annotators</h2>
<p>B against A as reference: B's extra boxes are false positives, A's boxes without a match in B false negatives. Class agreement: matches whose two classes are the same.</p>
<table><thead><tr><th>A · B</th>${DETECTION_HEAD}<th>Class agreement</th></tr></thead>
<tbody>
${pairRows}
</tbody></table>
<h2>Tracks</h2>
<table><thead><tr><th>A · B</th><th>Tracks A / B</th><th>Matches</th><th>ID switches</th><th>Fragmentations</th><th>MOTA</th><th>MOTP</th><th>Mostly tracked / partly / lost</th><th>HOTA (mean over α)</th></tr></thead>
<tbody>
${trackRows}
</tbody></table>
<h2>Reliability across all annotators</h2>
<p>Krippendorff's alpha over every object (one unit per consensus cluster; missing values allowed); Fleiss' kappa over the units every annotator labelled.</p>
<table><thead><tr><th>What</th><th>Level</th><th>α</th><th>Units (α)</th><th>κ</th><th>Units (κ)</th></tr></thead>
<tbody>
${reliabilityRows}
</tbody></table>
<h2>Frames with the least agreement</h2>
<table><thead><tr><th>Frame</th><th>Id</th><th>Boxes per annotator</th><th>F1</th><th>3D IoU</th><th>Consensus boxes</th><th>To review</th></tr></thead>
<tbody>
${worst}
</tbody></table>
<h2>By pair and class</h2>
<table><thead><tr><th>A · B</th><th>Class</th>${DETECTION_HEAD}</tr></thead>
<tbody>
${classRows}
</tbody></table>
${chartScripts(charts)}
</body>
</html>
`;
}
