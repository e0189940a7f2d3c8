export type { BrownConrady } from './brownConrady';
export type { KannalaBrandt } from './kannalaBrandt';
export {
  makeProjector,
  projectorFor,
  projectPoint,
  unprojectPixel,
  validateCameraModel,
  type CameraModel,
  type FisheyeModel,
  type PinholeModel,
  type Pixel,
  type Projector,
} from './cameraModel';
export { brownConradyMaxR2 } from './brownConrady';
export { kannalaBrandtMaxTheta } from './kannalaBrandt';
export { cameraModelFromIntrinsics } from './manifestCamera';
export {
  clipSegmentToNearPlane,
  CUBOID_EDGES,
  cuboidMayShow,
  DEFAULT_NEAR,
  DEFAULT_SEGMENTS_PER_EDGE,
  projectCuboid,
  projectCuboidPacked,
  projectPoints,
  projectPointsIndexed,
  undistortedPinhole,
  type CuboidProjectionOptions,
  type EdgePolyline,
} from './projectCuboid';
export { kittiCamera, parseKittiCalib, type KittiCamera, type KittiCameraIndex, type KittiObjectCalib } from './kittiCalib';
export {
  applyTransform,
  composeTransforms,
  IDENTITY_TRANSFORM,
  inverseTransform,
  mat3ToQuat,
  nearestRotation,
  orthonormalityError,
  quatToMat3,
  transformFromMat3x4,
  transformFromMat4,
  transformToMat3x4,
  transformToMat4,
  type Mat3,
  type Mat3x4,
  type Mat4,
  type RigidTransform,
} from './rigidTransform';
