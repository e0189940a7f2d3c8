import { useEffect, useRef, useState } from 'react';
import type { CairnClient } from '../../shared/client';
import { storePath } from './fetchModelFiles';
import { drawImageOverlay, keypointPointAt, OBSERVED_COLOR, RESIDUAL_COLOR, UNTRIANGULATED_COLOR } from './imageOverlay';
import type { ReconstructionData } from './reconstructionData';
import { pointIndexOf } from './reconstructionStore';
import { useReconstruction } from '../workbench/context';
import { useKeypoints } from './useKeypoints';
import { usePicture } from './usePicture';
import { formatCount } from '../ui/format';

const RESIDUAL_SCALES = [1, 5, 10, 50];
const CLICK_RADIUS_CSS_PX = 8;

const px = (v: number) => (Number.isFinite(v) ? `${v.toFixed(3)} px` : '—');

/** The selected image's picture with its observations over it; click a keypoint to select its 3D point. */
export function ImagePanel({ client, storeId, picturesFolder, data }: { client: CairnClient; storeId: string; picturesFolder: string | null; data: ReconstructionData }) {
  const selectedImageId = useReconstruction((s) => s.selectedImageId);
  const selectedPoint = useReconstruction((s) => s.selectedPoint);
  const residualScale = useReconstruction((s) => s.residualScale);
  const session = useReconstruction((s) => s.session);
  const selectPoint = useReconstruction((s) => s.selectPoint);
  const setResidualScale = useReconstruction((s) => s.setResidualScale);
  const image = data.images.find((im) => im.imageId === selectedImageId) ?? null;
  const picturePath = image && picturesFolder ? storePath(picturesFolder, image.name) : null;
  const picture = usePicture(client, storeId, picturePath);
  const keypoints = useKeypoints(session, image?.imageId ?? null);
  const selectedPointId = selectedPoint === null ? null : data.points.ids[selectedPoint];

  const frame = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [box, setBox] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setBox({ width: el.clientWidth, height: el.clientHeight }));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // The picture fits the panel, keeping its aspect; the canvas has a pixel per device pixel.
  const fit = image && box.width > 0 && box.height > 0 ? Math.min(box.width / image.width, box.height / image.height) : 0;
  const cssWidth = image ? Math.floor(image.width * fit) : 0;
  const cssHeight = image ? Math.floor(image.height * fit) : 0;
  useEffect(() => {
    const c = canvas.current;
    if (!c || !image || cssWidth === 0) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.round(cssWidth * dpr);
    c.height = Math.round(cssHeight * dpr);
    const ctx = c.getContext('2d');
    if (ctx) drawImageOverlay(ctx, image, picture.bitmap, keypoints, { residualScale, selectedPointId, lineScale: dpr });
  }, [image, picture.bitmap, keypoints, residualScale, selectedPointId, cssWidth, cssHeight]);

  const onClick = (e: React.MouseEvent<HTMLCanvasElement>) => {
    if (!keypoints || !image) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const id = keypointPointAt(keypoints, image, { width: rect.width, height: rect.height }, e.clientX - rect.left, e.clientY - rect.top, CLICK_RADIUS_CSS_PX);
    if (id !== null) selectPoint(pointIndexOf(data, id) ?? null);
  };

  if (!image) return <section className="recon-image-panel panel">No image selected.</section>;
  const pictureState = picture.bitmap ? 'loaded' : picture.error ? 'failed' : picturePath ? 'loading' : 'none';
  return (
    <section className="recon-image-panel panel" data-testid="recon-image-panel">
      <h2>
        <span data-testid="recon-image-name">{image.name}</span>
        <span className="hint">
          camera {image.cameraId} {image.cameraModel}, {image.width}×{image.height}
        </span>
      </h2>
      <div className="recon-image-frame" ref={frame}>
        <canvas
          ref={canvas}
          data-testid="recon-image"
          data-image-id={image.imageId}
          data-picture={pictureState}
          data-keypoints={keypoints ? keypoints.pointIds.length : 0}
          style={{ width: cssWidth, height: cssHeight }}
          onClick={onClick}
        />
      </div>
      {picture.error && (
        <p className="error" data-testid="recon-image-error">
          {picture.error}
        </p>
      )}
      {!picturesFolder && <p className="hint">The scene names no picture folder: keypoints only.</p>}
      <div className="recon-image-facts">
        <span>{formatCount(image.points2D)} keypoints</span>
        <span>{formatCount(image.triangulated)} with a 3D point</span>
        <span>mean error {px(image.meanError)}</span>
        <span className="key">
          <i style={{ background: OBSERVED_COLOR }} /> with 3D point <i style={{ background: RESIDUAL_COLOR }} /> residual{' '}
          <select data-testid="recon-residual-scale" value={residualScale} onChange={(e) => setResidualScale(Number(e.target.value))} title="Residual vectors are drawn this many times their length">
            {RESIDUAL_SCALES.map((s) => (
              <option key={s} value={s}>
                ×{s}
              </option>
            ))}
          </select>{' '}
          <i style={{ background: UNTRIANGULATED_COLOR }} /> no 3D point
        </span>
      </div>
    </section>
  );
}
