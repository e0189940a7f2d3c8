import type { PinholeModel } from './cameraModel';
import { mat3ToQuat, nearestRotation, orthonormalityError, type Mat3, type Mat3x4, type RigidTransform } from './rigidTransform';

/**
 * A KITTI object-detection calibration file (`training/calib/000123.txt`): one `KEY: numbers` line
 * per matrix, row-major.
 * - P0..P3 (3×4): projection from the *rectified* camera-0 frame into camera i's image,
 *   P_i = K_i · [I | t_i]. All four cameras share the rectified orientation; t_i carries the stereo
 *   baseline (and, in KITTI's files, a few millimetres of y and z offset too).
 * - R0_rect (3×3): camera 0 → rectified camera 0.
 * - Tr_velo_to_cam (3×4): velodyne → camera 0 (unrectified). In Cairn's naming, cam0FromVelo.
 * - Tr_imu_to_velo (3×4): IMU → velodyne, veloFromImu. Optional: projection does not need it and
 *   some KITTI-layout exports leave it out.
 * Camera frames are OpenCV optical (x right, y down, z forward); the velodyne frame is x forward,
 * y left, z up, which is already Cairn's convention.
 */
export interface KittiObjectCalib {
  readonly P0: Mat3x4;
  readonly P1: Mat3x4;
  readonly P2: Mat3x4;
  readonly P3: Mat3x4;
  readonly R0_rect: Mat3;
  readonly Tr_velo_to_cam: Mat3x4;
  readonly Tr_imu_to_velo?: Mat3x4;
}

const SIZES = { P0: 12, P1: 12, P2: 12, P3: 12, R0_rect: 9, Tr_velo_to_cam: 12, Tr_imu_to_velo: 12 } as const;
type Key = keyof typeof SIZES;
const REQUIRED: Key[] = ['P0', 'P1', 'P2', 'P3', 'R0_rect', 'Tr_velo_to_cam'];

/** KITTI tracking calib files name the same matrices differently (and without the colon). */
const ALIASES: Record<string, Key> = { R_rect: 'R0_rect', Tr_velo_cam: 'Tr_velo_to_cam', Tr_imu_velo: 'Tr_imu_to_velo' };

/**
 * Parses the text of a KITTI calibration file. `source` (the file's name or path) starts every
 * error message, and errors name the line and key. Unknown keys are ignored; a missing, repeated,
 * short or non-numeric required matrix is an error.
 */
export function parseKittiCalib(text: string, source: string): KittiObjectCalib {
  const found: Partial<Record<Key, number[]>> = {};
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const where = `${source} line ${index + 1}`;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*:?\s*(.*)$/.exec(line);
    if (!m) throw new Error(`${where}: expected "KEY: numbers", found "${line.slice(0, 40)}${line.length > 40 ? '…' : ''}"`);
    const key = (ALIASES[m[1]] ?? m[1]) as Key;
    if (!(key in SIZES)) return;
    if (found[key]) throw new Error(`${where}: "${m[1]}" appears twice`);
    const tokens = m[2].split(/\s+/).filter((t) => t !== '');
    const values = tokens.map((t) => {
      const v = Number(t);
      if (!Number.isFinite(v)) throw new Error(`${where}: "${m[1]}" has "${t}", which is not a finite number`);
      return v;
    });
    if (values.length !== SIZES[key]) {
      throw new Error(`${where}: "${m[1]}" has ${values.length} numbers, expected ${SIZES[key]}`);
    }
    found[key] = values;
  });
  for (const key of REQUIRED) {
    if (!found[key]) throw new Error(`${source}: missing "${key}" (a KITTI object calibration needs ${REQUIRED.join(', ')})`);
  }
  return found as unknown as KittiObjectCalib;
}

export type KittiCameraIndex = 0 | 1 | 2 | 3;

export interface KittiCamera {
  /** Ideal pinhole from K_i: KITTI images are rectified, so there is no distortion. */
  readonly model: PinholeModel;
  /** t_i = K_i⁻¹ · (4th column of P_i): camera i relative to the rectified camera 0, no rotation. */
  readonly cameraFromRect0: RigidTransform;
  /**
   * Velodyne → camera i, as a rigid transform: rotation = the nearest rotation to
   * R0_rect · R(Tr_velo_to_cam). KITTI prints its matrices to 7 digits, so that product is a
   * rotation only to ~1e-7; projecting through this differs from KITTI's own product by that
   * much (~1e-5 px on a frame), far below anything visible.
   */
  readonly cameraFromVelo: RigidTransform;
  /**
   * The same mapping exactly as KITTI's matrices give it, 3×4 row-major: projecting
   * `cameraFromVeloMatrix · [x y z 1]` with `model` reproduces P_i · R0_rect · Tr_velo_to_cam · [x y z 1]
   * to rounding error. For checks and exports that must be bit-faithful to the files.
   */
  readonly cameraFromVeloMatrix: Mat3x4;
}

/**
 * Camera i of a KITTI calibration: its intrinsics and its pose relative to the velodyne. The
 * translation takes all three components of K⁻¹·p₄: using only the x baseline (P[0][3] / fx), a
 * common shortcut, ignores KITTI's y and z offsets (up to ~5 mm) and misplaces near points by
 * over a pixel.
 */
export function kittiCamera(calib: KittiObjectCalib, index: KittiCameraIndex = 2, source = 'KITTI calibration'): KittiCamera {
  const key = `P${index}` as const;
  const P = calib[key];
  const [fx, skew, cx, p03, r1c0, fy, cy, p13, r2c0, r2c1, r2c2, p23] = P;
  // P_i = K·[I | t] has K's zeros and a 1 in the bottom-right; anything else is not a rectified
  // KITTI projection and would be silently misread as one.
  if (r1c0 !== 0 || r2c0 !== 0 || r2c1 !== 0 || r2c2 !== 1) {
    throw new Error(`${source}: "${key}" is not of the form K·[I | t] (left 3×3 must be upper-triangular with a 1 at the bottom right)`);
  }
  if (skew !== 0) throw new Error(`${source}: "${key}" has a skew term (${skew}); the pinhole model has none`);
  if (!(fx > 0 && fy > 0)) throw new Error(`${source}: "${key}" must have positive focal lengths`);
  const tz = p23;
  const ty = (p13 - cy * tz) / fy;
  const tx = (p03 - cx * tz) / fx;
  const t: [number, number, number] = [tx, ty, tz];

  const R = calib.R0_rect;
  const Tr = calib.Tr_velo_to_cam;
  const rTr = [Tr[0], Tr[1], Tr[2], Tr[4], Tr[5], Tr[6], Tr[8], Tr[9], Tr[10]];
  const tTr = [Tr[3], Tr[7], Tr[11]];
  // camera_i = R0_rect · (R_Tr · p + t_Tr) + t  →  rotation R0·R_Tr, translation R0·t_Tr + t.
  const rot: number[] = [];
  const trans: number[] = [];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) rot.push(R[i * 3] * rTr[j] + R[i * 3 + 1] * rTr[3 + j] + R[i * 3 + 2] * rTr[6 + j]);
    trans.push(R[i * 3] * tTr[0] + R[i * 3 + 1] * tTr[1] + R[i * 3 + 2] * tTr[2] + t[i]);
  }
  const err = orthonormalityError(rot);
  if (err > 1e-5) {
    throw new Error(`${source}: R0_rect · Tr_velo_to_cam is not a rotation (|R·Rᵀ − I| = ${err.toExponential(2)})`);
  }
  const matrix = [rot[0], rot[1], rot[2], trans[0], rot[3], rot[4], rot[5], trans[1], rot[6], rot[7], rot[8], trans[2]];
  return {
    model: { kind: 'pinhole', fx, fy, cx, cy },
    cameraFromRect0: { translation: t, rotation: [0, 0, 0, 1] },
    cameraFromVelo: { translation: [trans[0], trans[1], trans[2]], rotation: mat3ToQuat(nearestRotation(rot)) },
    cameraFromVeloMatrix: matrix,
  };
}
