import { composeTransforms, IDENTITY_TRANSFORM, inverseTransform, type RigidTransform } from '../camera/rigidTransform';
import type { CameraIntrinsics, SceneFrame, SceneManifest, SceneSensor } from './manifest';

export interface CameraCapture {
  readonly sensorId: string;
  readonly path: string;
  readonly width: number;
  readonly height: number;
  readonly intrinsics: CameraIntrinsics;
  /** Maps points in the frame's point cloud sensor into this camera's optical frame. */
  readonly cameraFromLidar: RigidTransform;
}

function sensorById(manifest: Pick<SceneManifest, 'sensors'>, id: string): SceneSensor | undefined {
  return manifest.sensors.find((s) => s.sensorId === id);
}

/**
 * Every camera image of a frame with the calibration that holds for it: per-capture extrinsics and
 * intrinsics where the manifest gives them, and, where the camera fired at another moment than the
 * LiDAR, the ego motion in between (camera ← ego(t_cam) ← world ← ego(t_lidar) ← lidar).
 */
export function frameCameraCaptures(manifest: Pick<SceneManifest, 'sensors'>, frame: SceneFrame, lidarId: string): CameraCapture[] {
  const lidarRef = frame.pointClouds[lidarId];
  const lidar = sensorById(manifest, lidarId);
  if (!lidarRef || !lidar) return [];
  const egoFromLidar = lidarRef.egoFromSensor ?? lidar.egoFromSensor;
  const worldFromLidarEgo = lidarRef.worldFromEgo ?? frame.worldFromEgo;
  const captures: CameraCapture[] = [];
  for (const [sensorId, image] of Object.entries(frame.images)) {
    const sensor = sensorById(manifest, sensorId);
    if (!sensor || sensor.kind !== 'camera') continue;
    const egoFromCamera = image.egoFromSensor ?? sensor.egoFromSensor;
    const worldFromCameraEgo = image.worldFromEgo ?? frame.worldFromEgo;
    const cameraEgoFromLidarEgo = composeTransforms(inverseTransform(worldFromCameraEgo), worldFromLidarEgo);
    captures.push({
      sensorId,
      path: image.path,
      width: image.width,
      height: image.height,
      intrinsics: image.intrinsics ?? sensor.intrinsics,
      cameraFromLidar: composeTransforms(inverseTransform(egoFromCamera), composeTransforms(cameraEgoFromLidarEgo, egoFromLidar)),
    });
  }
  return captures;
}

/** worldFromSensor for one capture of a frame: its own ego pose and extrinsics where it has them. */
export function worldFromLidarCapture(manifest: Pick<SceneManifest, 'sensors'>, frame: SceneFrame, lidarId: string): RigidTransform | null {
  const ref = frame.pointClouds[lidarId];
  const sensor = sensorById(manifest, lidarId);
  if (!ref || !sensor) return null;
  return composeTransforms(ref.worldFromEgo ?? frame.worldFromEgo, ref.egoFromSensor ?? sensor.egoFromSensor);
}

/**
 * lidarFromX for a frame: how a cuboid stated in frame `name` ("ego", "world", the LiDAR itself or
 * another sensor) is placed in the LiDAR frame that the 3D view and the camera panels draw in.
 */
export function lidarFromNamedFrame(manifest: Pick<SceneManifest, 'sensors'>, frame: SceneFrame, lidarId: string, name: string): RigidTransform | null {
  if (name === lidarId) return IDENTITY_TRANSFORM;
  const worldFromLidar = worldFromLidarCapture(manifest, frame, lidarId);
  if (!worldFromLidar) return null;
  const lidarFromWorld = inverseTransform(worldFromLidar);
  const lidarRef = frame.pointClouds[lidarId];
  const worldFromEgo = lidarRef?.worldFromEgo ?? frame.worldFromEgo;
  if (name === 'world') return lidarFromWorld;
  if (name === 'ego') return composeTransforms(lidarFromWorld, worldFromEgo);
  const other = sensorById(manifest, name);
  if (!other) return null;
  const capture = frame.pointClouds[name] ?? frame.images[name];
  const egoFromOther = capture?.egoFromSensor ?? other.egoFromSensor;
  return composeTransforms(lidarFromWorld, composeTransforms(worldFromEgo, egoFromOther));
}
