import { useView, useWorkbench } from '../workbench/context';
import { OUTCOME_COLOURS } from './inspectionColours';
import { useInspection } from './inspectionStore';

const OUTCOME_SHORT = { tp: 'TP', fp: 'FP', fn: 'FN', matchedGt: 'GT' } as const;

/**
 * The frame's boxes by outcome, what needs looking at first (misses and false positives); a click
 * selects the box (ground truth in the inspector, a prediction drawn white in 3D and the cameras).
 */
export function FrameBoxList({ nameOf }: { nameOf: (classId: string) => string }) {
  const wb = useWorkbench();
  const frameId = useView((s) => s.scene?.manifest.frames[s.frameIndex]?.frameId ?? null);
  const selectedId = useView((s) => s.selectedId);
  const outcome = useInspection((s) => (s.outcome && s.outcome.frameId === frameId ? s.outcome.result : null));
  const metric = useInspection((s) => s.run?.matching.metric ?? 'iou3d');
  const run = useInspection((s) => s.run);
  if (!outcome) return <p className="hint">Matching this frame…</p>;
  // Matched ground truth is listed through its true positive; misses and false positives come first.
  const rank = { fn: 0, fp: 1, tp: 2, matchedGt: 3 } as const;
  const boxes = outcome.boxes.filter((b) => b.outcome !== 'matchedGt').sort((a, b) => rank[a.outcome] - rank[b.outcome]);
  const selected = outcome.boxes.find((b) => b.id === selectedId && b.outcome !== 'matchedGt');
  return (
    <section>
      <h4 data-testid="inspection-frame-counts" data-tp={outcome.tp} data-fp={outcome.fp} data-fn={outcome.fn}>
        This frame: {outcome.tp} TP · {outcome.fp} FP · {outcome.fn} FN
        {outcome.belowScore > 0 && <span className="hint"> · {outcome.belowScore} under the minimum score, not shown</span>}
      </h4>
      {selected && (
        <p className="inspection-selected" data-testid="inspection-selected" data-outcome={selected.outcome}>
          <span className="swatch" style={{ background: OUTCOME_COLOURS[selected.outcome] }} /> {OUTCOME_SHORT[selected.outcome]} {nameOf(selected.classId)}
          {selected.score !== null && ` · score ${selected.score.toFixed(2)}`}
          {selected.iou3d !== null && ` · 3D IoU ${selected.iou3d.toFixed(2)}, ${(selected.centreDistance ?? 0).toFixed(2)} m apart`}
          {selected.where && <span className="hint"> · {run ? selected.where.replace(run.source, run.name) : selected.where}</span>}
        </p>
      )}
      <ul className="inspection-boxes" data-testid="inspection-boxes">
        {boxes.map((b) => (
          <li key={`${b.outcome}|${b.id}`}>
            <button
              type="button"
              className={b.id === selectedId ? 'selected' : ''}
              data-testid="inspection-box-row"
              data-outcome={b.outcome}
              data-id={b.id}
              onClick={() => wb.view.getState().pick(b.id)}
            >
              <span className="swatch" style={{ background: OUTCOME_COLOURS[b.outcome] }} />
              <span className="outcome">{OUTCOME_SHORT[b.outcome]}</span>
              <span className="name">{nameOf(b.classId)}</span>
              <span className="figure" title="score">{b.score !== null ? b.score.toFixed(2) : ''}</span>
              <span className="figure">{b.iou3d === null ? '' : metric === 'centre' ? `${(b.centreDistance ?? 0).toFixed(2)} m` : `IoU ${b.iou3d.toFixed(2)}`}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
