import { useRef } from 'react';
import { goToFrame } from '../commands/goToFrame';
import { useRowWindow } from '../ui/useRowWindow';
import { useView, useWorkbench } from '../workbench/context';
import { byError } from './inspectionCommands';
import { sortFrames } from './loadPredictions';
import { useInspection } from './inspectionStore';

/** The run's frames with their counts and error, sortable by error or by frame; a click (or Worst frame) goes there. */
export function FrameErrorList() {
  const wb = useWorkbench();
  const frames = useInspection((s) => s.frames);
  const sort = useInspection((s) => s.sort);
  const frameIndex = useView((s) => s.frameIndex);
  const list = useRef<HTMLUListElement>(null);
  const rows = useRowWindow(frames.length, list);
  const go = (index: number) => goToFrame({ workbench: wb, view: wb.view.getState() }, index);
  const worst = byError(frames)[0] ?? null;
  return (
    <section className="inspection-frames">
      <div className="inspection-controls">
        <span>Sort</span>
        <button type="button" className={sort === 'error' ? 'active' : ''} aria-pressed={sort === 'error'} data-testid="inspection-sort-error" onClick={() => void sortFrames(wb, 'error')}>
          by error
        </button>
        <button type="button" className={sort === 'frame' ? 'active' : ''} aria-pressed={sort === 'frame'} data-testid="inspection-sort-frame" onClick={() => void sortFrames(wb, 'frame')}>
          by frame
        </button>
        <button type="button" data-testid="inspection-worst" disabled={!worst || worst.error === 0} onClick={() => worst && go(worst.frameIndex)} title="Go to the frame with the highest error (Shift+E; J / K step through the frames by error)">
          Worst frame
        </button>
      </div>
      <div className="inspection-frame-head" aria-hidden>
        <span>Frame</span>
        <span>TP</span>
        <span>FP</span>
        <span>FN</span>
        <span>Error</span>
      </div>
      <ul ref={list} data-testid="inspection-frames" data-sort={sort}>
        {rows.padTop > 0 && <li aria-hidden style={{ height: rows.padTop }} />}
        {frames.slice(rows.from, rows.to).map((f) => (
          <li key={f.frameId}>
            <button
              type="button"
              className={f.frameIndex === frameIndex ? 'selected' : ''}
              data-testid="inspection-frame-row"
              data-frame-index={f.frameIndex}
              data-error={f.error}
              onClick={() => go(f.frameIndex)}
            >
              <span>{f.frameIndex + 1}</span>
              <span>{f.tp}</span>
              <span className={f.fp > 0 ? 'fp' : ''}>{f.fp}</span>
              <span className={f.fn > 0 ? 'fn' : ''}>{f.fn}</span>
              <span>{f.error.toFixed(2)}</span>
            </button>
          </li>
        ))}
        {rows.padBottom > 0 && <li aria-hidden style={{ height: rows.padBottom }} />}
      </ul>
    </section>
  );
}
