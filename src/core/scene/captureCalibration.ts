import { composeTransforms, inverseTransform, type RigidTransform } from '../camera/rigidTransform';
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
