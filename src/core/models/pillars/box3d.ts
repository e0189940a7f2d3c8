import type { Cuboid } from '../../geometry/cuboid';
import { quatFromYaw } from '../../geometry/quaternion';

/**
 * A 3D detection as pillar detectors state it: centre, size (length along the box's heading,
 * width, height) and yaw about z, in the LiDAR frame (x forward, y left, z up, as Cairn's own).
 */
export interface Detection3D {
  readonly center: readonly [number, number, number];
  readonly size: readonly [number, number, number];
  readonly yaw: number;
  /** The model's class number (an index into the card's classes). */
  readonly classIndex: number;
  readonly score: number;
}

export function detectionCuboid(d: Detection3D, frame: string): Cuboid {
  return { frame, center: [...d.center], size: [...d.size], rotation: quatFromYaw(d.yaw) };
}
