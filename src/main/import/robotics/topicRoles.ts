import type { LogTopic, RobotLog } from './robotLog';

export const CLOUD_TYPES = new Set(['sensor_msgs/PointCloud2', 'foxglove.PointCloud', 'foxglove_msgs/PointCloud']);
export const IMAGE_TYPES = new Set(['sensor_msgs/Image', 'sensor_msgs/CompressedImage', 'foxglove.CompressedImage', 'foxglove_msgs/CompressedImage', 'foxglove.RawImage', 'foxglove_msgs/RawImage']);
/** A camera's calibration: ROS's CameraInfo, or Foxglove's CameraCalibration (the same D K R P and distortion model). */
export const CAMERA_INFO_TYPES = new Set(['sensor_msgs/CameraInfo', 'foxglove.CameraCalibration', 'foxglove_msgs/CameraCalibration']);
export const TF_TYPES = new Set(['tf2_msgs/TFMessage', 'tf/tfMessage']);
/** A pose source where TF has no map / odom frame: each message is the transform header.frame_id ← child_frame_id. */
export const ODOMETRY_TYPE = 'nav_msgs/Odometry';
export const LABEL_TYPES = new Set(['visualization_msgs/MarkerArray', 'visualization_msgs/Marker', 'foxglove_msgs/SceneUpdate', 'foxglove.SceneUpdate']);

export interface TopicRoles {
  /** Drives the frames: one per sweep. */
  readonly primary: string;
  /** Other point clouds, matched to each sweep like cameras. */
  readonly secondary: string[];
  /** Camera topic → its CameraInfo topic (null when none was found). */
  readonly cameras: Map<string, string | null>;
  readonly tf: string[];
  readonly odometry: string[];
  readonly labels: string[];
}

/** Thrown for a topic choice the log cannot satisfy; the message is for the person who asked. */
export class TopicChoiceError extends Error {}

/**
 * Which topic plays which part. The LiDAR is `--lidar` (first named drives the frames) or else
 * the PointCloud2 topic whose first message has the most points (a scanner beats a radar with a
 * few targets). Cameras are `--cameras` (an empty list: none) or every Image / CompressedImage topic; each camera's
 * CameraInfo is the one beside it (`…/image_raw` → `…/camera_info`), else the only one.
 */
export async function chooseTopics(log: RobotLog, wanted: { lidar?: readonly string[]; cameras?: readonly string[] }): Promise<TopicRoles> {
  const byName = new Map(log.topics.map((t) => [t.topic, t]));
  const check = (topic: string, types: Set<string>, what: string): LogTopic => {
    const t = byName.get(topic);
    if (!t) throw new TopicChoiceError(`${log.name}: no topic ${topic} (topics: ${log.topics.map((x) => x.topic).join(', ')})`);
    if (!types.has(t.type)) throw new TopicChoiceError(`${log.name}: ${topic} is ${t.type}, not ${what} (${[...types].join(' or ')})`);
    return t;
  };
  const clouds = log.topics.filter((t) => CLOUD_TYPES.has(t.type) && t.count > 0);
  let lidar: string[];
  if (wanted.lidar?.length) lidar = wanted.lidar.map((t) => check(t, CLOUD_TYPES, 'a point cloud').topic);
  else {
    if (clouds.length === 0) throw new TopicChoiceError(`${log.name}: no PointCloud2 (or Foxglove PointCloud) topic with messages, so no LiDAR to build frames from (topics: ${log.topics.map((t) => `${t.topic} ${t.type}`).join(', ') || 'none'})`);
    const sizes = new Map<string, number>();
    for (const t of clouds) sizes.set(t.topic, await firstCloudSize(log, t.topic));
    lidar = clouds.map((t) => t.topic).sort((a, b) => sizes.get(b)! - sizes.get(a)! || byName.get(b)!.count - byName.get(a)!.count || a.localeCompare(b));
  }
  const imageTopics = wanted.cameras ? wanted.cameras.map((t) => check(t, IMAGE_TYPES, 'an image').topic) : log.topics.filter((t) => IMAGE_TYPES.has(t.type)).map((t) => t.topic);
  const infos = log.topics.filter((t) => CAMERA_INFO_TYPES.has(t.type)).map((t) => t.topic);
  const cameras = new Map<string, string | null>();
  for (const topic of imageTopics) cameras.set(topic, cameraInfoFor(topic, infos, imageTopics.length));
  return {
    primary: lidar[0],
    secondary: lidar.slice(1),
    cameras,
    tf: log.topics.filter((t) => TF_TYPES.has(t.type)).map((t) => t.topic),
    odometry: log.topics.filter((t) => t.type === ODOMETRY_TYPE && t.count > 0).map((t) => t.topic),
    labels: log.topics.filter((t) => LABEL_TYPES.has(t.type)).map((t) => t.topic),
  };
}

function cameraInfoFor(imageTopic: string, infos: readonly string[], cameraCount: number): string | null {
  const parts = imageTopic.split('/');
  // /cam/image_raw/compressed and /cam/image_raw both sit beside /cam/camera_info (Foxglove's /cam/calibration).
  for (let cut = parts.length - 1; cut >= 1; cut--) {
    for (const name of ['camera_info', 'calibration']) {
      const candidate = [...parts.slice(0, cut), name].join('/');
      if (infos.includes(candidate)) return candidate;
    }
  }
  return infos.length === 1 && cameraCount === 1 ? infos[0] : null;
}

async function firstCloudSize(log: RobotLog, topic: string): Promise<number> {
  for await (const m of log.read([topic])) {
    const cloud = m.message as { width?: number; height?: number; point_stride?: number; data?: { length: number } };
    // A Foxglove PointCloud is one row of point_stride-byte points (base64 in JSON: about 4/3 as long).
    return cloud.point_stride ? (cloud.data?.length ?? 0) / cloud.point_stride : (cloud.width ?? 0) * (cloud.height ?? 0);
  }
  return 0;
}
