import { composeTransforms, inverseTransform, kittiCamera, type KittiCameraIndex, type KittiObjectCalib, type RigidTransform } from '../../camera';
import type { CameraIntrinsics } from '../../scene/manifest';

/** The LiDAR's sensor id in KITTI scenes, and the frame their cuboids are in. */
export const VELODYNE = 'velodyne';

/** KITTI's colour cameras as Cairn sensors, with the folders that hold their images. */
export const KITTI_COLOUR_CAMERAS: readonly { sensorId: string; index: KittiCameraIndex; objectFolder: string; trackingFolder: string }[] = [
  { sensorId: 'cam2', index: 2, objectFolder: 'image_2', trackingFolder: 'image_02' },
  { sensorId: 'cam3', index: 3, objectFolder: 'image_3', trackingFolder: 'image_03' },
];

/** The grayscale cameras, which Cairn does not import (their images are rarely distributed). */
export const KITTI_GRAY_FOLDERS = { object: ['image_0', 'image_1'], tracking: ['image_00', 'image_01'] } as const;

export interface CameraCalibration {
  readonly egoFromSensor: RigidTransform;
  readonly intrinsics: CameraIntrinsics;
}

/**
 * Camera i of a KITTI calibration in an ego frame: the rectified camera with its P_i offset
 * folded into the extrinsics (kittiCamera), and K_i as an undistorted pinhole for an image of the
 * given size. Throws, naming `source`, when the calibration is not a rectified rig.
 */
export function kittiCameraCalibration(
  calib: KittiObjectCalib,
  index: KittiCameraIndex,
  egoFromVelo: RigidTransform,
  size: { width: number; height: number },
  source: string,
): CameraCalibration {
  const camera = kittiCamera(calib, index, source);
  const { fx, fy, cx, cy } = camera.model;
  return {
    egoFromSensor: composeTransforms(egoFromVelo, inverseTransform(camera.cameraFromVelo)),
    intrinsics: { model: 'pinhole', width: size.width, height: size.height, fx, fy, cx, cy },
  };
}
