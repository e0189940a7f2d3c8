import type { Cuboid } from '../geometry/cuboid';
import { quatNormalize } from '../geometry/quaternion';
import { pointCountOf, type PointArray } from './points';

/**
 * How many points lie inside the cuboid (faces included, grown by `margin` on every side).
 * Each point is moved into the box's axes with one precomputed rotation matrix; nothing is
 * allocated per point. Non-finite points are never inside.
 */
export function countPointsInCuboid(points: PointArray, stride: number, cuboid: Cuboid, margin = 0): number {
  let count = 0;
  visitPointsInCuboid(points, stride, cuboid, margin, () => count++);
  return count;
}

/** Calls `visit` with the index of each point inside the cuboid (as countPointsInCuboid counts them), in increasing order. */
export function visitPointsInCuboid(points: PointArray, stride: number, cuboid: Cuboid, margin: number, visit: (index: number) => void): void {
  const n = pointCountOf(points, stride);
  const [qx, qy, qz, qw] = quatNormalize(cuboid.rotation);
  // Rows of R^T (world -> box), R the rotation of the unit quaternion.
  const r00 = 1 - 2 * (qy * qy + qz * qz);
  const r01 = 2 * (qx * qy + qz * qw);
  const r02 = 2 * (qx * qz - qy * qw);
  const r10 = 2 * (qx * qy - qz * qw);
  const r11 = 1 - 2 * (qx * qx + qz * qz);
  const r12 = 2 * (qy * qz + qx * qw);
  const r20 = 2 * (qx * qz + qy * qw);
  const r21 = 2 * (qy * qz - qx * qw);
  const r22 = 1 - 2 * (qx * qx + qy * qy);
  const [cx, cy, cz] = cuboid.center;
  const hx = cuboid.size[0] / 2 + margin;
  const hy = cuboid.size[1] / 2 + margin;
  const hz = cuboid.size[2] / 2 + margin;
  // Cheap rejection first: the box's world-axis bounding half-extents.
  const bx = Math.abs(r00) * hx + Math.abs(r10) * hy + Math.abs(r20) * hz;
  const by = Math.abs(r01) * hx + Math.abs(r11) * hy + Math.abs(r21) * hz;
  const bz = Math.abs(r02) * hx + Math.abs(r12) * hy + Math.abs(r22) * hz;
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    const dx = points[o] - cx;
    const dy = points[o + 1] - cy;
    const dz = points[o + 2] - cz;
    if (!(dx <= bx && dx >= -bx && dy <= by && dy >= -by && dz <= bz && dz >= -bz)) continue;
    const lx = r00 * dx + r01 * dy + r02 * dz;
    const ly = r10 * dx + r11 * dy + r12 * dz;
    const lz = r20 * dx + r21 * dy + r22 * dz;
    if (lx <= hx && lx >= -hx && ly <= hy && ly >= -hy && lz <= hz && lz >= -hz) visit(i);
  }
}
