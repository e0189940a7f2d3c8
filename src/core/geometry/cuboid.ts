import { quatConjugate, quatNormalize, rotateVec3, type Quat } from './quaternion';
import { isFiniteVec3, sub, add, type Vec3 } from './vec3';

/**
 * A box in a named coordinate frame: centre, size (length along the box's x, width along y,
 * height along z) and orientation as a unit quaternion (x, y, z, w).
 */
export interface Cuboid {
  readonly frame: string;
  readonly center: Vec3;
  readonly size: Vec3;
  readonly rotation: Quat;
}

export const MIN_CUBOID_EDGE = 0.01;
/** No object a scene labels is longer than a kilometre; a larger edge is a corrupt value. */
export const MAX_CUBOID_EDGE = 1000;

/** The eight corners, ordered bottom face first (counter-clockwise from +x+y seen from above), then top. */
export function cuboidCorners(c: Cuboid): Vec3[] {
  const [l, w, h] = c.size;
  const signs: Array<[number, number, number]> = [
    [1, 1, -1], [-1, 1, -1], [-1, -1, -1], [1, -1, -1],
    [1, 1, 1], [-1, 1, 1], [-1, -1, 1], [1, -1, 1],
  ];
  return signs.map(([sx, sy, sz]) => add(c.center, rotateVec3(c.rotation, [(sx * l) / 2, (sy * w) / 2, (sz * h) / 2])));
}

/** A point expressed in the box's own axes, origin at its centre. */
export function toCuboidLocal(c: Cuboid, p: Vec3): Vec3 {
  return rotateVec3(quatConjugate(c.rotation), sub(p, c.center));
}

export function cuboidContains(c: Cuboid, p: Vec3, margin = 0): boolean {
  const [x, y, z] = toCuboidLocal(c, p);
  return (
    Math.abs(x) <= c.size[0] / 2 + margin &&
    Math.abs(y) <= c.size[1] / 2 + margin &&
    Math.abs(z) <= c.size[2] / 2 + margin
  );
}

/** Throws with a message naming the bad field; returns the cuboid with its quaternion normalised. */
export function validateCuboid(c: Cuboid): Cuboid {
  if (!c.frame) throw new Error('cuboid frame must be a non-empty name');
  if (!isFiniteVec3(c.center)) throw new Error('cuboid centre must be finite');
  if (!isFiniteVec3(c.size)) throw new Error('cuboid size must be finite');
  if (c.size.some((s) => s < MIN_CUBOID_EDGE)) {
    throw new Error(`cuboid size must be at least ${MIN_CUBOID_EDGE} m along every axis`);
  }
  if (c.size.some((s) => s > MAX_CUBOID_EDGE)) {
    throw new Error(`cuboid size must be at most ${MAX_CUBOID_EDGE} m along every axis`);
  }
  return { ...c, rotation: quatNormalize(c.rotation) };
}
