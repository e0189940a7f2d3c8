import { countPointsInCuboid } from '../../core/assist';
import type { PointArray } from '../../core/assist/points';
import type { Cuboid } from '../../core/geometry/cuboid';

// Boxes are immutable values (an edit makes a new one) and a frame's boxes are kept per frame and
// edit, so a count keyed by the two identities holds until the sweep or the box really changes.
const counts = new WeakMap<PointArray, WeakMap<Cuboid, number>>();

/** The points of a sweep inside a box, counted once per sweep and box rather than on every render of the inspector. */
export function pointsInBox(points: PointArray, cuboid: Cuboid): number {
  let perSweep = counts.get(points);
  if (!perSweep) counts.set(points, (perSweep = new WeakMap()));
  let n = perSweep.get(cuboid);
  if (n === undefined) perSweep.set(cuboid, (n = countPointsInCuboid(points, 4, cuboid)));
  return n;
}
