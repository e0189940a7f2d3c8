import type { CameraIntrinsics } from '../scene/manifest';
import { validateCameraModel, type CameraModel } from './cameraModel';

/**
 * The camera model of a manifest camera. The manifest's intrinsics already use this module's
 * conventions (OpenCV optical frame, integer pixel centres, Brown–Conrady on normalised
 * coordinates, Kannala–Brandt on the ray angle), so this only reshapes; the image size stays with
 * the image reference.
 */
export function cameraModelFromIntrinsics(k: CameraIntrinsics): CameraModel {
  const { fx, fy, cx, cy } = k;
  if (k.model === 'fisheye') {
    const d = k.distortion;
    return validateCameraModel({ kind: 'fisheye', fx, fy, cx, cy, distortion: { k1: d.k1, k2: d.k2, k3: d.k3, k4: d.k4 } });
  }
  const d = k.distortion;
  return validateCameraModel({
    kind: 'pinhole',
    fx,
    fy,
    cx,
    cy,
    ...(d ? { distortion: { k1: d.k1, k2: d.k2, p1: d.p1, p2: d.p2, k3: d.k3 } } : {}),
  });
}
