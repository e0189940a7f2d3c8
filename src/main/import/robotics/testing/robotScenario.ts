import { PNG } from 'pngjs';
import { pointCloud2, type DatatypeName } from '../../../../core/robotics/testing/pointCloud2Bytes';
import { header, type Dialect } from './rosDefinitions';
import type { FixtureMessage } from './logWriters';

export interface ScenarioOptions {
  readonly dialect: Dialect;
  readonly sweeps?: number;
  /** Leave the camera's CameraInfo out. */
  readonly noCameraInfo?: boolean;
  /** Leave the camera's frame out of TF (a broken chain). */
  readonly brokenTf?: boolean;
  readonly xyzType?: DatatypeName;
  readonly bigEndian?: boolean;
  /** The ego's motion as nav_msgs/Odometry on /odom (odom → base_link) instead of /tf. */
  readonly odometry?: boolean;
}

export const T0 = 1_700_000_000;
/** Header stamps run this far behind the log's receive times, as in a real log. */
export const STAMP_LAG = 0.03;
export const IMAGE_WIDTH = 8;
export const IMAGE_HEIGHT = 6;

const ns = (seconds: number) => BigInt(Math.round(seconds * 1e6)) * 1000n;

/**
 * Test support: a small robot log at 10 Hz. A 4 × 2 organised LiDAR (one no-return zero point and,
 * in every sweep, one NaN) in frame "lidar"; a PNG camera 4 ms after each sweep with its
 * CameraInfo; TF: map → base_link driving along x at 1 m/s, base_link → lidar and → camera
 * static; a car cube marker in base_link on every sweep; a /rosout topic nothing uses.
 */
export function robotScenario(options: ScenarioOptions): FixtureMessage[] {
  const { dialect } = options;
  const out: FixtureMessage[] = [];
  const sweeps = options.sweeps ?? 5;
  const xyz = options.xyzType ?? 'float32';
  out.push({
    topic: '/tf_static',
    type: 'tf2_msgs/TFMessage',
    logTime: ns(T0),
    message: {
      transforms: [
        transform(dialect, T0, 'base_link', 'lidar', [1.5, 0, 1.8], [0, 0, 0, 1]),
        ...(options.brokenTf ? [] : [transform(dialect, T0, 'base_link', 'camera_optical', [2, 0, 1.5], [-0.5, 0.5, -0.5, 0.5])]),
      ],
    },
  });
  const png = new PNG({ width: IMAGE_WIDTH, height: IMAGE_HEIGHT });
  png.data.fill(128);
  const pngBytes = new Uint8Array(PNG.sync.write(png));
  for (let i = 0; i < sweeps; i++) {
    const stamp = T0 + i * 0.1;
    const receive = stamp + STAMP_LAG;
    if (options.odometry) out.push({ topic: '/odom', type: 'nav_msgs/Odometry', logTime: ns(receive - 0.001), message: odometry(dialect, stamp, i * 0.1) });
    else out.push({ topic: '/tf', type: 'tf2_msgs/TFMessage', logTime: ns(receive - 0.001), message: { transforms: [transform(dialect, stamp, 'map', 'base_link', [i * 0.1, 0, 0], [0, 0, 0, 1])] } });
    const cloud = pointCloud2({
      fields: [{ name: 'x', type: xyz }, { name: 'y', type: xyz }, { name: 'z', type: xyz }, { name: 'intensity', type: 'float32' }, { name: 'ring', type: 'uint16' }, { name: 't', type: 'uint32' }],
      points: [
        { x: 10, y: 0, z: 1, intensity: 5, ring: 0, t: 0 },
        { x: 0, y: 0, z: 0 },
        { x: xyz.startsWith('float') ? NaN : 11, y: 1, z: 1 },
        { x: 12, y: -2, z: 0, intensity: 9, ring: 1, t: 1000 },
        { x: 13, y: 2, z: -1, intensity: 1, ring: 1, t: 2000 },
        { x: 14, y: 3, z: 2, intensity: 2, ring: 0, t: 3000 },
        { x: 15, y: 4, z: 3, intensity: 3, ring: 0, t: 4000 },
        { x: 16, y: 5, z: 4, intensity: 4, ring: 1, t: 50_000_000 },
      ],
      width: 4,
      height: 2,
      bigEndian: options.bigEndian,
    });
    out.push({ topic: '/lidar/points', type: 'sensor_msgs/PointCloud2', logTime: ns(receive), message: { ...cloud, header: header(dialect, stamp, 'lidar') } });
    out.push({ topic: '/camera/image/compressed', type: 'sensor_msgs/CompressedImage', logTime: ns(receive + 0.004), message: { header: header(dialect, stamp + 0.004, 'camera_optical'), format: 'png', data: pngBytes } });
    if (!options.noCameraInfo) out.push({ topic: '/camera/camera_info', type: 'sensor_msgs/CameraInfo', logTime: ns(receive + 0.004), message: cameraInfo(dialect, header(dialect, stamp + 0.004, 'camera_optical')) });
    out.push({
      topic: '/markers',
      type: 'visualization_msgs/MarkerArray',
      logTime: ns(receive + 0.005),
      message: {
        markers: [
          { header: header(dialect, stamp, 'base_link'), ns: 'car', id: 1, type: 1, action: 0, pose: { position: { x: 12, y: 0, z: 0.8 }, orientation: { x: 0, y: 0, z: 0, w: 1 } }, scale: { x: 4, y: 2, z: 1.6 }, color: { r: 1, g: 0, b: 0, a: 1 }, frame_locked: false, text: '' },
          { header: header(dialect, stamp, 'base_link'), ns: 'path', id: 2, type: 4, action: 0, pose: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } }, scale: { x: 0.1, y: 0, z: 0 }, color: { r: 1, g: 1, b: 1, a: 1 }, frame_locked: false, text: '' },
        ],
      },
    });
  }
  out.push({ topic: '/rosout', type: 'rosgraph_msgs/Log', logTime: ns(T0 + 0.01), message: { header: header(dialect, T0, ''), level: 2, name: 'node', msg: 'hello' } });
  return out.sort((a, b) => (a.logTime < b.logTime ? -1 : a.logTime > b.logTime ? 1 : 0));
}

function transform(dialect: Dialect, t: number, parent: string, child: string, xyz: number[], q: number[]) {
  return {
    header: header(dialect, t, parent),
    child_frame_id: child,
    transform: { translation: { x: xyz[0], y: xyz[1], z: xyz[2] }, rotation: { x: q[0], y: q[1], z: q[2], w: q[3] } },
  };
}

function odometry(dialect: Dialect, t: number, x: number) {
  const zeros = new Array<number>(36).fill(0);
  return {
    header: header(dialect, t, 'odom'),
    child_frame_id: 'base_link',
    pose: { pose: { position: { x, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } }, covariance: zeros },
    twist: { twist: { linear: { x: 1, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } }, covariance: zeros },
  };
}

function cameraInfo(dialect: Dialect, h: Record<string, unknown>) {
  const K = [10, 0, 4, 0, 10, 3, 0, 0, 1];
  const R = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  const P = [10, 0, 4, 0, 0, 10, 3, 0, 0, 0, 1, 0];
  const D = [0.1, -0.05, 0, 0, 0.01];
  const roi = { x_offset: 0, y_offset: 0, height: 0, width: 0, do_rectify: false };
  const base = { header: h, height: IMAGE_HEIGHT, width: IMAGE_WIDTH, distortion_model: 'plumb_bob', binning_x: 0, binning_y: 0, roi };
  return dialect === 'ros1' ? { ...base, D, K, R, P } : { ...base, d: D, k: K, r: R, p: P };
}
