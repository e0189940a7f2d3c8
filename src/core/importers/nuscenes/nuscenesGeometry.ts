import type { RigidTransform } from '../../camera';
import type { Quat } from '../../geometry/quaternion';
import type { CameraIntrinsics } from '../../scene/manifest';

/** nuScenes' scalar-first (w, x, y, z) quaternion as Cairn's (x, y, z, w), normalised; throws if far from unit. */
export function quatFromWxyz(q: readonly [number, number, number, number], what: string): Quat {
  const [w, x, y, z] = q;
  const n = Math.hypot(w, x, y, z);
  if (!Number.isFinite(n) || Math.abs(n - 1) > 1e-3) throw new Error(`${what}: rotation (${q.join(', ')}) is not a unit quaternion (|q| = ${n})`);
  return [x / n, y / n, z / n, w / n];
}

export function transformFromNuScenes(record: { translation: readonly [number, number, number]; rotation: readonly [number, number, number, number] }, what: string): RigidTransform {
  if (!record.translation.every(Number.isFinite)) throw new Error(`${what}: translation is not finite`);
  return { translation: [...record.translation], rotation: quatFromWxyz(record.rotation, what) };
}

/**
 * A calibrated sensor's `camera_intrinsic` (3×3, rows) as Cairn's pinhole: nuScenes images are
 * undistorted, so there are no distortion terms. Throws on anything that is not K = [fx 0 cx; 0 fy cy; 0 0 1].
 */
export function intrinsicsFromNuScenes(k: readonly (readonly number[])[] | undefined, size: { width: number; height: number }, what: string): CameraIntrinsics {
  if (!k || k.length !== 3 || k.some((row) => row.length !== 3)) throw new Error(`${what}: camera_intrinsic is not a 3×3 matrix`);
  const [[fx, skew, cx], [r10, fy, cy], [r20, r21, r22]] = k;
  if (skew !== 0 || r10 !== 0 || r20 !== 0 || r21 !== 0 || r22 !== 1) {
    throw new Error(`${what}: camera_intrinsic is not [fx 0 cx; 0 fy cy; 0 0 1] (skew or a scaled last row are not modelled)`);
  }
  if (!(fx > 0 && fy > 0) || !Number.isFinite(cx) || !Number.isFinite(cy)) throw new Error(`${what}: camera_intrinsic has non-positive focal lengths`);
  return { model: 'pinhole', width: size.width, height: size.height, fx, fy, cx, cy };
}
