import type { Vec3 } from '../geometry/vec3';
import { cachedMaxR2, undistort, type BrownConrady } from './brownConrady';
import { cachedMaxTheta, distortTheta, undistortTheta, type KannalaBrandt } from './kannalaBrandt';

/**
 * Camera intrinsics. Points are in the camera's OpenCV optical frame (x right, y down, z forward,
 * metres); pixels (u, v) = (column, row) with integer values at pixel centres, so the top-left
 * pixel's centre is (0, 0) and a point projected to (u, v) shows in pixel (round(u), round(v)) —
 * the convention of the sample scene and of OpenCV.
 */
export interface PinholeModel {
  readonly kind: 'pinhole';
  readonly fx: number;
  readonly fy: number;
  readonly cx: number;
  readonly cy: number;
  /** Absent: an ideal (or already rectified) pinhole, as KITTI's P matrices describe. */
  readonly distortion?: BrownConrady;
}

/** OpenCV's `cv::fisheye` model (Kannala–Brandt, k1..k4 on the ray angle θ); skew is not modelled. */
export interface FisheyeModel {
  readonly kind: 'fisheye';
  readonly fx: number;
  readonly fy: number;
  readonly cx: number;
  readonly cy: number;
  readonly distortion: KannalaBrandt;
}

export type CameraModel = PinholeModel | FisheyeModel;

export interface Pixel {
  readonly u: number;
  readonly v: number;
}

/**
 * Projects (x, y, z) in the optical frame into out[0] = u, out[1] = v; false (out untouched) when
 * the point is not at z > 0 or lies beyond the field of view where the distortion model is
 * invertible. Plain numbers in and out, so hot loops project without allocating.
 */
export type Projector = (x: number, y: number, z: number, out: Float64Array) => boolean;

/** Throws, naming the field, on intrinsics that would project garbage. */
export function validateCameraModel(model: CameraModel): CameraModel {
  for (const key of ['fx', 'fy'] as const) {
    if (!(model[key] > 0) || !Number.isFinite(model[key])) throw new Error(`camera model: ${key} must be a positive number`);
  }
  for (const key of ['cx', 'cy'] as const) {
    if (!Number.isFinite(model[key])) throw new Error(`camera model: ${key} must be finite`);
  }
  const d = model.distortion;
  if (d) {
    for (const [key, value] of Object.entries(d)) {
      if (!Number.isFinite(value)) throw new Error(`camera model: distortion ${key} must be finite`);
    }
  }
  return model;
}

/** Builds the projector for a model once; distortion limits are computed here, not per point. */
export function makeProjector(model: CameraModel): Projector {
  const { fx, fy, cx, cy } = model;
  if (model.kind === 'fisheye') {
    const d = model.distortion;
    const maxTheta = cachedMaxTheta(d);
    return (x, y, z, out) => {
      if (!(z > 0)) return false;
      const r = Math.sqrt(x * x + y * y);
      if (r === 0) {
        out[0] = cx;
        out[1] = cy;
        return true;
      }
      // atan2(r, z) is OpenCV's atan(r/z) for z > 0, without the division.
      const theta = Math.atan2(r, z);
      if (theta > maxTheta) return false;
      const s = distortTheta(d, theta) / r;
      out[0] = fx * x * s + cx;
      out[1] = fy * y * s + cy;
      return true;
    };
  }
  const d = model.distortion;
  if (!d) {
    return (x, y, z, out) => {
      if (!(z > 0)) return false;
      out[0] = (fx * x) / z + cx;
      out[1] = (fy * y) / z + cy;
      return true;
    };
  }
  const maxR2 = cachedMaxR2(d);
  const { k1, k2, k3, p1, p2 } = d;
  return (x, y, z, out) => {
    if (!(z > 0)) return false;
    const a = x / z;
    const b = y / z;
    const r2 = a * a + b * b;
    if (r2 > maxR2) return false;
    // Same arithmetic as brownConrady.distortInto, inlined for the per-point loop.
    const radial = 1 + r2 * (k1 + r2 * (k2 + r2 * k3));
    out[0] = fx * (a * radial + 2 * p1 * a * b + p2 * (r2 + 2 * a * a)) + cx;
    out[1] = fy * (b * radial + p1 * (r2 + 2 * b * b) + 2 * p2 * a * b) + cy;
    return true;
  };
}

const projectors = new WeakMap<CameraModel, Projector>();

/** `makeProjector`, built once per model object. */
export function projectorFor(model: CameraModel): Projector {
  let p = projectors.get(model);
  if (!p) {
    p = makeProjector(model);
    projectors.set(model, p);
  }
  return p;
}

const scratch = new Float64Array(2);

/** Pixel of a point in the optical frame; null behind the camera or outside the model's valid field of view. */
export function projectPoint(model: CameraModel, pointInCamera: Vec3): Pixel | null {
  if (!projectorFor(model)(pointInCamera[0], pointInCamera[1], pointInCamera[2], scratch)) return null;
  return { u: scratch[0], v: scratch[1] };
}

/**
 * Unit ray in the optical frame through pixel (u, v) — the exact inverse of `projectPoint` up to
 * the point's distance. Null where no ray in the valid field of view reaches the pixel (beyond the
 * fold of a distortion polynomial), rather than a ray that would not project back onto it.
 */
export function unprojectPixel(model: CameraModel, u: number, v: number): Vec3 | null {
  const xd = (u - model.cx) / model.fx;
  const yd = (v - model.cy) / model.fy;
  if (model.kind === 'fisheye') {
    const thetaD = Math.hypot(xd, yd);
    const theta = undistortTheta(model.distortion, thetaD);
    if (theta === null) return null;
    if (thetaD === 0) return [0, 0, 1];
    const s = Math.sin(theta) / thetaD;
    return [xd * s, yd * s, Math.cos(theta)];
  }
  let x = xd;
  let y = yd;
  if (model.distortion) {
    const xy = undistort(model.distortion, xd, yd);
    if (!xy) return null;
    [x, y] = xy;
  }
  const n = Math.hypot(x, y, 1);
  return [x / n, y / n, 1 / n];
}
