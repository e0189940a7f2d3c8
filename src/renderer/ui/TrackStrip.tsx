import { selectedTrackId, trackFrameStates } from '../../core/editor/trackTimeline';
import { shortId } from '../../core/model/ids';
import { followTrackTo } from '../commands/followTrack';
import { useEditor, useView, useWorkbench } from '../workbench/context';

const LABELS = { keyframe: 'keyframe', interpolated: 'interpolated', absent: 'no box' } as const;

/**
 * The selected object's track across the timeline, one cell a frame: keyframes, frames it is
 * interpolated on, frames it is absent from. A click goes to that frame with the track still selected.
 */
export function TrackStrip() {
  const workbench = useWorkbench();
  const selectedId = useView((s) => s.selectedId);
  const frameIndex = useView((s) => s.frameIndex);
  const frames = useView((s) => s.scene?.manifest.frames.length ?? 0);
  useView((s) => s.revision);
  const editor = useEditor();
  const trackId = editor ? selectedTrackId(editor, selectedId) : null;
  if (frames === 0) return null;
  // The row stays when nothing is selected, so selecting a box never resizes the 3D view under the pointer.
  if (!editor || !trackId) {
    return (
      <div className="track-strip empty" data-testid="track-strip-empty">
        <span className="track-name">track</span>
        <span className="hint">Select a box to see its keyframes here</span>
      </div>
    );
  }
  const states = trackFrameStates(editor, trackId);
  const go = (i: number) => followTrackTo({ workbench, view: workbench.view.getState(), editor: editor ?? undefined }, trackId, i);
  return (
    <div className="track-strip" data-testid="track-strip" data-track-id={trackId}>
      <span className="track-name" title={`track ${trackId}`}>
        track {shortId(trackId)}
      </span>
      <div className="cells">
        {states.map((state, i) => (
          <button
            key={i}
            className={`cell ${state}${i === frameIndex ? ' current' : ''}`}
            data-frame-index={i}
            data-state={state}
            title={`Frame ${i + 1}: ${LABELS[state]}`}
            aria-label={`Frame ${i + 1}: ${LABELS[state]}`}
            onClick={() => go(i)}
          />
        ))}
      </div>
    </div>
  );
}
