import type { Vec3 } from '../geometry/vec3';
import type { CuboidAtPointOptions } from './fitCuboid';

/** Objects side by side with this gap or more are never joined into one box. */
export const SEPARATING_GAP = 0.3;

/** Beyond this the ground is no plane anyway, and its grid would grow with the square. */
const MAX_GROUND_RADIUS = 30;

/**
 * Fit settings for a click at `seed` when the annotator is labelling an object whose typical
 * size is `classSize` (length, width, height), in a scan taken from `sensor` (default the origin:
 * a scan in the sensor's frame).
 *
 * Neighbours lie closer than the gap that separates two objects, across the line of sight; along
 * it a scan leaves metres between a car's side and its roof, or between points on a face seen at
 * a grazing angle, so the depth allowance is wide (and a cluster that then outgrows the class is
 * grown again without it). The box is completed to the class's size.
 */
export function suggestFitOptions(seed: Vec3, classSize: readonly [number, number, number], sensor: Vec3 = [0, 0, 0]): CuboidAtPointOptions {
  const range = Math.hypot(seed[0] - sensor[0], seed[1] - sensor[1]);
  return {
    neighbourDistance: SEPARATING_GAP - 0.02,
    depthDistance: 2.5,
    maxExtent: Math.max(2, classSize[0] * 1.35),
    // Far out the ground shows as a few rings metres apart, shadowed behind each object: the
    // plane is fitted over a disc wide enough to hold several.
    groundRadius: Math.min(MAX_GROUND_RADIUS, Math.max(8, 0.3 * range)),
    classSize,
    sensor,
  };
}
