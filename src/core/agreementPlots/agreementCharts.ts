import type { AgreementResult, DetectionMetrics, PairMetrics } from '../agreement';
import { CENTRE_ERROR_BIN, ERROR_BINS, IOU_BINS, YAW_ERROR_BIN } from '../agreement';

/**
 * The agreement plots as ECharts options: plain JSON, so the app's panel and the self-contained
 * HTML report draw the same charts from the same figures. Pure: no ECharts import here.
 */
export interface AgreementChart {
  /** Stable, for data-testid and for the report's element ids. */
  readonly id: string;
  readonly title: string;
  /** One line under the chart saying how to read it. */
  readonly caption: string;
  readonly option: Record<string, unknown>;
  /** Pixel height the chart wants (the confusion matrix grows with the classes). */
  readonly height: number;
}

interface Tally {
  tp: number;
  fp: number;
  fn: number;
  iou: number;
}

const f1Of = (t: Tally): number | null => (2 * t.tp + t.fp + t.fn > 0 ? (2 * t.tp) / (2 * t.tp + t.fp + t.fn) : null);
const round = (x: number | null, digits = 3): number | null => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

function add(t: Tally, m: DetectionMetrics): void {
  t.tp += m.tp;
  t.fp += m.fp;
  t.fn += m.fn;
  t.iou += (m.meanIou3d ?? 0) * m.tp;
}

const tally = (): Tally => ({ tp: 0, fp: 0, fn: 0, iou: 0 });

/** F1 and mean IoU per class, pooled over every pair of annotators. */
export function agreementByClass(pairs: readonly PairMetrics[]): { classId: string; f1: number | null; meanIou3d: number | null; matches: number }[] {
  const byClass = new Map<string, Tally>();
  for (const p of pairs) for (const c of p.perClass) add(byClass.get(c.classId) ?? byClass.set(c.classId, tally()).get(c.classId)!, c);
  return [...byClass.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([classId, t]) => ({ classId, f1: f1Of(t), meanIou3d: t.tp ? t.iou / t.tp : null, matches: t.tp }));
}

/** Each annotator's F1 pooled over the pairs they are in (class-agnostic). */
export function agreementByAnnotator(annotators: readonly string[], pairs: readonly PairMetrics[]): { annotator: string; f1: number | null; meanIou3d: number | null }[] {
  return annotators.map((annotator) => {
    const t = tally();
    for (const p of pairs) if (p.a === annotator || p.b === annotator) add(t, p.overall);
    return { annotator, f1: f1Of(t), meanIou3d: t.tp ? t.iou / t.tp : null };
  });
}

/** The confusion of classes between annotators, summed over every pair, both ways round (so it is symmetric). */
export function pooledConfusion(pairs: readonly PairMetrics[]): { classes: string[]; counts: number[][] } {
  const classes = [...new Set(pairs.flatMap((p) => p.confusion.classes))].sort();
  const at = new Map(classes.map((c, i) => [c, i] as const));
  const counts = classes.map(() => classes.map(() => 0));
  for (const p of pairs) {
    const cls = p.confusion.classes;
    p.confusion.counts.forEach((row, i) =>
      row.forEach((n, j) => {
        const a = at.get(cls[i])!;
        const b = at.get(cls[j])!;
        counts[a][b] += n;
        counts[b][a] += n;
      }),
    );
  }
  return { classes, counts };
}

/** One of the pairs' histograms, summed over pairs. */
function pooled(pairs: readonly PairMetrics[], of: (p: PairMetrics) => readonly number[], bins: number): number[] {
  const out = Array.from({ length: bins }, () => 0);
  for (const p of pairs) of(p).forEach((n, i) => (out[i] += n));
  return out;
}

/** Matches by 3D IoU, summed over pairs. */
export function pooledIouHistogram(pairs: readonly PairMetrics[]): number[] {
  const bins = Array.from({ length: IOU_BINS }, () => 0);
  for (const p of pairs) p.iouHistogram.forEach((n, i) => (bins[i] += n));
  return bins;
}

const PALETTE = ['#2563eb', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#0ea5e9', '#84cc16', '#f97316'];

const base = (extra: Record<string, unknown>): Record<string, unknown> => ({
  animation: false,
  color: PALETTE,
  tooltip: { trigger: 'axis' },
  grid: { left: 56, right: 24, top: 36, bottom: 56, containLabel: true },
  ...extra,
});

/** Every plot of an agreement result, in the order the panel and the report show them. */
export function agreementCharts(result: AgreementResult): AgreementChart[] {
  const charts: AgreementChart[] = [];
  const byClass = agreementByClass(result.pairs);
  charts.push({
    id: 'by-class',
    title: 'Agreement by class',
    caption: 'F1 and mean 3D IoU of matched boxes, pooled over every pair of annotators; a match of two different classes counts against both.',
    height: 300,
    option: base({
      legend: { top: 0 },
      xAxis: { type: 'category', data: byClass.map((c) => c.classId), axisLabel: { rotate: byClass.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', min: 0, max: 1 },
      series: [
        { name: 'F1', type: 'bar', data: byClass.map((c) => round(c.f1)) },
        { name: 'Mean 3D IoU', type: 'bar', data: byClass.map((c) => round(c.meanIou3d)) },
      ],
    }),
  });
  const byAnnotator = agreementByAnnotator(result.annotators, result.pairs);
  charts.push({
    id: 'by-annotator',
    title: 'Agreement by annotator',
    caption: "Each annotator's F1 and mean 3D IoU against every other annotator, pooled; a low bar is one annotator apart from the rest.",
    height: 280,
    option: base({
      legend: { top: 0 },
      xAxis: { type: 'category', data: byAnnotator.map((a) => a.annotator) },
      yAxis: { type: 'value', min: 0, max: 1 },
      series: [
        { name: 'F1', type: 'bar', data: byAnnotator.map((a) => round(a.f1)) },
        { name: 'Mean 3D IoU', type: 'bar', data: byAnnotator.map((a) => round(a.meanIou3d)) },
      ],
    }),
  });
  charts.push({
    id: 'over-time',
    title: 'Agreement over the sequence',
    caption: 'Per frame, in timeline order: F1 over every pair (class-agnostic) and the mean 3D IoU of the matches; dips are the frames to review first.',
    height: 280,
    option: base({
      legend: { top: 0 },
      xAxis: { type: 'category', name: 'frame', nameLocation: 'middle', nameGap: 28, data: result.perFrame.map((_, i) => i) },
      yAxis: { type: 'value', min: 0, max: 1 },
      dataZoom: result.perFrame.length > 60 ? [{ type: 'inside' }, { type: 'slider', height: 16, bottom: 4 }] : [],
      series: [
        { name: 'F1', type: 'line', showSymbol: result.perFrame.length <= 60, connectNulls: false, data: result.perFrame.map((f) => round(f.f1)) },
        { name: 'Mean 3D IoU', type: 'line', showSymbol: result.perFrame.length <= 60, connectNulls: false, data: result.perFrame.map((f) => round(f.meanIou3d)) },
      ],
    }),
  });
  const confusion = pooledConfusion(result.pairs);
  const cells: [number, number, number][] = [];
  let most = 0;
  confusion.counts.forEach((row, i) =>
    row.forEach((n, j) => {
      cells.push([j, i, n]);
      most = Math.max(most, n);
    }),
  );
  charts.push({
    id: 'confusion',
    title: 'Class confusion between annotators',
    caption: 'Matched boxes by the class one annotator gave (row) and the other gave (column), over every pair both ways round: the diagonal agrees, anything off it is a disagreement on class.',
    height: Math.max(260, 120 + 28 * confusion.classes.length),
    option: {
      animation: false,
      tooltip: { position: 'top' },
      grid: { left: 100, right: 24, top: 16, bottom: 90 },
      xAxis: { type: 'category', data: confusion.classes, axisLabel: { rotate: 30 }, splitArea: { show: true } },
      yAxis: { type: 'category', data: confusion.classes, splitArea: { show: true } },
      visualMap: { min: 0, max: Math.max(1, most), calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, inRange: { color: ['#f8fafc', '#1d4ed8'] } },
      series: [{ name: 'Matches', type: 'heatmap', data: cells, label: { show: confusion.classes.length <= 12 } }],
    },
  });
  const iou = pooledIouHistogram(result.pairs);
  charts.push({
    id: 'iou-histogram',
    title: '3D IoU of matched boxes',
    caption: `Matches by 3D IoU in bins of ${1 / IOU_BINS}, over every pair; mass near 1 is agreement on geometry, a tail toward the threshold is boxes drawn differently.`,
    height: 260,
    option: base({
      xAxis: { type: 'category', name: '3D IoU', nameLocation: 'middle', nameGap: 28, data: iou.map((_, i) => (i / IOU_BINS).toFixed(2)) },
      yAxis: { type: 'value', name: 'matches' },
      series: [{ name: 'Matches', type: 'bar', barCategoryGap: '5%', data: iou }],
    }),
  });
  const centre = pooled(result.pairs, (p) => p.centreErrorHistogram, ERROR_BINS);
  const yaw = pooled(result.pairs, (p) => p.yawErrorHistogram, ERROR_BINS);
  const edge = (width: number, digits: number, i: number) => (i === ERROR_BINS - 1 ? `≥ ${(i * width).toFixed(digits)}` : (i * width).toFixed(digits));
  charts.push({
    id: 'error-histograms',
    title: 'Centre and heading errors of matched boxes',
    caption: `Matches by distance between centres (bins of ${CENTRE_ERROR_BIN} m) and by heading difference (bins of 1°), over every pair; the last bin holds everything beyond.`,
    height: 280,
    option: base({
      legend: { top: 0 },
      grid: [
        { left: 48, right: '54%', top: 40, bottom: 48, containLabel: true },
        { left: '54%', right: 16, top: 40, bottom: 48, containLabel: true },
      ],
      xAxis: [
        { type: 'category', gridIndex: 0, name: 'centre (m)', nameLocation: 'middle', nameGap: 28, data: centre.map((_, i) => edge(CENTRE_ERROR_BIN, 1, i)) },
        { type: 'category', gridIndex: 1, name: 'heading (°)', nameLocation: 'middle', nameGap: 28, data: yaw.map((_, i) => edge((YAW_ERROR_BIN * 180) / Math.PI, 0, i)) },
      ],
      yAxis: [
        { type: 'value', gridIndex: 0, name: 'matches' },
        { type: 'value', gridIndex: 1 },
      ],
      series: [
        { name: 'Centre error', type: 'bar', xAxisIndex: 0, yAxisIndex: 0, barCategoryGap: '5%', data: centre },
        { name: 'Heading error', type: 'bar', xAxisIndex: 1, yAxisIndex: 1, barCategoryGap: '5%', data: yaw },
      ],
    }),
  });
  const errors = result.pairs.map((p) => ({ pair: `${p.a} · ${p.b}`, centre: p.overall.meanCentreError, yaw: p.overall.meanYawError, size: p.overall.meanSizeError }));
  charts.push({
    id: 'errors-by-pair',
    title: 'Geometry errors by pair of annotators',
    caption: 'Mean distance between matched centres and mean heading difference (degrees), per pair; size errors are in the table.',
    height: 280,
    option: base({
      legend: { top: 0 },
      xAxis: { type: 'category', data: errors.map((e) => e.pair), axisLabel: { rotate: errors.length > 4 ? 30 : 0 } },
      yAxis: [
        { type: 'value', name: 'centre (m)' },
        { type: 'value', name: 'heading (°)', splitLine: { show: false } },
      ],
      series: [
        { name: 'Centre error (m)', type: 'bar', data: errors.map((e) => round(e.centre)) },
        { name: 'Heading error (°)', type: 'bar', yAxisIndex: 1, data: errors.map((e) => round(e.yaw === null ? null : (e.yaw * 180) / Math.PI, 2)) },
      ],
    }),
  });
  return charts;
}
