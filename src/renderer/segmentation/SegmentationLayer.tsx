import { Line } from '@react-three/drei';
import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import * as THREE from 'three';
import { useStore } from 'zustand';
import { attachSegmentation, type SegmentGesture } from '../../core/editor/tools/segmentTool';
import type { BrushShape } from '../../core/segmentation/selectionRequest';
import type { LayerProps } from '../viewer/layer';
import { useEditorInstance, useWorkbench } from '../workbench/context';
import { segmentationOf } from './segmentation';

/**
 * The segmentation's part of the 3D view: it lends the segment tool the view's camera (an
 * outline drawn on screen becomes a selection through it) and the way to apply a gesture, and
 * draws the gesture under way: the lasso or polygon, or the brush (a sphere or a cylinder).
 */
export function SegmentationLayer({ tools }: LayerProps) {
  const workbench = useWorkbench();
  const segmentation = segmentationOf(workbench);
  // The editor is lent to the segment tool, not read while rendering: no render on each edit.
  const editor = useEditorInstance();
  const { camera, gl, invalidate } = useThree();
  const preview = useStore(segmentation.store, (s) => s.preview);
  const brushRadius = useStore(segmentation.store, (s) => s.brushRadius);
  const brushShape = useStore(segmentation.store, (s) => s.brushShape);

  useEffect(() => {
    segmentation.bindView({
      viewProjection: () => new THREE.Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse).elements.slice(),
      size: () => {
        const r = gl.domElement.getBoundingClientRect();
        return { width: r.width, height: r.height };
      },
    });
    return () => segmentation.bindView(null);
  }, [segmentation, camera, gl]);

  useEffect(() => {
    if (!editor) return;
    return attachSegmentation(editor, {
      mode: () => segmentation.state.mode,
      preview: (gesture) => segmentation.set({ preview: gesture }),
      apply: (gesture) => void segmentation.apply(gesture),
    });
  }, [editor, segmentation, tools]);

  useEffect(() => invalidate(), [preview, invalidate]);
  useEffect(() => () => segmentation.set({ preview: null }), [segmentation]);
  if (!preview) return null;
  return <GesturePreview gesture={preview} brushRadius={brushRadius} brushShape={brushShape} camera={camera} element={gl.domElement} />;
}

/** The cylinder brush is unbounded in height; its preview is drawn this tall around the cursor's point. */
const CYLINDER_PREVIEW_HEIGHT = 8;

function GesturePreview({ gesture, brushRadius, brushShape, camera, element }: { gesture: SegmentGesture; brushRadius: number; brushShape: BrushShape; camera: THREE.Camera; element: HTMLElement }) {
  if (gesture.kind === 'brush') {
    const at = gesture.centres[gesture.centres.length - 1];
    if (brushShape === 'cylinder') {
      // three's cylinder stands along y; turned to stand along z, the scene's up.
      return (
        <mesh position={at} rotation={[Math.PI / 2, 0, 0]} raycast={() => undefined} renderOrder={10}>
          <cylinderGeometry args={[brushRadius, brushRadius, CYLINDER_PREVIEW_HEIGHT, 24, 4, true]} />
          <meshBasicMaterial color="#fde047" wireframe transparent opacity={0.6} depthTest={false} />
        </mesh>
      );
    }
    return (
      <mesh position={at} raycast={() => undefined} renderOrder={10}>
        <sphereGeometry args={[brushRadius, 16, 12]} />
        <meshBasicMaterial color="#fde047" wireframe transparent opacity={0.6} depthTest={false} />
      </mesh>
    );
  }
  if (gesture.kind !== 'outline' || gesture.screen.length < 2) return null;
  // The outline is drawn where the pixels are: unprojected just beyond the near plane, on top of everything.
  const r = element.getBoundingClientRect();
  const points = gesture.screen.map(([x, y]) => new THREE.Vector3((x / r.width) * 2 - 1, 1 - (y / r.height) * 2, -0.99).unproject(camera).toArray());
  if (gesture.closed) points.push(points[0]);
  return <Line points={points} color="#fde047" lineWidth={2} depthTest={false} renderOrder={10} raycast={() => undefined} />;
}
