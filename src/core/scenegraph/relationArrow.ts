import { quatConjugate, rotateVec3 } from '../geometry/quaternion';
import { add, length, scale, sub, type Vec3 } from '../geometry/vec3';
import type { SceneGraphNode } from './sceneGraph';

export interface Arrow {
  readonly from: Vec3;
  readonly to: Vec3;
  readonly midpoint: Vec3;
}

/**
 * Where a relation's arrow runs: from the subject's box surface to the object's, along the line
 * between their centres, so the head is not buried inside the object's box. Boxes that touch or
 * overlap along that line fall back to centre to centre; coincident centres give no arrow.
 */
export function relationArrow(subject: SceneGraphNode, object: SceneGraphNode): Arrow | null {
  const delta = sub(object.centre, subject.centre);
  const distance = length(delta);
  if (distance < 1e-6) return null;
  const dir = scale(delta, 1 / distance);
  const leave = surfaceDistance(subject, dir);
  const enter = surfaceDistance(object, scale(dir, -1));
  const [from, to] =
    leave + enter < distance ? [add(subject.centre, scale(dir, leave)), sub(object.centre, scale(dir, enter))] : [subject.centre, object.centre];
  return { from, to, midpoint: scale(add(from, to), 0.5) };
}

/** How far a ray from the box centre along unit `dir` travels before it leaves the box. */
export function surfaceDistance(node: SceneGraphNode, dir: Vec3): number {
  if (!node.size) return 0;
  const local = node.rotation ? rotateVec3(quatConjugate(node.rotation), dir) : dir;
  let t = Infinity;
  for (let axis = 0; axis < 3; axis++) {
    const d = Math.abs(local[axis]);
    if (d > 1e-12) t = Math.min(t, node.size[axis] / 2 / d);
  }
  return Number.isFinite(t) ? t : 0;
}
