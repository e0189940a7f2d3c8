import type { Vec3 } from '../geometry/vec3';
import type { CuboidAtPointOptions } from './fitCuboid';

/**
 * Cluster settings for a click at `seed` (in the sensor frame) when the annotator is labelling an
 * object whose typical size is `classSize` (length, width, height).
 *
 * A spinning LiDAR's beams spread with range, and anything between the sensor and the object
 * casts a shadow across it, so at 15 m a car's roof and side can be a metre apart with no point
 * between them. The neighbour distance therefore grows with range, and the class's size caps the
 * extent, which keeps a wide neighbour distance from swallowing the next parked car.
 */
export function suggestFitOptions(seed: Vec3, classSize: readonly [number, number, number]): CuboidAtPointOptions {
  const range = Math.hypot(seed[0], seed[1]);
  return {
    neighbourDistance: Math.min(1.4, Math.max(0.4, 0.1 * range)),
    maxExtent: Math.max(2, classSize[0] * 1.35),
  };
}
