import { useEffect, useState } from 'react';
import type { PointObservation } from '../../core/importers/colmap';
import type { ReconstructionData } from './reconstructionData';
import { useReconstruction } from '../workbench/context';

const px = (v: number) => (Number.isFinite(v) ? `${v.toFixed(3)} px` : '—');

/** Every observation of the selected 3D point; a click selects that image. */
export function PointPanel({ data }: { data: ReconstructionData }) {
  const selectedPoint = useReconstruction((s) => s.selectedPoint);
  const selectedImageId = useReconstruction((s) => s.selectedImageId);
  const session = useReconstruction((s) => s.session);
  const selectPoint = useReconstruction((s) => s.selectPoint);
  const selectImage = useReconstruction((s) => s.selectImage);
  const pointId = selectedPoint === null ? null : data.points.ids[selectedPoint];
  const [observations, setObservations] = useState<{ pointId: number; list: PointObservation[] } | null>(null);
  useEffect(() => {
    if (!session || pointId === null) return;
    let live = true;
    void session.observations(pointId).then((list) => live && setObservations({ pointId, list }));
    return () => {
      live = false;
    };
  }, [session, pointId]);

  if (selectedPoint === null || pointId === null) {
    return (
      <section className="recon-point-panel panel">
        <h2>Point</h2>
        <p className="hint">Click a point in the 3D view, or a green keypoint in the image, to list where it was seen.</p>
      </section>
    );
  }
  const p = data.points;
  const [x, y, z] = [0, 1, 2].map((a) => p.positions[3 * selectedPoint + a] + data.framing.target[a]);
  const list = observations?.pointId === pointId ? observations.list : null;
  return (
    <section className="recon-point-panel panel" data-testid="recon-point-panel" data-point-id={pointId}>
      <h2>
        Point {pointId}
        <button className="link" data-testid="recon-point-close" title="Clear the selection" onClick={() => selectPoint(null)}>
          ✕
        </button>
      </h2>
      <dl className="facts">
        <dt>Position</dt>
        <dd>
          {x.toFixed(3)}, {y.toFixed(3)}, {z.toFixed(3)}
        </dd>
        <dt>Track length</dt>
        <dd>{p.trackLength[selectedPoint]} images</dd>
        <dt>Mean error</dt>
        <dd data-testid="recon-point-error">{px(p.error[selectedPoint])}</dd>
      </dl>
      <table className="recon-table">
        <thead>
          <tr>
            <th>Image</th>
            <th className="n">x, y (px)</th>
            <th className="n">Residual</th>
          </tr>
        </thead>
        <tbody>
          {list?.map((o) => (
            <tr
              key={`${o.imageId}-${o.point2DIdx}`}
              data-testid="recon-observation"
              data-image-id={o.imageId}
              className={o.imageId === selectedImageId ? 'selected' : ''}
              onClick={() => selectImage(o.imageId)}
              title="Show this image"
            >
              <td>{o.imageName}</td>
              <td className="n">
                {o.observed[0].toFixed(1)}, {o.observed[1].toFixed(1)}
              </td>
              <td className="n">{o.projected ? px(o.error) : 'behind camera'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!list && <p className="hint">Reading observations…</p>}
    </section>
  );
}
