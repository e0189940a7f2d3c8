import { OrbitControls } from '@react-three/drei';
import { Canvas, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useState } from 'react';
import * as THREE from 'three';
import type { ToolManager } from '../../core/editor/tools';
import { boxesInFrame, isSelectedBox } from '../../core/editor/tools/frameBoxes';
import { getSession } from '../state/session';
import { useView } from '../state/viewStore';
import { CameraPresets, CAMERA_PRESETS } from './CameraPresets';
import { CuboidGizmo } from './CuboidGizmo';
import { CuboidView } from './CuboidView';
import { GroundTruthLayer } from './GroundTruthLayer';
import { InteractionController } from './InteractionController';
import { PointCloudLayer } from './PointCloudLayer';
import { SceneGraphLayer } from './SceneGraphLayer';
import { useToolManager } from './useToolManager';

function PointCloud() {
  const frameCloud = useView((s) => s.cloud);
  const merged = useView((s) => s.mergedCloud);
  const useMerged = merged && frameCloud && merged.frameId === frameCloud.frameId;
  const points = useMerged ? merged.points : frameCloud?.points;
  const zRange = frameCloud?.zRange;
  const colorMode = useView((s) => s.colorMode);
  const pointSize = useView((s) => s.pointSize);
  const { gl, invalidate } = useThree();
  const layer = useMemo(() => new PointCloudLayer(), []);
  useEffect(() => () => layer.dispose(), [layer]);
  useEffect(() => {
    if (points && zRange) layer.setPoints(points, zRange);
    invalidate();
  }, [points, zRange, layer, invalidate]);
  useEffect(() => {
    layer.setStyle(colorMode, pointSize, gl.getPixelRatio());
    invalidate();
  }, [colorMode, pointSize, gl, layer, invalidate]);
  return <primitive object={layer} visible={!!points} />;
}

function Annotations({ tools }: { readonly tools: ToolManager | null }) {
  const cloud = useView((s) => s.cloud);
  const ontology = useView((s) => s.ontology);
  const selectedId = useView((s) => s.selectedId);
  const gizmoMode = useView((s) => s.gizmoMode);
  const tool = useView((s) => s.tool);
  useView((s) => s.revision);
  const [selectedGroup, setSelectedGroup] = useState<THREE.Group | null>(null);
  const editor = getSession()?.editor;
  if (!editor || !cloud) return null;
  const colorOf = (classId: string) => ontology?.classes.find((c) => c.classId === classId)?.color ?? '#e5e7eb';
  const boxes = boxesInFrame(editor, cloud.frameId);
  const selected = boxes.find((b) => isSelectedBox(b, selectedId));
  return (
    <>
      {boxes.map((b) => (
        // Keyed by track: when a drag turns an interpolated box into a keyframe, the group the
        // gizmo holds stays mounted and the drag goes on.
        <CuboidView
          key={b.trackId}
          box={b}
          color={colorOf(b.classId)}
          selected={b === selected}
          groupRef={b === selected ? setSelectedGroup : undefined}
        />
      ))}
      {selectedId && selectedGroup && selected && tool === 'select' && (
        <CuboidGizmo object={selectedGroup} objectId={selectedId} frameId={cloud.frameId} mode={gizmoMode} tools={tools} />
      )}
    </>
  );
}

export function Viewport() {
  const tool = useView((s) => s.tool);
  const tools = useToolManager();
  // Left-drag draws in the draw tool; orbiting moves to the right button there.
  const mouseButtons = {
    LEFT: tool === 'draw' ? undefined : THREE.MOUSE.ROTATE,
    MIDDLE: THREE.MOUSE.DOLLY,
    RIGHT: tool === 'draw' ? THREE.MOUSE.ROTATE : THREE.MOUSE.PAN,
  } as unknown as { LEFT: THREE.MOUSE; MIDDLE: THREE.MOUSE; RIGHT: THREE.MOUSE };
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
        <OrbitControls makeDefault target={[...CAMERA_PRESETS.perspective.target]} mouseButtons={mouseButtons} enableDamping={false} />
        <CameraPresets />
        <PointCloud />
        <Annotations tools={tools} />
        <GroundTruthLayer />
        <SceneGraphLayer />
        <InteractionController tools={tools} />
        <axesHelper args={[2]} />
      </Canvas>
      <div className="view-presets">
        <button data-testid="view-perspective" title="Perspective view (P)" onClick={() => useView.getState().set({ cameraRequest: { preset: 'perspective' } })}>
          3D
        </button>
        <button data-testid="view-top" title="Top view (T)" onClick={() => useView.getState().set({ cameraRequest: { preset: 'top' } })}>
          Top
        </button>
      </div>
    </div>
  );
}
