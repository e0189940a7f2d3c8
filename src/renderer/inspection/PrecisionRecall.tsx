import { useMemo, useState } from 'react';
import { RECALL_POINTS } from '../../core/evaluation/averagePrecision';
import { precisionRecallChart } from '../../core/evaluation/evaluationCharts';
import type { InspectionClass } from '../../shared/inspectionContract';
import { EChart } from '../agreement/EChart';

const recallPoints = Array.from({ length: RECALL_POINTS }, (_, k) => (k + 1) / RECALL_POINTS);
const fixed = (x: number | null) => (x === null ? '–' : x.toFixed(3));

/** Each class's precision / recall curve of the loaded run, at 3D or BEV IoU (the report's chart, in the panel). */
export function PrecisionRecall({ classes, nameOf }: { classes: readonly InspectionClass[]; nameOf: (classId: string) => string }) {
  const [iou, setIou] = useState<'3D' | 'BEV'>('BEV');
  // The panel makes nameOf anew on each render; the names themselves change only with the ontology (namesKey stands for them).
  const names = classes.map((c) => nameOf(c.classId));
  const namesKey = names.join('\n');
  const chart = useMemo(
    () =>
      precisionRecallChart(
        iou,
        classes
          .map((c, i) => ({ c, name: names[i] }))
          .filter(({ c }) => c.groundTruth > 0)
          .map(({ c, name }) => ({
            name: `${name} (AP ${fixed(iou === '3D' ? c.ap : c.apBev)} @ ${c.iouThreshold})`,
            recall: recallPoints,
            precision: iou === '3D' ? c.precision3d : c.precisionBev,
          })),
      ),
    [classes, iou, namesKey],
  );
  const lines = classes.filter((c) => c.groundTruth > 0).length;
  // A dock panel is narrow: the legend goes under the plot, a class a row, in the theme's text colour.
  const option = useMemo(
    () => ({
      ...chart.option,
      legend: { bottom: 0, left: 0, orient: 'vertical', itemHeight: 8, textStyle: { color: '#cbd5e1', fontSize: 11 } },
      grid: { left: 40, right: 12, top: 24, bottom: 40 + 18 * lines },
    }),
    [chart, lines],
  );
  if (lines === 0) return null;
  return (
    <section className="inspection-pr" data-testid="inspection-pr" data-iou={iou}>
      <div className="inspection-pr-head">
        <strong>{chart.title}</strong>
        {(['BEV', '3D'] as const).map((option) => (
          <label key={option}>
            <input type="radio" name="inspection-pr-iou" checked={iou === option} data-testid={`inspection-pr-${option.toLowerCase()}`} onChange={() => setIou(option)} /> {option}
          </label>
        ))}
      </div>
      <EChart option={option} height={200 + 18 * lines} testId="inspection-pr-chart" />
      <p className="hint">{chart.caption}</p>
    </section>
  );
}
