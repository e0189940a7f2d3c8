import type { RigidTransform } from '../../camera/rigidTransform';
import type { Vec3 } from '../../geometry/vec3';
import type { ColmapCameraModelName } from './cameraModels';

/**
 * A COLMAP sparse model as its files hold it. Conventions are COLMAP's, not Cairn's: the camera
 * frame is the OpenCV optical frame (x right, y down, z forward; the same as Cairn's camera frame),
 * and pixel coordinates put the top-left image corner at (0, 0), so the first pixel's centre is
 * (0.5, 0.5) — `toCairnCamera` converts to Cairn's integer pixel centres.
 */
export interface ColmapCamera {
  readonly id: number;
  readonly modelId: number;
  readonly model: ColmapCameraModelName;
  readonly width: number;
  readonly height: number;
  /** In the order of `COLMAP_CAMERA_MODELS[modelId].params`. */
  readonly params: readonly number[];
}

export interface ColmapImage {
  readonly id: number;
  readonly cameraId: number;
  readonly name: string;
  /**
   * Maps world points into this camera (COLMAP's cam_from_world; the file's qvec is w, x, y, z,
   * here reordered to Cairn's x, y, z, w and normalised). In a rig model (COLMAP ≥ 3.12) it is
   * derived from the frame's rig_from_world and the rig's sensor_from_rig, as COLMAP does.
   */
  readonly camFromWorld: RigidTransform;
  /** Keypoints as x0, y0, x1, y1, … in COLMAP pixels. */
  readonly xys: Float64Array;
  /** The 3D point each keypoint observes, or NO_POINT3D (−1). */
  readonly point3DIds: Float64Array;
  /** The frame that holds this image in a rig model; absent in a legacy model. */
  readonly frameId?: number;
}

export interface ColmapPoint3D {
  readonly id: number;
  readonly xyz: Vec3;
  readonly rgb: readonly [number, number, number];
  /** COLMAP's stored mean reprojection error in pixels; −1 where COLMAP never computed it. */
  readonly error: number;
  /** The track: observation i is keypoint point2DIdxs[i] of image imageIds[i]. */
  readonly imageIds: Uint32Array;
  readonly point2DIdxs: Uint32Array;
}

export type ColmapSensorType = 'INVALID' | 'CAMERA' | 'IMU';

export interface ColmapSensorId {
  readonly type: ColmapSensorType;
  /** A camera id for CAMERA sensors. */
  readonly id: number;
}

export interface ColmapRigSensor {
  readonly sensor: ColmapSensorId;
  /** Null where the rig calibration does not know it (COLMAP's has_pose = 0). */
  readonly sensorFromRig: RigidTransform | null;
}

/** A rig (COLMAP ≥ 3.12): the reference sensor defines the rig frame (sensor_from_rig = identity). */
export interface ColmapRig {
  readonly id: number;
  readonly refSensor: ColmapSensorId | null;
  readonly sensors: readonly ColmapRigSensor[];
}

export interface ColmapDataId {
  readonly sensor: ColmapSensorId;
  /** An image id for CAMERA data. */
  readonly id: number;
}

/** A frame (COLMAP ≥ 3.12): one capture instant of a rig, posed as rig_from_world. */
export interface ColmapFrame {
  readonly id: number;
  readonly rigId: number;
  readonly rigFromWorld: RigidTransform;
  readonly dataIds: readonly ColmapDataId[];
}

export interface ColmapModel {
  /** Names the model folder in messages. */
  readonly source: string;
  readonly format: 'binary' | 'text';
  /** True when the model has rigs and frames (COLMAP ≥ 3.12 layout). */
  readonly hasRigs: boolean;
  readonly cameras: ReadonlyMap<number, ColmapCamera>;
  readonly images: ReadonlyMap<number, ColmapImage>;
  readonly points3D: ReadonlyMap<number, ColmapPoint3D>;
  readonly rigs: ReadonlyMap<number, ColmapRig>;
  readonly frames: ReadonlyMap<number, ColmapFrame>;
  /** Inconsistencies that do not stop the model being used (at most MAX_WARNINGS, then a count). */
  readonly warnings: readonly string[];
}
