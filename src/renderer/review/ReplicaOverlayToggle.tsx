import { useEffect, useState } from 'react';
import type { CallOutput } from '../../shared/contract';
import { useView, useWorkbench } from '../workbench/context';
import { REPLICA_COLORS } from './ReplicaLayer';

/** Overlays every replica on the frame shown, with a legend of who is which colour. */
export function ReplicaOverlayToggle({ sceneId }: { sceneId: string }) {
  const wb = useWorkbench();
  const on = useView((s) => s.replicaOverlay);
  const frameIndex = useView((s) => s.frameIndex);
  const [replicas, setReplicas] = useState<CallOutput<'review.replicaBoxes'>['replicas']>([]);
  useEffect(() => {
    if (!on) return setReplicas([]);
    let live = true;
    wb.client.call('review.replicaBoxes', { sceneId, frame: frameIndex }).then(
      (r) => live && setReplicas(r.replicas),
      () => live && setReplicas([]),
    );
    return () => {
      live = false;
    };
  }, [wb, on, sceneId, frameIndex]);
  return (
    <section className="review-section">
      <label>
        <input type="checkbox" checked={on} onChange={(e) => wb.view.getState().setReplicaOverlay(e.target.checked)} data-testid="replica-overlay" /> Overlay the blind replicas in 3D
      </label>
      {on && (
        <ul className="review-list" data-testid="replica-legend">
          {replicas.length === 0 && <li className="hint">No replicas on this frame.</li>}
          {replicas.map((r, i) => (
            <li key={r.lane}>
              <span className="swatch" style={{ background: REPLICA_COLORS[i % REPLICA_COLORS.length] }} /> {r.name}: {r.boxes.length} box(es)
            </li>
          ))}
          {replicas.length > 0 && <li className="hint">Bright: a box not every other replica has; faint: agreed.</li>}
        </ul>
      )}
    </section>
  );
}
