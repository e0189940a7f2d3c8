import { useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { useView } from '../workbench/context';

const GHOST_COLOR = '#e879f9';

/**
 * An earlier version of the selected box (from its history), as a dashed outline over the current
 * one, so a change reads at a glance: moved, turned, resized. Not pickable.
 */
export function HistoryGhostLayer() {
  const compare = useView((s) => s.compare);
  const invalidate = useThree((s) => s.invalidate);
  const geometry = useMemo(() => {
    const lines = new THREE.LineSegments(new THREE.EdgesGeometry(new THREE.BoxGeometry(1, 1, 1)));
    lines.computeLineDistances();
    return lines.geometry;
  }, []);
  const material = useMemo(() => new THREE.LineDashedMaterial({ color: GHOST_COLOR, dashSize: 0.12, gapSize: 0.08, depthTest: false, transparent: true }), []);
  useEffect(() => invalidate(), [compare, invalidate]);
  useEffect(
    () => () => {
      geometry.dispose();
      material.dispose();
    },
    [geometry, material],
  );
  if (!compare || compare.kind !== 'cuboid') return null;
  const { center, size, rotation } = compare.cuboid;
  return (
    <lineSegments
      name="history-ghost"
      geometry={geometry}
      material={material}
      renderOrder={10}
      raycast={() => null}
      position={[center[0], center[1], center[2]]}
      quaternion={[rotation[0], rotation[1], rotation[2], rotation[3]]}
      scale={[size[0], size[1], size[2]]}
    />
  );
}
