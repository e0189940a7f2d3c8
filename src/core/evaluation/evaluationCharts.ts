import type { AgreementChart } from '../agreementPlots/agreementCharts';
import type { EvaluationSummary, FrameEvaluation } from './evaluate';

/**
 * The evaluation plots as ECharts options (plain JSON, the agreement plots' shape), so the HTML
 * report and the app draw the same charts from the same figures. Pure: no ECharts import here.
 */
/** What every chart here shares: no animation (reports are read, not watched), an axis tooltip, a legend on top. */
const base = (extra: Record<string, unknown>, bottom = 48): Record<string, unknown> => ({
  animation: false,
  tooltip: { trigger: 'axis' },
  grid: { left: 48, right: 16, top: 40, bottom },
  legend: { top: 0 },
  ...extra,
});

export function evaluationCharts(summary: EvaluationSummary, frames: readonly FrameEvaluation[]): AgreementChart[] {
  const classes = summary.classes.filter((c) => c.groundTruth > 0);
  const round = (x: number | null, digits = 3) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);
  const curve = (kind: 'ap3d' | 'apBev'): AgreementChart =>
    precisionRecallChart(
      kind === 'ap3d' ? '3D' : 'BEV',
      classes.map((c) => ({ name: `${c.classId} (AP ${round(c[kind].ap)} @ ${c.iouThreshold})`, recall: c[kind].recall, precision: c[kind].precision })),
    );
  return [
    {
      id: 'ap-by-class',
      title: 'AP by class',
      caption: 'AP|R40 at 3D and BEV IoU (per-class thresholds) and the nuScenes-style AP averaged over the ground-plane centre distances.',
      height: 300,
      option: base({
        xAxis: { type: 'category', data: classes.map((c) => c.classId), axisLabel: { rotate: classes.length > 6 ? 30 : 0 } },
        yAxis: { type: 'value', min: 0, max: 1 },
        series: [
          { name: 'AP 3D', type: 'bar', data: classes.map((c) => round(c.ap3d.ap)) },
          { name: 'AP BEV', type: 'bar', data: classes.map((c) => round(c.apBev.ap)) },
          { name: 'AP centre', type: 'bar', data: classes.map((c) => round(c.centre.meanAp)) },
        ],
      }),
    },
    curve('ap3d'),
    curve('apBev'),
    {
      id: 'tp-errors',
      title: 'True-positive errors by class',
      caption: 'Means over the matches within the TP distance on the ground plane: translation (m), scale (1 − IoU of the aligned boxes), orientation (rad).',
      height: 280,
      option: base({
        xAxis: { type: 'category', data: classes.map((c) => c.classId) },
        yAxis: { type: 'value' },
        series: [
          { name: 'translation (m)', type: 'bar', data: classes.map((c) => round(c.tpErrors.translation)) },
          { name: 'scale (1 − IoU)', type: 'bar', data: classes.map((c) => round(c.tpErrors.scale)) },
          { name: 'orientation (rad)', type: 'bar', data: classes.map((c) => round(c.tpErrors.orientation)) },
        ],
      }),
    },
    {
      id: 'error-by-frame',
      title: 'Error score by frame',
      caption: 'Per frame in dataset order: misses + scores of false positives + (1 − 3D IoU) of true positives; peaks are the frames to inspect first.',
      height: 260,
      option: base({
        legend: { show: false },
        xAxis: { type: 'category', data: frames.map((f) => f.frameKey) },
        yAxis: { type: 'value', min: 0 },
        dataZoom: frames.length > 60 ? [{ type: 'inside' }, { type: 'slider', height: 16, bottom: 4 }] : [],
        series: [{ name: 'error score', type: 'line', showSymbol: frames.length <= 60, data: frames.map((f) => round(f.errorScore)) }],
      }),
    },
  ];
}

/** One class's interpolated precision at the recall points of AP|R40, named for the legend. */
export interface PrecisionRecallSeries {
  readonly name: string;
  readonly recall: readonly number[];
  readonly precision: readonly number[];
}

/** Precision against recall, a stepped line per class (the report's chart and the Inspection panel's). */
export function precisionRecallChart(iou: '3D' | 'BEV', series: readonly PrecisionRecallSeries[]): AgreementChart {
  return {
    id: iou === '3D' ? 'pr-3d' : 'pr-bev',
    title: `Precision / recall, ${iou} IoU`,
    caption: `Per class at its IoU threshold, precision interpolated at the 40 recall points of AP|R40 (the best precision at that recall or beyond); the legend gives the AP.`,
    height: 320,
    option: base({
      xAxis: { type: 'value', name: 'recall', nameLocation: 'middle', nameGap: 26, min: 0, max: 1 },
      yAxis: { type: 'value', name: 'precision', min: 0, max: 1 },
      series: series.map((s) => ({
        name: s.name,
        type: 'line',
        step: 'end',
        showSymbol: false,
        data: s.recall.map((r, k) => [r, Math.round(s.precision[k] * 1000) / 1000]),
      })),
    }, 40),
  };
}
