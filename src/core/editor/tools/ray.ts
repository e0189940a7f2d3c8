import { estimateGroundHeight, type PointArray } from '../../assist';
import { toCuboidLocal, type Cuboid } from '../../geometry/cuboid';
import { quatConjugate, rotateVec3 } from '../../geometry/quaternion';
import type { Vec3 } from '../../geometry/vec3';

/** A view ray in the scene frame: where the eye is and which way the pixel looks (any length). */
export interface Ray {
  readonly origin: Vec3;
  readonly direction: Vec3;
}

/** How far around the first guess the ground under a ray is re-estimated from the points. */
const LOCAL_GROUND_RADIUS_M = 3;

export function pointAlong(ray: Ray, t: number): Vec3 {
  return [ray.origin[0] + ray.direction[0] * t, ray.origin[1] + ray.direction[1] * t, ray.origin[2] + ray.direction[2] * t];
}

/** Where the ray meets the horizontal plane z = height; null when it runs parallel or away from it. */
export function rayAtHeight(ray: Ray, height: number): Vec3 | null {
  const dz = ray.direction[2];
  if (Math.abs(dz) < 1e-12) return null;
  const t = (height - ray.origin[2]) / dz;
  return t >= 0 ? pointAlong(ray, t) : null;
}

/**
 * The ground where the ray lands: first on the frame's ground height, then on the ground
 * estimated from the points around that spot, so a box drawn on a sloped street stands on it.
 */
export function groundUnderRay(ray: Ray, points: PointArray, stride: number, groundZ: number): Vec3 | null {
  const first = rayAtHeight(ray, groundZ);
  if (!first) return null;
  const local = estimateGroundHeight(points, stride, first, LOCAL_GROUND_RADIUS_M);
  return local === null ? first : (rayAtHeight(ray, local) ?? first);
}

/**
 * The ray parameter at which it enters the box (0 when it starts inside), or null when it
 * misses: the slab test in the box's own axes.
 */
export function rayCuboidEntry(ray: Ray, c: Cuboid): number | null {
  const o = toCuboidLocal(c, ray.origin);
  const d = rotateVec3(quatConjugate(c.rotation), ray.direction);
  let near = 0;
  let far = Infinity;
  for (let a = 0; a < 3; a++) {
    const half = c.size[a] / 2;
    if (Math.abs(d[a]) < 1e-12) {
      if (Math.abs(o[a]) > half) return null;
      continue;
    }
    let t0 = (-half - o[a]) / d[a];
    let t1 = (half - o[a]) / d[a];
    if (t0 > t1) [t0, t1] = [t1, t0];
    near = Math.max(near, t0);
    far = Math.min(far, t1);
    if (near > far) return null;
  }
  return near;
}

/** The box the ray meets first among `boxes`, or null. */
export function pickCuboid(ray: Ray, boxes: Iterable<{ readonly objectId: string; readonly cuboid: Cuboid }>): string | null {
  let best: string | null = null;
  let bestT = Infinity;
  for (const b of boxes) {
    const t = rayCuboidEntry(ray, b.cuboid);
    if (t !== null && t < bestT) {
      bestT = t;
      best = b.objectId;
    }
  }
  return best;
}
