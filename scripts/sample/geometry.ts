/**
 * Minimal rigid-body maths for the sample generator. Kept local (rather than importing src/core)
 * so the generator stays a self-contained script that other teams cannot break by refactoring.
 *
 * Conventions (DESIGN.md): quaternions are (x, y, z, w), Hamilton product; a transform `aFromB`
 * maps pointInB to pointInA as R·p + t.
 */

export type Vec3 = [number, number, number];
export type Quat = [number, number, number, number];

export interface Pose {
  translation: Vec3;
  rotation: Quat;
}

export type Mat3 = [number, number, number, number, number, number, number, number, number];

export const IDENTITY_QUAT: Quat = [0, 0, 0, 1];

export function quatMultiply(a: Quat, b: Quat): Quat {
  const [ax, ay, az, aw] = a;
  const [bx, by, bz, bw] = b;
  return [
    aw * bx + ax * bw + ay * bz - az * by,
    aw * by - ax * bz + ay * bw + az * bx,
    aw * bz + ax * by - ay * bx + az * bw,
    aw * bw - ax * bx - ay * by - az * bz,
  ];
}

export function quatConjugate(q: Quat): Quat {
  return [-q[0], -q[1], -q[2], q[3]];
}

export function quatNormalize(q: Quat): Quat {
  const n = Math.hypot(q[0], q[1], q[2], q[3]);
  return [q[0] / n, q[1] / n, q[2] / n, q[3] / n];
}

export function quatFromAxisAngle(axis: Vec3, angle: number): Quat {
  const n = Math.hypot(axis[0], axis[1], axis[2]);
  const s = Math.sin(angle / 2) / n;
  return [axis[0] * s, axis[1] * s, axis[2] * s, Math.cos(angle / 2)];
}

export function quatFromYaw(yaw: number): Quat {
  return quatFromAxisAngle([0, 0, 1], yaw);
}

/** Row-major rotation matrix; normalises so that a rounded quaternion from JSON still gives a rotation. */
export function quatToMat3(q: Quat): Mat3 {
  const [x, y, z, w] = quatNormalize(q);
  return [
    1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
    2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
    2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y),
  ];
}

export function mat3MulVec(m: Mat3, v: Vec3): Vec3 {
  return [
    m[0] * v[0] + m[1] * v[1] + m[2] * v[2],
    m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
    m[6] * v[0] + m[7] * v[1] + m[8] * v[2],
  ];
}

export function rotate(q: Quat, v: Vec3): Vec3 {
  return mat3MulVec(quatToMat3(q), v);
}

export function transformPoint(aFromB: Pose, pointInB: Vec3): Vec3 {
  const r = rotate(aFromB.rotation, pointInB);
  return [r[0] + aFromB.translation[0], r[1] + aFromB.translation[1], r[2] + aFromB.translation[2]];
}

/** aFromC = aFromB ∘ bFromC */
export function composePoses(aFromB: Pose, bFromC: Pose): Pose {
  return {
    translation: transformPoint(aFromB, bFromC.translation),
    rotation: quatNormalize(quatMultiply(aFromB.rotation, bFromC.rotation)),
  };
}

export function invertPose(aFromB: Pose): Pose {
  const rotation = quatConjugate(aFromB.rotation);
  const t = rotate(rotation, aFromB.translation);
  return { translation: [-t[0], -t[1], -t[2]], rotation };
}

export function normalize(v: Vec3): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / n, v[1] / n, v[2] / n];
}

/** Quaternion of a row-major rotation matrix (Shepperd's method, stable for every rotation). */
export function mat3ToQuat(m: Mat3): Quat {
  const [m00, m01, m02, m10, m11, m12, m20, m21, m22] = m;
  const tr = m00 + m11 + m22;
  let q: Quat;
  if (tr > 0) {
    const s = Math.sqrt(tr + 1) * 2;
    q = [(m21 - m12) / s, (m02 - m20) / s, (m10 - m01) / s, s / 4];
  } else if (m00 > m11 && m00 > m22) {
    const s = Math.sqrt(1 + m00 - m11 - m22) * 2;
    q = [s / 4, (m01 + m10) / s, (m02 + m20) / s, (m21 - m12) / s];
  } else if (m11 > m22) {
    const s = Math.sqrt(1 + m11 - m00 - m22) * 2;
    q = [(m01 + m10) / s, s / 4, (m12 + m21) / s, (m02 - m20) / s];
  } else {
    const s = Math.sqrt(1 + m22 - m00 - m11) * 2;
    q = [(m02 + m20) / s, (m12 + m21) / s, s / 4, (m10 - m01) / s];
  }
  // One sign for every quaternion we write, so the manifest is canonical.
  return q[3] < 0 ? [-q[0], -q[1], -q[2], -q[3]] : q;
}
