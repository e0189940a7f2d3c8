import { OrbitControls } from '@react-three/drei';
import { Canvas } from '@react-three/fiber';
import type { ColorMode } from '../state/viewStore';
import { useView } from '../workbench/context';
import { CameraPresets, CAMERA_PRESETS } from './CameraPresets';
import { OrbitButtons } from './OrbitButtons';
import { SCENE_LAYERS } from './layers';
import { useToolManager } from './useToolManager';
import { RelatePicker } from '../relations/RelatePicker';

export function Viewport() {
  const tool = useView((s) => s.tool);
  const tools = useToolManager();
  const requestCamera = useView((s) => s.requestCamera);
  const emptySweep = useView((s) => s.cloud !== null && s.cloud.count === 0);
  const colorMode = useView((s) => s.colorMode);
  const pointSize = useView((s) => s.pointSize);
  const setColorMode = useView((s) => s.setColorMode);
  const setPointSize = useView((s) => s.setPointSize);
  return (
    <div className={`viewport tool-${tool}`} data-testid="viewport">
      <Canvas
        data-testid="viewport-canvas"
        gl={{ antialias: true, preserveDrawingBuffer: true }}
        // Drawn when something changes, not 60 times a second: an idle view costs no CPU or
        // battery, and stepping frames never queues behind a redraw of an unchanged scene.
        frameloop="demand"
        dpr={[1, 2]}
        camera={{ position: [...CAMERA_PRESETS.perspective.position], up: [0, 0, 1], fov: 55, near: 0.1, far: 3000 }}
      >
        <color attach="background" args={['#0d1017']} />
        <OrbitControls makeDefault target={[...CAMERA_PRESETS.perspective.target]} enableDamping={false} />
        <OrbitButtons />
        <CameraPresets />
        {SCENE_LAYERS.map(({ id, component: Layer }) => (
          <Layer key={id} tools={tools} />
        ))}
        <axesHelper args={[2]} />
      </Canvas>
      <RelatePicker tools={tools} />
      {emptySweep && (
        <p className="view-empty" data-testid="frame-empty">
          This frame&apos;s LiDAR sweep holds no points.
        </p>
      )}
      {/* How this view draws the points: with the view, not in the window's toolbar. */}
      <div className="view-display">
        <label className="field">
          Colour
          <select data-testid="color-mode" value={colorMode} onChange={(e) => setColorMode(e.target.value as ColorMode)}>
            <option value="height">Height</option>
            <option value="intensity">Intensity</option>
          </select>
        </label>
        <label className="field">
          Size
          <input data-testid="point-size" type="range" min={1} max={8} step={0.5} value={pointSize} onChange={(e) => setPointSize(Number(e.target.value))} />
        </label>
      </div>
      <div className="view-presets">
        <button data-testid="view-perspective" title="Perspective view (P)" onClick={() => requestCamera('perspective')}>
          3D
        </button>
        <button data-testid="view-top" title="Top view (T)" onClick={() => requestCamera('top')}>
          Top
        </button>
      </div>
    </div>
  );
}
