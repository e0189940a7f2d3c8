import { OrbitControls } from '@react-three/drei';
import { Canvas } from '@react-three/fiber';
import { useMemo, useRef } from 'react';
import * as THREE from 'three';
import type { CairnClient } from '../../shared/client';
import { pickPointIndex } from '../viewer/picking';
import { ColorLegend } from './ColorLegend';
import { colorScale, type ColorBy } from './colorScale';
import { FRUSTUM_FLOATS, type ReconstructionData } from './reconstructionData';
import { ReconstructionLayers, ViewBridgeSetter, type ViewBridge } from './ReconstructionLayers';
import { useReconstruction } from '../workbench/context';
import { eyeDistance } from './viewFraming';
import { formatCount } from '../ui/format';

const FOV_DEG = 50;
/** A click that moved further than this was an orbit, not a pick. */
const CLICK_SLOP_PX = 4;
const POINT_PICK_PX = 6;
const CAMERA_PICK_PX = 8;

/** Eye position, relative to the target (the render origin). */
const eyeFor = (data: ReconstructionData, what: 'points' | 'all') => new THREE.Vector3(...data.framing.viewFrom).multiplyScalar(eyeDistance(data.framing, FOV_DEG, what));

function apexes(frustums: Float32Array): Float32Array {
  const n = frustums.length / FRUSTUM_FLOATS;
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) out.set(frustums.subarray(FRUSTUM_FLOATS * i, FRUSTUM_FLOATS * i + 3), 3 * i);
  return out;
}

interface Props {
  client: CairnClient;
  storeId: string;
  picturesFolder: string | null;
  data: ReconstructionData;
}

/** The reconstruction in 3D: cameras and points framed at open, "up" taken from its cameras. */
export function ReconstructionViewport({ client, storeId, picturesFolder, data }: Props) {
  const colorBy = useReconstruction((s) => s.colorBy);
  const drawn = useReconstruction((s) => s.drawn);
  const selectImage = useReconstruction((s) => s.selectImage);
  const selectPoint = useReconstruction((s) => s.selectPoint);
  const setColorBy = useReconstruction((s) => s.setColorBy);
  const scale = useMemo(() => colorScale(colorBy === 'error' ? data.points.error : data.points.trackLength, colorBy), [data, colorBy]);
  const cameraCentres = useMemo(() => apexes(data.frustums), [data]);
  const bridge = useRef<ViewBridge>({ camera: null, size: { width: 1, height: 1 }, controls: null }).current;
  const down = useRef<{ x: number; y: number } | null>(null);
  // Opens on everything, as a reviewer first wants the shape of the capture (where the cameras
  // stood around what); "Frame points" closes in.
  const eye = useMemo(() => eyeFor(data, 'all'), [data]);
  const { radius, wholeRadius } = data.framing;

  const pick = (e: React.MouseEvent<HTMLDivElement>) => {
    const start = down.current;
    down.current = null;
    if (!start || Math.hypot(e.clientX - start.x, e.clientY - start.y) > CLICK_SLOP_PX || !bridge.camera) return;
    const canvas = (e.currentTarget as HTMLDivElement).querySelector('canvas');
    if (!canvas || e.target !== canvas) return;
    const rect = canvas.getBoundingClientRect();
    const ndc = { x: ((e.clientX - rect.left) / rect.width) * 2 - 1, y: 1 - ((e.clientY - rect.top) / rect.height) * 2 };
    const viewport = { width: rect.width, height: rect.height };
    const camera = pickPointIndex(cameraCentres, 3, bridge.camera, ndc, viewport, CAMERA_PICK_PX);
    if (camera >= 0) {
      selectImage(data.images[camera].imageId);
      return;
    }
    const point = pickPointIndex(data.points.positions, 3, bridge.camera, ndc, viewport, POINT_PICK_PX);
    selectPoint(point >= 0 ? point : null);
  };

  const frame = (what: 'points' | 'all') => {
    const { camera, controls } = bridge;
    if (!camera) return;
    camera.position.copy(eyeFor(data, what));
    camera.up.set(...data.framing.up);
    controls?.target.set(0, 0, 0);
    controls?.update();
  };

  return (
    <div
      className="recon-viewport"
      data-testid="recon-viewport"
      onPointerDown={(e) => {
        down.current = { x: e.clientX, y: e.clientY };
      }}
      onClick={pick}
    >
      <Canvas
        data-testid="recon-canvas"
        gl={{ antialias: true, preserveDrawingBuffer: true }}
        dpr={[1, 2]}
        camera={{ position: eye.toArray(), up: [...data.framing.up], fov: FOV_DEG, near: radius / 500, far: wholeRadius * 20 }}
      >
        <color attach="background" args={['#0d1017']} />
        <OrbitControls makeDefault target={[0, 0, 0]} enableDamping={false} />
        <ReconstructionLayers client={client} storeId={storeId} picturesFolder={picturesFolder} data={data} scale={scale} />
        <ViewBridgeSetter bridge={bridge} />
      </Canvas>
      <div className="recon-overlay top">
        <label>
          Colour by{' '}
          <select data-testid="recon-color" value={colorBy} onChange={(e) => setColorBy(e.target.value as ColorBy)}>
            <option value="error">Reprojection error</option>
            <option value="track">Track length</option>
          </select>
        </label>
        <ColorLegend scale={scale} by={colorBy} />
        <button data-testid="recon-frame-points" title="Frame the points again, up from the cameras" onClick={() => frame('points')}>
          Frame points
        </button>
        <button data-testid="recon-frame-all" title="Frame the points and every camera" onClick={() => frame('all')}>
          Frame all
        </button>
      </div>
      <div className="recon-overlay bottom">
        <span data-testid="recon-points" data-count={drawn.points}>
          {formatCount(drawn.points)} points
        </span>
        <span data-testid="recon-frustums" data-count={drawn.frustums}>
          {formatCount(drawn.frustums)} cameras
        </span>
        <span className="hint">Click a point for its observations, a camera centre for its image; drag to orbit, right-drag to pan.</span>
      </div>
    </div>
  );
}
