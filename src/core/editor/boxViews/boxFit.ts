import { DEFAULT_CLUSTER_OPTIONS, fitGroundPlane, groundHeightAt, type GroundPlane, type PointArray } from '../../assist';
import { MIN_CUBOID_EDGE, toCuboidLocal, type Cuboid } from '../../geometry/cuboid';
import { rotateVec3 } from '../../geometry/quaternion';
import { add } from '../../geometry/vec3';

/** Points this little above the ground are the ground (a curb, grass), as fit to point counts them. */
export const GROUND_CLEARANCE_M = DEFAULT_CLUSTER_OPTIONS.groundClearance;
/** Fewer points than this inside a box say too little about the object to shrink to. */
export const MIN_SHRINK_POINTS = 3;

/**
 * The ground plane around a box: fit to point's robust fit over a disc reaching well past the box
 * (cell minima, so the object's own points, which stand above the ground, do not lift it).
 */
export function groundAround(box: Cuboid, points: PointArray, stride: number): GroundPlane | null {
  const reach = Math.hypot(box.size[0], box.size[1]) / 2;
  return fitGroundPlane(points, stride, box.center, Math.max(DEFAULT_CLUSTER_OPTIONS.groundRadius, reach + 4));
}

/** The ground's height under the box centre, or null where the points show no ground. */
export function groundUnderBox(box: Cuboid, points: PointArray, stride: number): number | null {
  const plane = groundAround(box, points, stride);
  return plane ? groundHeightAt(plane, box.center[0], box.center[1]) : null;
}

/**
 * Moves the bottom face down (or up) to the ground with the top face fixed: the box's height
 * changes by what the bottom moved. Measured along the frame's z at the centre; a box tilted a few
 * degrees is treated as upright.
 */
export function snapBottomTo(box: Cuboid, groundZ: number): Cuboid {
  const top = box.center[2] + box.size[2] / 2;
  const height = Math.max(MIN_CUBOID_EDGE, top - groundZ);
  return { ...box, center: [box.center[0], box.center[1], top - height / 2], size: [box.size[0], box.size[1], height] };
}

/**
 * The tightest box around the points inside `box`, in the box's own frame (its heading kept),
 * leaving out points within the ground clearance of `ground` (when known): shrinking to them would
 * keep the road under a car. Null when fewer than MIN_SHRINK_POINTS points remain.
 */
export function shrinkToPoints(box: Cuboid, points: PointArray, stride: number, ground: GroundPlane | null): { cuboid: Cuboid; pointCount: number } | null {
  const half = [box.size[0] / 2, box.size[1] / 2, box.size[2] / 2];
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  let count = 0;
  const n = Math.floor(points.length / stride);
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    const p = [points[o], points[o + 1], points[o + 2]] as const;
    const local = toCuboidLocal(box, p);
    if (Math.abs(local[0]) > half[0] || Math.abs(local[1]) > half[1] || Math.abs(local[2]) > half[2]) continue;
    if (ground && p[2] - groundHeightAt(ground, p[0], p[1]) <= GROUND_CLEARANCE_M) continue;
    count++;
    for (let k = 0; k < 3; k++) {
      lo[k] = Math.min(lo[k], local[k]);
      hi[k] = Math.max(hi[k], local[k]);
    }
  }
  if (count < MIN_SHRINK_POINTS) return null;
  const size = [0, 1, 2].map((k) => Math.max(MIN_CUBOID_EDGE, hi[k] - lo[k])) as [number, number, number];
  const mid = [0, 1, 2].map((k) => (lo[k] + hi[k]) / 2) as [number, number, number];
  return { cuboid: { ...box, center: add(box.center, rotateVec3(box.rotation, mid)), size }, pointCount: count };
}
