import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import * as THREE from 'three';
import { useView } from '../workbench/context';

/** No nearer than this, nor farther: the pinned point and what lies around it both show. */
const MIN_DISTANCE_M = 6;
const MAX_DISTANCE_M = 18;

const offset = new THREE.Vector3();

/** Turns the 3D view to a pinned point on request: the orbit centres on it, seen from the same side as before. */
export function useCommentFocus(): void {
  const focus = useView((s) => s.commentFocus);
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);
  const controls = useThree((s) => s.controls) as unknown as { target: THREE.Vector3; update(): void } | null;
  useEffect(() => {
    if (!focus || !controls) return;
    const [x, y, z] = focus.point;
    offset.copy(camera.position).sub(controls.target);
    const distance = THREE.MathUtils.clamp(offset.length(), MIN_DISTANCE_M, MAX_DISTANCE_M);
    offset.setLength(distance);
    controls.target.set(x, y, z);
    camera.position.set(x + offset.x, y + offset.y, z + offset.z);
    controls.update();
    invalidate();
  }, [focus, controls, camera, invalidate]);
}
