import type { Vec3 } from '../geometry/vec3';
import { rotateVec3 } from '../geometry/quaternion';
import { unprojectPixel, type CameraModel } from './cameraModel';
import { inverseTransform, type RigidTransform } from './rigidTransform';

/** A ray in a named frame: the camera centre and the (unit) direction a pixel looks along. */
export interface FrameRay {
  readonly origin: Vec3;
  readonly direction: Vec3;
}

/**
 * Beyond this range (metres along the ray) a plane hit is refused: near the horizon one pixel
 * spans kilometres of ground, so a drag there would fling the box away rather than place it.
 */
export const MAX_PLANE_RANGE_M = 500;

/** A direction in the camera's optical frame as a ray in the frame `cameraFromFrame` maps from. */
export function opticalRayIn(cameraFromFrame: RigidTransform, directionInCamera: Vec3): FrameRay {
  const frameFromCamera = inverseTransform(cameraFromFrame);
  return { origin: frameFromCamera.translation, direction: rotateVec3(frameFromCamera.rotation, directionInCamera) };
}

/**
 * The ray through pixel (u, v), undistorted through the camera's model, in the frame
 * `cameraFromFrame` maps from; null where no ray in the model's valid field of view reaches the pixel.
 */
export function pixelRayIn(model: CameraModel, cameraFromFrame: RigidTransform, u: number, v: number): FrameRay | null {
  const direction = unprojectPixel(model, u, v);
  return direction ? opticalRayIn(cameraFromFrame, direction) : null;
}

/**
 * Where a ray meets the horizontal plane z = `height` of its frame; null when it runs parallel to
 * the plane or away from it (a pixel at or above the horizon, for a plane below the camera), or
 * meets it farther than MAX_PLANE_RANGE_M.
 */
export function rayOnPlane(ray: FrameRay, height: number): Vec3 | null {
  const dz = ray.direction[2];
  if (Math.abs(dz) < 1e-12) return null;
  const t = (height - ray.origin[2]) / dz;
  const reach = t * Math.hypot(ray.direction[0], ray.direction[1], dz);
  if (!(t > 0) || reach > MAX_PLANE_RANGE_M) return null;
  return [ray.origin[0] + ray.direction[0] * t, ray.origin[1] + ray.direction[1] * t, height];
}

/** Pixel (u, v) cast onto the horizontal plane z = `height` of a frame (see `pixelRayIn`, `rayOnPlane`). */
export function pixelOnPlane(model: CameraModel, cameraFromFrame: RigidTransform, u: number, v: number, height: number): Vec3 | null {
  const ray = pixelRayIn(model, cameraFromFrame, u, v);
  return ray ? rayOnPlane(ray, height) : null;
}
