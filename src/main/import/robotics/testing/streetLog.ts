import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { seededRandom } from '../../../../core/random/seededRandom';
import { DATATYPE } from '../../../../core/robotics/testing/pointCloud2Bytes';
import type { FixtureMessage } from './logWriters';
import { header } from './rosDefinitions';

export interface StreetCamera {
  readonly topic: string;
  readonly width: number;
  readonly height: number;
  readonly encoding: 'png' | 'jpeg';
  /** Heading of the camera about the vehicle's up axis, radians (0: looking ahead). */
  readonly yaw: number;
}

export interface StreetLogOptions {
  readonly sweeps: number;
  /** Points in each sweep. */
  readonly points: number;
  readonly cameras: readonly StreetCamera[];
  readonly seed?: number;
}

export const STREET_T0 = 1_750_000_000;
/** The car's centre in base_link, and its size. */
export const STREET_CAR = { center: [12, 0, 0.8], size: [4.2, 1.9, 1.6] } as const;
/** Header stamps lag the log's receive times by this much. */
export const STREET_LAG = 0.02;

const ns = (seconds: number) => BigInt(Math.round(seconds * 1e6)) * 1000n;

/**
 * Test and bench support: a ROS 2 street log at 10 Hz, yielded message by message so a large
 * one is never held whole. A LiDAR 1.8 m up on base_link sees the ground and a car 12 m ahead
 * (a fifth of its points on the car's sides and top); each camera (2 m up, looking out at its
 * yaw) publishes an image and its CameraInfo 4 ms after each sweep; /tf_static places them.
 */
export function* streetLog(options: StreetLogOptions): Generator<FixtureMessage> {
  const random = seededRandom(options.seed ?? 7);
  yield {
    topic: '/tf_static',
    type: 'tf2_msgs/TFMessage',
    logTime: ns(STREET_T0),
    message: {
      transforms: [
        transform(STREET_T0, 'base_link', 'lidar', [0, 0, 1.8], [0, 0, 0, 1]),
        ...options.cameras.map((c) => transform(STREET_T0, 'base_link', frameOf(c), [0, 0, 2], opticalRotation(c.yaw))),
      ],
    },
  };
  const images = options.cameras.map((c) => imageBytes(c));
  for (let i = 0; i < options.sweeps; i++) {
    const stamp = STREET_T0 + 0.01 + i * 0.1;
    yield { topic: '/lidar/points', type: 'sensor_msgs/PointCloud2', logTime: ns(stamp + STREET_LAG), message: sweep(stamp, options.points, random) };
    for (const [k, c] of options.cameras.entries()) {
      const h = header('ros2', stamp + 0.004, frameOf(c));
      yield { topic: c.topic, type: 'sensor_msgs/CompressedImage', logTime: ns(stamp + 0.004 + STREET_LAG) + BigInt(k), message: { header: h, format: c.encoding, data: images[k] } };
      yield { topic: infoTopic(c), type: 'sensor_msgs/CameraInfo', logTime: ns(stamp + 0.004 + STREET_LAG) + BigInt(k), message: cameraInfo(c, h) };
    }
  }
}

/** The CameraInfo topic beside a camera's image topic (…/image/compressed → …/camera_info). */
export function infoTopic(camera: StreetCamera): string {
  return camera.topic.replace(/\/image(_raw)?(\/compressed)?$/, '') + '/camera_info';
}

const frameOf = (c: StreetCamera) => `${c.topic.split('/').filter(Boolean)[0]}_optical`;

/** base_link ← optical (x right, y down, z forward) for a camera turned by `yaw` about z. */
function opticalRotation(yaw: number): number[] {
  // Optical to a forward camera is (-0.5, 0.5, -0.5, 0.5); then the yaw about base_link's z.
  const [qx, qy, qz, qw] = [-0.5, 0.5, -0.5, 0.5];
  const [yz, yw] = [Math.sin(yaw / 2), Math.cos(yaw / 2)];
  return [yw * qx - yz * qy, yw * qy + yz * qx, yw * qz + yz * qw, yw * qw - yz * qz];
}

function sweep(stamp: number, count: number, random: () => number) {
  const step = 16;
  const data = new Uint8Array(count * step);
  const f = new Float32Array(data.buffer);
  const [cx, cy, cz] = STREET_CAR.center;
  const [l, w, h] = STREET_CAR.size;
  for (let i = 0; i < count; i++) {
    let x: number, y: number, z: number;
    if (i % 5 === 0) {
      // On the car: its two long sides, its back and its top, in the LiDAR frame (1.8 m up).
      const face = (i / 5) % 4;
      const u = random() - 0.5;
      const v = random();
      if (face === 0 || face === 1) [x, y, z] = [cx + u * l, cy + (face === 0 ? w / 2 : -w / 2), cz - h / 2 + v * h];
      else if (face === 2) [x, y, z] = [cx - l / 2, cy + u * w, cz - h / 2 + v * h];
      else [x, y, z] = [cx + u * l, cy + (v - 0.5) * w, cz + h / 2];
    } else {
      const r = 3 + random() * 40;
      const a = random() * 2 * Math.PI;
      [x, y, z] = [r * Math.cos(a), r * Math.sin(a), (random() - 0.5) * 0.04];
    }
    f[i * 4] = x;
    f[i * 4 + 1] = y;
    f[i * 4 + 2] = z - 1.8;
    f[i * 4 + 3] = Math.round(random() * 100);
  }
  const fields = ['x', 'y', 'z', 'intensity'].map((name, k) => ({ name, offset: k * 4, datatype: DATATYPE.float32, count: 1 }));
  return { header: header('ros2', stamp, 'lidar'), height: 1, width: count, fields, is_bigendian: false, point_step: step, row_step: count * step, data, is_dense: true };
}

/** A sky-over-road picture (so the panel is visibly an image), encoded once per camera. */
function imageBytes(c: StreetCamera): Uint8Array {
  const rgba = Buffer.alloc(c.width * c.height * 4);
  for (let v = 0; v < c.height; v++) {
    for (let u = 0; u < c.width; u++) {
      const o = (v * c.width + u) * 4;
      const sky = v < c.height / 2;
      rgba[o] = sky ? 90 + (v * 80) / c.height : 70 + ((u * 7) % 30);
      rgba[o + 1] = sky ? 140 + (v * 60) / c.height : 70 + ((v * 5) % 30);
      rgba[o + 2] = sky ? 220 : 75;
      rgba[o + 3] = 255;
    }
  }
  if (c.encoding === 'jpeg') return new Uint8Array(jpeg.encode({ data: rgba, width: c.width, height: c.height }, 85).data);
  const png = new PNG({ width: c.width, height: c.height });
  rgba.copy(png.data);
  return new Uint8Array(PNG.sync.write(png));
}

function cameraInfo(c: StreetCamera, h: Record<string, unknown>) {
  const f = c.width / 2; // a 90° horizontal field of view
  const k = [f, 0, (c.width - 1) / 2, 0, f, (c.height - 1) / 2, 0, 0, 1];
  return {
    header: h,
    height: c.height,
    width: c.width,
    distortion_model: 'plumb_bob',
    d: [0, 0, 0, 0, 0],
    k,
    r: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    p: [k[0], 0, k[2], 0, 0, k[4], k[5], 0, 0, 0, 1, 0],
    binning_x: 0,
    binning_y: 0,
    roi: { x_offset: 0, y_offset: 0, height: 0, width: 0, do_rectify: false },
  };
}

function transform(t: number, parent: string, child: string, xyz: number[], q: number[]) {
  return { header: header('ros2', t, parent), child_frame_id: child, transform: { translation: { x: xyz[0], y: xyz[1], z: xyz[2] }, rotation: { x: q[0], y: q[1], z: q[2], w: q[3] } } };
}
