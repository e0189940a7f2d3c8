import { applyTransform, composeTransforms, IDENTITY_TRANSFORM, inverseTransform, type RigidTransform } from '../../camera/rigidTransform';
import type { Vec3 } from '../../geometry/vec3';
import type { ColmapCamera, ColmapImage, ColmapModel, ColmapRig, ColmapSensorId } from './colmapModel';

/**
 * A COLMAP pose (quaternion w, x, y, z and translation) as Cairn's RigidTransform (x, y, z, w).
 * The quaternion is normalised: files hold unit quaternions to ~1e-16, and Cairn's rotation
 * formulas assume exactly unit length. `fail` reports a quaternion that is no rotation at all.
 */
export function transformFromColmap(q: readonly [number, number, number, number], t: Vec3, fail: (problem: string) => never): RigidTransform {
  const [w, x, y, z] = q;
  const n = Math.hypot(w, x, y, z);
  if (!(n > 1e-6)) fail(`quaternion (${q.join(', ')}) has (near) zero length`);
  return { rotation: [x / n, y / n, z / n, w / n], translation: [t[0], t[1], t[2]] };
}

/** The quaternion (w, x, y, z) of a transform, in COLMAP's order, for writers. */
export function colmapQvec(t: RigidTransform): [number, number, number, number] {
  const [x, y, z, w] = t.rotation;
  return [w, x, y, z];
}

export function worldFromCamera(image: ColmapImage): RigidTransform {
  return inverseTransform(image.camFromWorld);
}

/** The projection centre in world coordinates, −Rᵀ·t. */
export function cameraCentre(image: ColmapImage): Vec3 {
  return worldFromCamera(image).translation;
}

const sameSensor = (a: ColmapSensorId, b: ColmapSensorId) => a.type === b.type && a.id === b.id;

/** sensor_from_rig of a camera in a rig: identity for the reference sensor, null where unknown. */
export function cameraFromRig(rig: ColmapRig, cameraId: number): RigidTransform | null {
  const sensor: ColmapSensorId = { type: 'CAMERA', id: cameraId };
  if (rig.refSensor && sameSensor(rig.refSensor, sensor)) return IDENTITY_TRANSFORM;
  return rig.sensors.find((s) => sameSensor(s.sensor, sensor))?.sensorFromRig ?? null;
}

/**
 * cam_from_world of an image in a rig model, as COLMAP computes it: sensor_from_rig ∘
 * rig_from_world of the image's frame. Null where the image has no frame or its camera's place
 * in the rig is unknown.
 */
export function camFromWorldViaFrame(model: Pick<ColmapModel, 'rigs' | 'frames'>, image: Pick<ColmapImage, 'cameraId' | 'frameId'>): RigidTransform | null {
  if (image.frameId === undefined) return null;
  const frame = model.frames.get(image.frameId);
  const rig = frame && model.rigs.get(frame.rigId);
  if (!frame || !rig) return null;
  const camFromRig = cameraFromRig(rig, image.cameraId);
  return camFromRig && composeTransforms(camFromRig, frame.rigFromWorld);
}

/** A camera frustum in world coordinates, for drawing. */
export interface Frustum {
  readonly apex: Vec3;
  /** Image corners at `depth` in front of the camera: top-left, top-right, bottom-right, bottom-left. */
  readonly corners: readonly [Vec3, Vec3, Vec3, Vec3];
}

/**
 * The frustum through the image corners at `depth` (world units along the optical axis). It uses
 * only focal lengths and principal point, as COLMAP's own viewer draws frustums: distortion moves
 * the corners by a few percent at most for perspective lenses, and a fisheye's corner rays may
 * lie beyond 90°, where no planar frustum exists.
 */
export function frustumInWorld(camera: ColmapCamera, image: ColmapImage, depth: number): Frustum {
  const { fx, fy, cx, cy } = linearIntrinsics(camera);
  const worldFromCam = worldFromCamera(image);
  const corner = (u: number, v: number) => applyTransform(worldFromCam, [((u - cx) / fx) * depth, ((v - cy) / fy) * depth, depth]);
  const { width: w, height: h } = camera;
  return {
    apex: worldFromCam.translation,
    corners: [corner(0, 0), corner(w, 0), corner(w, h), corner(0, h)],
  };
}

/** Focal lengths and principal point (COLMAP pixels) of any supported model. */
export function linearIntrinsics(camera: ColmapCamera): { fx: number; fy: number; cx: number; cy: number } {
  const p = camera.params;
  const single = camera.model === 'SIMPLE_PINHOLE' || camera.model === 'SIMPLE_RADIAL' || camera.model === 'RADIAL' || camera.model === 'SIMPLE_RADIAL_FISHEYE' || camera.model === 'RADIAL_FISHEYE';
  return single ? { fx: p[0], fy: p[0], cx: p[1], cy: p[2] } : { fx: p[0], fy: p[1], cx: p[2], cy: p[3] };
}
