import { quatMultiply, quatNormalize, type Quat } from '../geometry/quaternion';
import type { Vec3 } from '../geometry/vec3';
import type { JsonReader } from './jsonPath';

export interface CuboidPose {
  readonly center: Vec3;
  readonly size: Vec3;
  readonly rotation: Quat;
}

/**
 * OpenLABEL 1.0's Euler cuboid: rotation about x by rx, y by ry, z by rz "applied ZYX", i.e.
 * R = Rz(rz)·Ry(ry)·Rx(rx) (yaw, then pitch, then roll in the rotated frame), so a box that only
 * has a heading is [0, 0, yaw].
 */
export function quatFromEulerZyx(rx: number, ry: number, rz: number): Quat {
  const qx: Quat = [Math.sin(rx / 2), 0, 0, Math.cos(rx / 2)];
  const qy: Quat = [0, Math.sin(ry / 2), 0, Math.cos(ry / 2)];
  const qz: Quat = [0, 0, Math.sin(rz / 2), Math.cos(rz / 2)];
  return quatMultiply(quatMultiply(qz, qy), qx);
}

/**
 * A cuboid's `val`: [x, y, z, rx, ry, rz, sx, sy, sz] (Euler) or [x, y, z, qx, qy, qz, qw, sx,
 * sy, sz] (quaternion, the same (x, y, z, w) order as Cairn). Sizes are along the box's own x, y,
 * z: Cairn's length, width, height.
 */
export function readCuboidVal(reader: JsonReader, value: unknown, path: string): CuboidPose {
  const val = reader.array(value, path);
  if (val.length !== 9 && val.length !== 10) reader.fail(path, `expected 9 (Euler) or 10 (quaternion) numbers, got ${val.length}`);
  const n = val.map((v, i) => reader.finite(v, `${path}[${i}]`));
  const center: Vec3 = [n[0], n[1], n[2]];
  const size: Vec3 = n.length === 9 ? [n[6], n[7], n[8]] : [n[7], n[8], n[9]];
  size.forEach((s, i) => {
    if (!(s > 0)) reader.fail(`${path}[${n.length - 3 + i}]`, `a cuboid size must be positive, got ${s}`);
  });
  let rotation: Quat;
  if (n.length === 9) {
    rotation = quatFromEulerZyx(n[3], n[4], n[5]);
  } else {
    const q: Quat = [n[3], n[4], n[5], n[6]];
    if (Math.hypot(...q) < 1e-9) reader.fail(`${path}[3..6]`, 'the quaternion has zero length');
    rotation = quatNormalize(q);
  }
  return { center, size, rotation };
}
