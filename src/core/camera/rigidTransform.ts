import { quatConjugate, quatMultiply, rotateVec3, type Quat } from '../geometry/quaternion';
import type { Vec3 } from '../geometry/vec3';

/**
 * A rotation followed by a translation, named by its spaces: `aFromB` maps a point in B to A as
 * `pointInA = R(rotation) · pointInB + translation` (DESIGN.md "Conventions"). Same shape as the
 * manifest's `egoFromSensor`, so manifest transforms can be used directly.
 */
export interface RigidTransform {
  readonly translation: Vec3;
  /** Unit quaternion (x, y, z, w). */
  readonly rotation: Quat;
}

/** 3×3 matrix, row-major: m[row * 3 + col]. */
export type Mat3 = readonly number[];
/** 3×4 matrix [R | t], row-major: m[row * 4 + col] (the layout of KITTI's Tr_* and P* lines). */
export type Mat3x4 = readonly number[];
/** 4×4 homogeneous matrix, row-major: m[row * 4 + col]. */
export type Mat4 = readonly number[];

export const IDENTITY_TRANSFORM: RigidTransform = { translation: [0, 0, 0], rotation: [0, 0, 0, 1] };

export function applyTransform(aFromB: RigidTransform, pointInB: Vec3): Vec3 {
  const r = rotateVec3(aFromB.rotation, pointInB);
  const t = aFromB.translation;
  return [r[0] + t[0], r[1] + t[1], r[2] + t[2]];
}

/** bFromA from aFromB: R' = Rᵀ, t' = −Rᵀ·t. */
export function inverseTransform(aFromB: RigidTransform): RigidTransform {
  const qInv = quatConjugate(aFromB.rotation);
  const t = rotateVec3(qInv, aFromB.translation);
  return { translation: [-t[0], -t[1], -t[2]], rotation: qInv };
}

/**
 * aFromC = aFromB ∘ bFromC: apply `bFromC` first, then `aFromB`. The names chain like matrix
 * products (`cameraFromEgo ∘ egoFromLidar = cameraFromLidar`), so a wrong order reads wrong.
 */
export function composeTransforms(aFromB: RigidTransform, bFromC: RigidTransform): RigidTransform {
  const t = applyTransform(aFromB, bFromC.translation);
  const q = quatMultiply(aFromB.rotation, bFromC.rotation);
  // Renormalise so long chains of compositions do not drift off the unit sphere.
  const n = Math.hypot(q[0], q[1], q[2], q[3]);
  return { translation: t, rotation: [q[0] / n, q[1] / n, q[2] / n, q[3] / n] };
}

/** Row-major rotation matrix of a unit quaternion (x, y, z, w). */
export function quatToMat3(q: Quat): number[] {
  const [x, y, z, w] = q;
  return [
    1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
    2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
    2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y),
  ];
}

/**
 * Rotation matrix → unit quaternion by Shepperd's method: of the four quantities 4w², 4x², 4y², 4z²
 * (each a linear function of the diagonal), take the square root of the largest and get the other
 * components from off-diagonal sums / differences. The naive "w = √(1 + trace) / 2" divides by a
 * vanishing w for rotations near 180° and loses all precision there; Shepperd never divides by
 * anything smaller than 1/2. The result has w ≥ 0 so equal rotations give equal quaternions.
 */
export function mat3ToQuat(m: Mat3): Quat {
  const [m00, m01, m02, m10, m11, m12, m20, m21, m22] = m;
  const trace = m00 + m11 + m22;
  let x: number, y: number, z: number, w: number;
  if (trace >= m00 && trace >= m11 && trace >= m22) {
    const s = 2 * Math.sqrt(1 + trace); // s = 4w
    w = s / 4;
    x = (m21 - m12) / s;
    y = (m02 - m20) / s;
    z = (m10 - m01) / s;
  } else if (m00 >= m11 && m00 >= m22) {
    const s = 2 * Math.sqrt(1 + m00 - m11 - m22); // s = 4x
    x = s / 4;
    w = (m21 - m12) / s;
    y = (m01 + m10) / s;
    z = (m02 + m20) / s;
  } else if (m11 >= m22) {
    const s = 2 * Math.sqrt(1 + m11 - m00 - m22); // s = 4y
    y = s / 4;
    w = (m02 - m20) / s;
    x = (m01 + m10) / s;
    z = (m12 + m21) / s;
  } else {
    const s = 2 * Math.sqrt(1 + m22 - m00 - m11); // s = 4z
    z = s / 4;
    w = (m10 - m01) / s;
    x = (m02 + m20) / s;
    y = (m12 + m21) / s;
  }
  const n = Math.hypot(x, y, z, w) * (w < 0 ? -1 : 1);
  return [x / n, y / n, z / n, w / n];
}

const det3 = (m: Mat3): number =>
  m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);

/** Largest |(M·Mᵀ − I)ᵢⱼ|: how far a matrix read from a file is from a rotation. */
export function orthonormalityError(m: Mat3): number {
  let worst = 0;
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      const d = m[i * 3] * m[j * 3] + m[i * 3 + 1] * m[j * 3 + 1] + m[i * 3 + 2] * m[j * 3 + 2] - (i === j ? 1 : 0);
      worst = Math.max(worst, Math.abs(d));
    }
  }
  return worst;
}

/**
 * The rotation nearest to `m` (the orthogonal polar factor), by Higham's iteration
 * X ← (X + X⁻ᵀ) / 2, which converges quadratically for matrices that are nearly rotations.
 * Calibration files print matrices to ~7 digits, so they are rotations only to ~1e-7; projecting
 * onto the nearest rotation first makes Shepperd's result the best rigid fit, not merely a valid one.
 */
export function nearestRotation(m: Mat3): number[] {
  let x = [...m];
  for (let iter = 0; iter < 20; iter++) {
    const d = det3(x);
    // X⁻ᵀ = cofactor(X) / det(X).
    const invT = [
      (x[4] * x[8] - x[5] * x[7]) / d, (x[5] * x[6] - x[3] * x[8]) / d, (x[3] * x[7] - x[4] * x[6]) / d,
      (x[2] * x[7] - x[1] * x[8]) / d, (x[0] * x[8] - x[2] * x[6]) / d, (x[1] * x[6] - x[0] * x[7]) / d,
      (x[1] * x[5] - x[2] * x[4]) / d, (x[2] * x[3] - x[0] * x[5]) / d, (x[0] * x[4] - x[1] * x[3]) / d,
    ];
    const next = x.map((v, i) => (v + invT[i]) / 2);
    const change = Math.max(...next.map((v, i) => Math.abs(v - x[i])));
    x = next;
    if (change < 1e-16) break;
  }
  return x;
}

/**
 * Tolerance for accepting a matrix as a rotation: loose enough for 6–7 printed digits, tight enough
 * to reject scale, shear or a transposed/garbled matrix.
 */
export const ROTATION_TOLERANCE = 1e-5;

function rotationFrom(r: Mat3, what: string): Quat {
  if (!r.every(Number.isFinite)) throw new Error(`${what}: matrix has non-finite entries`);
  const err = orthonormalityError(r);
  if (err > ROTATION_TOLERANCE) throw new Error(`${what}: rotation part is not orthonormal (|R·Rᵀ − I| = ${err.toExponential(2)})`);
  if (det3(r) < 0) throw new Error(`${what}: rotation part is a reflection (determinant < 0)`);
  return mat3ToQuat(nearestRotation(r));
}

/** From a 3×4 [R | t] such as KITTI's Tr_velo_to_cam; `what` names the matrix in errors. */
export function transformFromMat3x4(m: Mat3x4, what = '3×4 transform'): RigidTransform {
  if (m.length !== 12) throw new Error(`${what}: expected 12 numbers, got ${m.length}`);
  const r = [m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]];
  return { translation: [m[3], m[7], m[11]], rotation: rotationFrom(r, what) };
}

/** From a 4×4 homogeneous matrix; its last row must be (0, 0, 0, 1). */
export function transformFromMat4(m: Mat4, what = '4×4 transform'): RigidTransform {
  if (m.length !== 16) throw new Error(`${what}: expected 16 numbers, got ${m.length}`);
  if (m[12] !== 0 || m[13] !== 0 || m[14] !== 0 || m[15] !== 1) {
    throw new Error(`${what}: last row must be (0, 0, 0, 1), got (${m.slice(12).join(', ')})`);
  }
  return transformFromMat3x4(m.slice(0, 12), what);
}

export function transformToMat3x4(t: RigidTransform): number[] {
  const r = quatToMat3(t.rotation);
  return [r[0], r[1], r[2], t.translation[0], r[3], r[4], r[5], t.translation[1], r[6], r[7], r[8], t.translation[2]];
}

export function transformToMat4(t: RigidTransform): number[] {
  return [...transformToMat3x4(t), 0, 0, 0, 1];
}
