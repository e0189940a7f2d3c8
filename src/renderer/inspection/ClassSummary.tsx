import type { InspectionClass } from '../../shared/inspectionContract';

const pct = (x: number | null) => (x === null ? '–' : x.toFixed(2));

/**
 * Each class's counts, precision, recall and AP over the whole scene; with `inIgnoreRegions` (the
 * scene has ignore regions), the predictions they took, which are in neither TP nor FP.
 */
export function ClassSummary({ classes, nameOf, inIgnoreRegions = false }: { classes: readonly InspectionClass[]; nameOf: (classId: string) => string; inIgnoreRegions?: boolean }) {
  if (classes.length === 0) return <p className="hint">No class has ground truth or predictions.</p>;
  return (
    // The dock is narrow: the table scrolls sideways rather than cutting off its last columns.
    <div className="inspection-table-scroll">
      <table className="inspection-table" data-testid="inspection-classes">
        <thead>
          <tr>
            <th>Class</th>
            <th title="ground-truth boxes">GT</th>
            <th title="predicted boxes">Pred</th>
            <th>TP</th>
            <th>FP</th>
            <th>FN</th>
            {inIgnoreRegions && (
              <th title="predictions that matched no label inside an image ignore region (KITTI DontCare): neither TP nor FP" className="inspection-wrap" data-testid="inspection-in-ignore-header">
                In DontCare
              </th>
            )}
            <th title="precision">P</th>
            <th title="recall">R</th>
            <th title="average precision">AP</th>
          </tr>
        </thead>
        <tbody>
          {classes.map((c) => (
            <tr key={c.classId} data-testid="inspection-class-row" data-class-id={c.classId}>
              <td>{nameOf(c.classId)}</td>
              <td>{c.groundTruth}</td>
              <td>{c.predictions}</td>
              <td>{c.tp}</td>
              <td>{c.fp}</td>
              <td>{c.fn}</td>
              {inIgnoreRegions && <td data-testid="inspection-in-ignore">{c.inIgnoreRegions}</td>}
              <td data-testid="inspection-precision">{pct(c.precision)}</td>
              <td data-testid="inspection-recall">{pct(c.recall)}</td>
              <td data-testid="inspection-ap">{pct(c.ap)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
