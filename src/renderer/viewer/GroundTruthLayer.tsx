import { useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { groundTruthInFrame } from '../state/loadScene';
import { useView } from '../workbench/context';
import { IGNORED_COLOUR } from './cameraOverlay';

const unitEdges = (() => {
  const lines = new THREE.LineSegments(new THREE.EdgesGeometry(new THREE.BoxGeometry(1, 1, 1)));
  lines.computeLineDistances();
  return lines.geometry;
})();

/**
 * The dataset's own labels for the frame on screen: dashed, unfilled and not pickable in 3D, so
 * they read as a reference layer and never steal a click from the boxes being edited. They are
 * selected from the object list or a camera panel. Boxes the dataset does not score (flagged
 * ignore) are grey and sparsely dotted, whatever their class.
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
  const materialFor = (color: string, ignored = false) => {
    const key = `${color}|${ignored}`;
    let m = materials.get(key);
    if (!m) {
      m = ignored ? new THREE.LineDashedMaterial({ color, dashSize: 0.03, gapSize: 0.12, transparent: true, opacity: 0.8 }) : new THREE.LineDashedMaterial({ color, dashSize: 0.06, gapSize: 0.04 });
      materials.set(key, m);
    }
    return m;
  };
  const colorOf = (classId: string) => ontology?.classes.find((c) => c.classId === classId)?.color ?? '#e5e7eb';
  return (
    <group name="ground-truth" userData={{ count: boxes.length, ignored: boxes.filter((b) => b.ignore).length }}>
      {boxes.map((b) => {
        const { center, size, rotation } = b.cuboid;
        return (
          <lineSegments
            key={b.objectId}
            name={`ground-truth-${b.objectId}`}
            userData={{ ignored: b.ignore }}
            geometry={unitEdges}
            material={materialFor(b.objectId === selectedId ? '#ffffff' : b.ignore ? IGNORED_COLOUR : colorOf(b.classId), b.ignore)}
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
