import { useEffect, useMemo, useRef } from 'react';
import type { CairnClient } from '../../shared/client';
import { getSession } from '../state/session';
import { useView } from '../state/viewStore';
import { cameraViews, drawCuboids, drawPoints, type CameraView, type DrawnBox } from '../viewer/cameraOverlay';

function CameraPanel({ client, view }: { client: CairnClient; view: CameraView }) {
  const scene = useView((s) => s.scene);
  const frameIndex = useView((s) => s.frameIndex);
  const cloud = useView((s) => s.cloud);
  const selectedId = useView((s) => s.selectedId);
  const ontology = useView((s) => s.ontology);
  useView((s) => s.revision);
  const pointsCanvas = useRef<HTMLCanvasElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const boxes = useRef<DrawnBox[]>([]);
  const frame = scene?.manifest.frames[frameIndex];
  const image = frame?.images[view.sensorId];

  // Points change with the frame only; boxes with every edit, so they live on their own layer
  // and a gizmo drag never re-projects the sweep.
  useEffect(() => {
    const ctx = pointsCanvas.current?.getContext('2d');
    if (ctx) drawPoints(ctx, view, cloud && frame && cloud.frameId === frame.frameId ? cloud.points : null);
  }, [view, cloud, frame]);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    const editor = getSession()?.editor;
    if (!ctx || !frame) return;
    const cuboids = editor ? editor.inFrame(frame.frameId) : [];
    const colourOf = (classId: string) => ontology?.classes.find((c) => c.classId === classId)?.color ?? '#e5e7eb';
    boxes.current = drawCuboids(ctx, view, cuboids, colourOf, selectedId);
  });

  const pick = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const u = ((e.clientX - r.left) / r.width) * view.width;
    const v = ((e.clientY - r.top) / r.height) * view.height;
    // Smallest box under the cursor: the nearer of two overlapping objects is usually the smaller on screen.
    const hit = boxes.current
      .filter((b) => u >= b.minU && u <= b.maxU && v >= b.minV && v <= b.maxV)
      .sort((a, b) => (a.maxU - a.minU) * (a.maxV - a.minV) - (b.maxU - b.minU) * (b.maxV - b.minV))[0];
    useView.getState().set({ selectedId: hit?.objectId ?? null, tool: 'select' });
  };

  if (!scene || !image) return null;
  return (
    <figure className="camera-panel" data-testid={`camera-${view.sensorId}`}>
      <div className="camera-frame" style={{ aspectRatio: `${view.width} / ${view.height}` }}>
        <img src={client.dataUrl(scene.storeId, image.path)} alt={view.sensorId} draggable={false} />
        <canvas ref={pointsCanvas} width={view.width} height={view.height} className="points-layer" />
        <canvas ref={canvas} width={view.width} height={view.height} onClick={pick} data-testid={`camera-overlay-${view.sensorId}`} />
      </div>
      <figcaption>{view.sensorId}</figcaption>
    </figure>
  );
}

/** Every camera of the frame, with the frame's LiDAR and boxes projected into it. */
export function CameraPanels({ client }: { client: CairnClient }) {
  const scene = useView((s) => s.scene);
  const sensorId = useView((s) => s.cloud?.sensorId);
  const views = useMemo(() => (scene && sensorId ? cameraViews(scene.manifest, sensorId) : []), [scene, sensorId]);
  if (views.length === 0) return null;
  return (
    <section className="camera-panels" data-testid="camera-panels">
      {views.map((v) => (
        <CameraPanel key={v.sensorId} client={client} view={v} />
      ))}
    </section>
  );
}
