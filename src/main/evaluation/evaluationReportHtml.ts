import type { EvaluationSummary, FrameEvaluation, Suspect } from '../../core/evaluation';
import { evaluationCharts } from '../../core/evaluation/evaluationCharts';
import { chartFigures, chartScripts, REPORT_STYLE } from '../agreement/agreementReportHtml';
import { esc } from '../syncCommandShared';

export interface EvaluationReportSource {
  readonly predictions: string;
  readonly groundTruth: string;
  readonly format: string;
  readonly minScore: number;
  readonly frameMetric: string;
  readonly notes: readonly string[];
}

const num = (x: number | null | undefined, digits = 3): string => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));
const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : `${(100 * x).toFixed(1)} %`);

const WORST_FRAMES = 30;
const SUSPECTS_SHOWN = 50;

/**
 * report.html of `cairn evaluate`: per-class figures, the frames with the highest error score,
 * the suspect-label queue, and plots drawn by the ECharts build the agreement report inlines,
 * so the file opens offline exactly as written.
 */
export function evaluationReportHtml(summary: EvaluationSummary, frames: readonly FrameEvaluation[], suspects: readonly Suspect[], source: EvaluationReportSource): string {
  const charts = evaluationCharts(summary, frames);
  const classRows = summary.classes
    .map(
      (c) =>
        `<tr><th>${esc(c.classId)}</th><td class="n">${c.groundTruth}</td><td class="n">${c.predictions}</td><td class="n">${c.iouThreshold}</td><td class="n">${num(c.ap3d.ap)}</td><td class="n">${num(c.apBev.ap)}</td>` +
        `<td class="n">${c.centre.ap.map((a) => num(a, 2)).join(' / ')}</td><td class="n">${num(c.centre.meanAp)}</td><td class="n">${num(c.tpErrors.translation, 2)}</td><td class="n">${num(c.tpErrors.scale)}</td><td class="n">${num(c.tpErrors.orientation)}</td>` +
        `<td class="n">${c.tp}</td><td class="n">${c.fp}</td><td class="n">${c.fn}</td><td class="n">${c.inIgnoreRegions}</td><td class="n">${pct(c.precision)}</td><td class="n">${pct(c.recall)}</td></tr>`,
    )
    .join('\n');
  const worst = frames
    .map((f, index) => ({ f, index }))
    .sort((a, b) => b.f.errorScore - a.f.errorScore || a.index - b.index)
    .slice(0, WORST_FRAMES)
    .map(({ f }) => `<tr><td><code>${esc(f.frameKey)}</code></td><td class="n">${num(f.errorScore, 2)}</td><td class="n">${f.groundTruth}</td><td class="n">${f.predictions}</td><td class="n">${f.tp}</td><td class="n">${f.fp}</td><td class="n">${f.fn}</td><td class="n">${f.inIgnoreRegions.length}</td></tr>`)
    .join('\n');
  const suspectRows = suspects
    .slice(0, SUSPECTS_SHOWN)
    .map(
      (s, k) =>
        `<tr><td class="n">${k + 1}</td><td><code>${esc(s.frameKey)}</code></td><td>${esc(s.kind)}</td><td class="n">${num(s.score, 2)}</td><td>${esc(s.classId)}${s.predictedClass ? ` → ${esc(s.predictedClass)}` : ''}</td>` +
        `<td>${esc(s.groundTruthId ?? '')}</td><td>${esc(s.predictionId ?? '')}</td><td class="n">${num(s.iou3d, 2)}</td><td class="n">${s.points ?? '–'}</td></tr>`,
    )
    .join('\n');
  const chartDivs = chartFigures(charts);
  const notes = source.notes.length ? `<ul class="notes">${source.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
  const distances = summary.classes[0]?.centre.distances.join(' / ') ?? '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Evaluation: ${esc(source.predictions)}</title>
<style>
${REPORT_STYLE}
</style>
</head>
<body>
<h1>Evaluation: ${esc(source.predictions)}</h1>
<p>${esc(source.format)} predictions against <code>${esc(source.groundTruth)}</code>, ${summary.frames} frames.
mAP|R40 3D ${num(summary.meanAp3d)}, BEV ${num(summary.meanApBev)}; nuScenes-style centre AP ${num(summary.meanCentreAp)}.
Boxes are matched per frame and class by the agreement matcher (one optimal assignment: the most pairs, then the highest IoU or least distance),
AP|R40 as KITTI's devkit computes it since 2019 (interpolated precision at recall 1/40 … 1), the centre AP at ground-plane distances ${esc(distances)} m.
Per-frame TP / FP / FN count predictions scored ≥ ${source.minScore}, matched by ${esc(source.frameMetric)}.</p>
<p data-testid="ignore-regions-count">Ignored in DontCare regions: ${summary.inIgnoreRegions} prediction${summary.inIgnoreRegions === 1 ? '' : 's'} matched no label and lay inside an image region the dataset leaves unlabelled
(the projected 2D box inside by more than the class's IoU threshold of its area, as KITTI's devkit rules): neither false positives nor points of the AP curves.</p>
${notes}
<h2>Plots</h2>
${chartDivs}
<h2>By class</h2>
<table><thead><tr><th>Class</th><th>Labels</th><th>Predictions</th><th>IoU thr.</th><th>AP 3D</th><th>AP BEV</th><th>AP centre ${esc(distances)} m</th><th>mean</th><th>ATE (m)</th><th>ASE</th><th>AOE (rad)</th><th>TP</th><th>FP</th><th>FN</th><th title="unmatched predictions inside a DontCare region: not false positives">In DontCare</th><th>Precision</th><th>Recall</th></tr></thead>
<tbody>
${classRows}
</tbody></table>
<h2>Frames with the highest error score</h2>
<table><thead><tr><th>Frame</th><th>Error score</th><th>Labels</th><th>Predictions</th><th>TP</th><th>FP</th><th>FN</th><th>In DontCare</th></tr></thead>
<tbody>
${worst}
</tbody></table>
<h2>Suspect labels (${suspects.length}; the first ${Math.min(SUSPECTS_SHOWN, suspects.length)})</h2>
<p>missing: a confident prediction overlaps no label; class: it names another class; shifted: same class, under the IoU threshold; empty: the label holds no LiDAR point; unconfirmed: no prediction touches the label.</p>
<table><thead><tr><th>#</th><th>Frame</th><th>Kind</th><th>Rank</th><th>Class</th><th>Label</th><th>Prediction</th><th>3D IoU</th><th>Points</th></tr></thead>
<tbody>
${suspectRows}
</tbody></table>
${chartScripts(charts)}
</body>
</html>
`;
}
