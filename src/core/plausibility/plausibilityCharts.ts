import { PLAUSIBILITY_RULES } from './settings';
import type { CheckReport } from './types';

/** A chart as plain ECharts options, so the report and the app draw the same figures. */
export interface PlausibilityChart {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly option: Record<string, unknown>;
  readonly height: number;
}

/** Findings per rule, and findings per frame stacked by rule. */
export function plausibilityCharts(report: CheckReport, frames: number): PlausibilityChart[] {
  const rules = PLAUSIBILITY_RULES.filter((r) => report.rules.includes(r));
  const perRule = rules.map((r) => report.findings.filter((f) => f.rule === r).length);
  const perFrame = rules.map((r) => {
    const counts = new Array<number>(frames).fill(0);
    for (const f of report.findings) if (f.rule === r && f.frameIndex < frames) counts[f.frameIndex]++;
    return { name: r, type: 'bar', stack: 'rules', data: counts };
  });
  return [
    {
      id: 'by-rule',
      title: 'Findings by rule',
      caption: 'How many keyframes (or pairs, for overlaps) each rule flagged.',
      height: Math.max(160, 28 * rules.length + 60),
      option: {
        grid: { left: 130, right: 30, top: 10, bottom: 30 },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: rules, inverse: true },
        series: [{ type: 'bar', data: perRule, label: { show: true, position: 'right' } }],
        tooltip: {},
      },
    },
    {
      id: 'by-frame',
      title: 'Findings along the timeline',
      caption: 'Findings per frame (frame numbers from 1), stacked by rule: clusters point at a stretch labelled in a hurry.',
      height: 260,
      option: {
        grid: { left: 40, right: 20, top: 40, bottom: 30 },
        legend: { top: 0 },
        xAxis: { type: 'category', data: Array.from({ length: frames }, (_, i) => i + 1) },
        yAxis: { type: 'value', minInterval: 1 },
        series: perFrame,
        tooltip: { trigger: 'axis' },
      },
    },
  ];
}
