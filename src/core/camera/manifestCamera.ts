import type { CameraIntrinsics } from '../scene/manifest';
import { validateCameraModel, type PinholeModel } from './cameraModel';

/**
 * The camera model of a manifest camera. The manifest's intrinsics already use this module's
 * conventions (OpenCV optical frame, integer pixel centres, Brown–Conrady on normalised
 * coordinates), so this only reshapes; the image size stays with the image reference.
 */
export function cameraModelFromIntrinsics(k: CameraIntrinsics): PinholeModel {
  const d = k.distortion;
  return validateCameraModel({
    kind: 'pinhole',
    fx: k.fx,
    fy: k.fy,
    cx: k.cx,
    cy: k.cy,
    ...(d ? { distortion: { k1: d.k1, k2: d.k2, p1: d.p1, p2: d.p2, k3: d.k3 } } : {}),
  }) as PinholeModel;
}
