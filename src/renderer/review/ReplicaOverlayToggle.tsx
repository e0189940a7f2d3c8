import { useView, useWorkbench } from '../workbench/context';
import { replicaColour } from './replicaColours';

/** Overlays every replica on the frame shown, in 3D and in the cameras, with a legend of who is which colour. */
export function ReplicaOverlayToggle() {
  const wb = useWorkbench();
  const on = useView((s) => s.replicaOverlay);
  const frameIndex = useView((s) => s.frameIndex);
  const shown = useView((s) => s.replicaFrame);
  const replicas = shown?.frameIndex === frameIndex ? shown.replicas : [];
  return (
    <section className="review-section">
      <label>
        <input type="checkbox" checked={on} onChange={(e) => wb.view.getState().setReplicaOverlay(e.target.checked)} data-testid="replica-overlay" /> Overlay the blind replicas (3D and cameras)
      </label>
      {on && (
        <ul className="review-list" data-testid="replica-legend">
          {replicas.length === 0 && <li className="hint">No replicas on this frame.</li>}
          {replicas.map((r, i) => (
            <li key={r.lane}>
              <span className="swatch" style={{ background: replicaColour(i) }} /> {r.name}: {r.boxes.length} box(es)
              {r.boxes.some((b) => b.disputed) && `, ${r.boxes.filter((b) => b.disputed).length} not in every replica`}
            </li>
          ))}
          {replicas.length > 0 && <li className="hint">Bright: a box not every other replica has; faint: agreed.</li>}
        </ul>
      )}
    </section>
  );
}
