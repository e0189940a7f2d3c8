import { useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { groundTruthInFrame } from '../state/loadScene';
import { useView } from '../workbench/context';

const unitEdges = (() => {
  const lines = new THREE.LineSegments(new THREE.EdgesGeometry(new THREE.BoxGeometry(1, 1, 1)));
  lines.computeLineDistances();
  return lines.geometry;
})();

/**
 * The dataset's own labels for the frame on screen: dashed, unfilled and not pickable in 3D, so
 * they read as a reference layer and never steal a click from the boxes being edited. They are
 * selected from the object list or a camera panel.
 */
export function GroundTruthLayer() {
  const show = useView((s) => s.showGroundTruth);
  const cloud = useView((s) => s.cloud);
  const scene = useView((s) => s.scene);
  const frameIndex = useView((s) => s.frameIndex);
  const ontology = useView((s) => s.ontology);
  const selectedId = useView((s) => s.selectedId);
  const boxes = useMemo(() => (show && cloud ? groundTruthInFrame({ scene, cloud, frameIndex }) : []), [show, cloud, scene, frameIndex]);
  const invalidate = useThree((s) => s.invalidate);
  // The view draws on demand, and unmounting boxes alone does not ask for a frame.
  useEffect(() => invalidate(), [boxes, selectedId, invalidate]);
  const materials = useMemo(() => new Map<string, THREE.LineDashedMaterial>(), []);
  const materialFor = (color: string) => {
    let m = materials.get(color);
    if (!m) {
      m = new THREE.LineDashedMaterial({ color, dashSize: 0.06, gapSize: 0.04 });
      materials.set(color, m);
    }
    return m;
  };
  const colorOf = (classId: string) => ontology?.classes.find((c) => c.classId === classId)?.color ?? '#e5e7eb';
  return (
    <group name="ground-truth" userData={{ count: boxes.length }}>
      {boxes.map((b) => {
        const { center, size, rotation } = b.cuboid;
        return (
          <lineSegments
            key={b.objectId}
            name={`ground-truth-${b.objectId}`}
            geometry={unitEdges}
            material={materialFor(b.objectId === selectedId ? '#ffffff' : colorOf(b.classId))}
            position={[center[0], center[1], center[2]]}
            quaternion={[rotation[0], rotation[1], rotation[2], rotation[3]]}
            scale={[size[0], size[1], size[2]]}
            raycast={() => undefined}
          />
        );
      })}
    </group>
  );
}
