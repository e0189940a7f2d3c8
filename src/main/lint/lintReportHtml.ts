import { plausibilityCharts } from '../../core/plausibility/plausibilityCharts';
import { PLAUSIBILITY_RULES } from '../../core/plausibility/settings';
import type { CheckReport } from '../../core/plausibility/types';
import { chartFigures, chartScripts, REPORT_STYLE } from '../agreement/agreementReportHtml';
import { esc } from '../syncCommandShared';

export interface SceneCheck {
  readonly scene: string;
  readonly sceneId: string;
  readonly source: string;
  readonly frames: number;
  readonly report: CheckReport;
}

/** lint.html of `cairn lint`: per scene the plots, what could not be checked, and every finding. */
export function lintReportHtml(title: string, scenes: readonly SceneCheck[]): string {
  const sections = scenes.map((s, k) => {
    const charts = plausibilityCharts(s.report, s.frames).map((c) => ({ ...c, id: `${k}-${c.id}` }));
    const counts = PLAUSIBILITY_RULES.filter((r) => s.report.rules.includes(r))
      .map((r) => `<tr><th>${r}</th><td class="n">${s.report.findings.filter((f) => f.rule === r).length}</td></tr>`)
      .join('');
    const skipped = s.report.notChecked.length
      ? `<ul class="notes">${s.report.notChecked.map((n) => `<li>${esc(n.rule)}: ${n.boxes} box(es) not checked: ${esc(n.reason)}</li>`).join('')}</ul>`
      : '';
    const rows = s.report.findings
      .map((f) => `<tr><td class="n">${f.frameIndex + 1}</td><td>${f.rule}</td><td>${f.severity}</td><td>${esc(f.classId)}</td><td><code>${esc(f.objectId.slice(0, 8))}</code></td><td>${esc(f.message)}</td></tr>`)
      .join('\n');
    return {
      charts,
      html: `<h2>${esc(s.scene)}</h2>
<p>${s.report.boxes} boxes on ${s.frames} frames, labels from ${esc(s.source)}; ${s.report.findings.length} finding(s).</p>
${skipped}
<table><thead><tr><th>Rule</th><th>Findings</th></tr></thead><tbody>${counts}</tbody></table>
${chartFigures(charts)}
<table><thead><tr><th>Frame</th><th>Rule</th><th>Severity</th><th>Class</th><th>Object</th><th>What</th></tr></thead>
<tbody>
${rows}
</tbody></table>`,
    };
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Plausibility checks: ${esc(title)}</title>
<style>
${REPORT_STYLE}
</style>
</head>
<body>
<h1>Plausibility checks: ${esc(title)}</h1>
<p>Each rule and its thresholds are described in docs/lint.md; the ontology's <code>plausibility</code> block sets them.</p>
${sections.map((s) => s.html).join('\n')}
${chartScripts(sections.flatMap((s) => s.charts))}
</body>
</html>
`;
}
