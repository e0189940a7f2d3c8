import { useMemo } from 'react';
import * as THREE from 'three';
import type { CuboidAnnotation } from '../../core/model/annotation';

const unitBox = new THREE.BoxGeometry(1, 1, 1);
const unitEdges = new THREE.EdgesGeometry(unitBox);
// A line from the centre to the middle of the front face (+x): which way the object faces.
const headingGeometry = new THREE.BufferGeometry().setFromPoints([new THREE.Vector3(0, 0, 0), new THREE.Vector3(0.5, 0, 0)]);

export interface CuboidViewProps {
  readonly annotation: CuboidAnnotation;
  readonly color: string;
  readonly selected: boolean;
  readonly onSelect?: (objectId: string) => void;
  readonly groupRef?: (group: THREE.Group | null) => void;
}

/** A cuboid as a unit box scaled to its size, so the gizmo's scale handles edit the size directly. */
export function CuboidView({ annotation, color, selected, onSelect, groupRef }: CuboidViewProps) {
  const { center, size, rotation } = annotation.cuboid;
  const fill = useMemo(
    () => new THREE.MeshBasicMaterial({ color, transparent: true, opacity: selected ? 0.22 : 0.08, depthWrite: false }),
    [color, selected],
  );
  const edges = useMemo(() => new THREE.LineBasicMaterial({ color: selected ? '#ffffff' : color }), [color, selected]);
  const heading = useMemo(() => {
    const line = new THREE.Line(headingGeometry, new THREE.LineBasicMaterial({ color }));
    line.raycast = () => undefined;
    return line;
  }, [color]);
  return (
    <group
      ref={groupRef}
      name={`cuboid-${annotation.objectId}`}
      position={[center[0], center[1], center[2]]}
      quaternion={[rotation[0], rotation[1], rotation[2], rotation[3]]}
      scale={[size[0], size[1], size[2]]}
    >
      <mesh
        geometry={unitBox}
        material={fill}
        onClick={(e) => {
          if (!onSelect || e.delta > 4) return;
          e.stopPropagation();
          onSelect(annotation.objectId);
        }}
      />
      <lineSegments geometry={unitEdges} material={edges} raycast={() => undefined} />
      <primitive object={heading} />
    </group>
  );
}
