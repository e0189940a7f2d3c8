import type { CameraIntrinsics } from '../scene/manifest';
import type { RosHeader } from './rosTypes';

/** sensor_msgs/CameraInfo: ROS 1 spells the matrices D K R P, ROS 2 d k r p. */
export interface CameraInfoMessage {
  readonly header: RosHeader;
  readonly width: number;
  readonly height: number;
  readonly distortion_model: string;
  readonly D?: ArrayLike<number>;
  readonly K?: ArrayLike<number>;
  readonly R?: ArrayLike<number>;
  readonly d?: ArrayLike<number>;
  readonly k?: ArrayLike<number>;
  readonly r?: ArrayLike<number>;
}

export interface MappedCamera {
  readonly intrinsics: CameraIntrinsics;
  /** What the mapping left out, for the import report. */
  readonly warnings: string[];
}

/**
 * A CameraInfo as Cairn's camera model, for the raw (distorted) image: plumb_bob → pinhole with
 * Brown–Conrady k1 k2 p1 p2 k3; rational_polynomial → the same when its k4–k6 are zero (Cairn
 * has no rational term, so non-zero ones are refused rather than dropped); equidistant →
 * fisheye (Kannala–Brandt k1–k4). Throws, naming `source`, for any other model.
 */
export function cameraFromCameraInfo(info: CameraInfoMessage, source: string): MappedCamera {
  const K = Array.from(info.K ?? info.k ?? []);
  const D = Array.from(info.D ?? info.d ?? []);
  const R = Array.from(info.R ?? info.r ?? []);
  const { width, height } = info;
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0)) throw new Error(`${source}: CameraInfo has no image size (${width} × ${height})`);
  if (K.length !== 9 || !(K[0] > 0 && K[4] > 0) || !K.every(Number.isFinite)) throw new Error(`${source}: CameraInfo K is not a calibrated camera matrix (${K.join(', ') || 'empty'})`);
  const base = { width, height, fx: K[0], fy: K[4], cx: K[2], cy: K[5] };
  const warnings: string[] = [];
  if (K[1] !== 0) warnings.push(`skew ${K[1]} in K is dropped (Cairn's pinhole has none)`);
  const identityR = R.length === 0 || R.every((v, i) => Math.abs(v - (i % 4 === 0 ? 1 : 0)) < 1e-9);
  if (!identityR) warnings.push('the rectification rotation R is not used: images are taken as raw (unrectified)');
  const coefficient = (i: number) => D[i] ?? 0;
  const model = info.distortion_model.trim();
  if (D.every((v) => v === 0) && model !== 'equidistant' && model !== 'fisheye') return { intrinsics: { model: 'pinhole', ...base }, warnings };
  switch (model) {
    case 'plumb_bob':
    case 'rational_polynomial': {
      const extra = D.slice(5).filter((v) => v !== 0);
      if (extra.length) throw new Error(`${source}: ${model} distortion with non-zero k4–k6 (${D.slice(5, 8).join(', ')}): Cairn's pinhole model has no rational term, so the camera is not imported`);
      return { intrinsics: { model: 'pinhole', ...base, distortion: { model: 'brown-conrady', k1: coefficient(0), k2: coefficient(1), p1: coefficient(2), p2: coefficient(3), k3: coefficient(4) } }, warnings };
    }
    case 'equidistant':
    case 'fisheye':
      return { intrinsics: { model: 'fisheye', ...base, distortion: { model: 'kannala-brandt', k1: coefficient(0), k2: coefficient(1), k3: coefficient(2), k4: coefficient(3) } }, warnings };
    default:
      throw new Error(`${source}: distortion model "${model}" is not one Cairn knows (plumb_bob, rational_polynomial, equidistant); the camera is not imported`);
  }
}
