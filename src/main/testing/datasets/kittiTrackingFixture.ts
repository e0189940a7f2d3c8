import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyTransform, composeTransforms, inverseTransform, type RigidTransform } from '../../../core/camera';
import { quatFromYaw, yawOf } from '../../../core/geometry/quaternion';
import type { Vec3 } from '../../../core/geometry/vec3';
import { EARTH_RADIUS_M } from '../../../core/importers/kitti/oxtsPoses';
import { kittiCalibFixture, kittiLabelFields, kittiLabelGeometry, type KittiRig } from './kittiFixtureCalib';
import { FIXTURE_CLASS_COLORS } from './kittiObjectFixture';
import { projectionRays, renderPng, simulateLidar, type RaycastScene, type SceneBox } from './raycastScene';

export interface KittiTrackingTrack {
  readonly trackId: number;
  readonly type: string;
  /** length, width, height. */
  readonly size: Vec3;
  /** Centre and yaw in the world (the IMU frame at frame 0) per frame; null where the track is not labelled. */
  readonly world: readonly ({ readonly center: Vec3; readonly yaw: number } | null)[];
}

export interface KittiTrackingFixture {
  /** The folder holding training/. */
  readonly root: string;
  readonly split: string;
  readonly sequence: string;
  readonly frameCount: number;
  /** worldFromImu per frame in closed form: the vehicle drives a circle of 60 m radius at 8 m/s. */
  readonly poses: readonly RigidTransform[];
  /** inverse(Tr_imu_velo). */
  readonly imuFromVelo: RigidTransform;
  readonly tracks: readonly KittiTrackingTrack[];
  readonly dontCarePerFrame: number;
  readonly calibText: string;
  /** P2 · R_rect · Tr_velo_cam: Velodyne points to image_02 pixels. */
  readonly velodyneToImage2: readonly number[];
  readonly image: { readonly width: number; readonly height: number };
  readonly pointCounts: readonly number[];
}

const FRAMES = 10;
const RADIUS = 60;
const SPEED = 8;
/** Heading of the first frame (radians from east): not 0, so the poses only come out right if the world is made relative to frame 0. */
const HEADING0 = 0.3;
const ORIGIN = { lat: 49.011212804408, lon: 8.4228850417969, alt: 112.83 };
const IMU_HEIGHT = 0.93;
const GROUND_Z = -IMU_HEIGHT;
const IMAGE = { width: 621, height: 188 };

/** A half-resolution KITTI rig (so ten frames render quickly) whose IMU-to-Velodyne mount only turns about z. */
const RIG: KittiRig = {
  fx: 360.76885,
  cx: 304.77965,
  cy: 86.427,
  mountAngles: [0.0015, -0.012, 0.006],
  cameraPosition: [0.27, 0.0, -0.08],
  rectAngles: [0.0043, -0.0074, 0.0098],
  offsets: [[0, 0, 0], [-0.537, 0, 0], [0.0597, -0.0003, 0.0027], [-0.4731, 0.0024, 0.0027]],
  veloFromImu: { translation: [-0.8086759, 0.3195559, -0.7997231], rotation: quatFromYaw(-0.0008) },
};

/** The IMU pose at frame i relative to frame 0: θ = s / R along the circle. */
function poseAt(i: number): RigidTransform {
  const theta = (SPEED * 0.1 * i) / RADIUS;
  return { translation: [RADIUS * Math.sin(theta), RADIUS * (1 - Math.cos(theta)), 0], rotation: quatFromYaw(theta) };
}

/** Objects in the world: a car driving ahead, a pedestrian standing, a cyclist seen in frames 3–7. */
const TRACKS: readonly { trackId: number; type: string; size: Vec3; at: (i: number) => { center: [number, number]; yaw: number } | null }[] = [
  { trackId: 0, type: 'Car', size: [4.3, 1.8, 1.5], at: (i) => ({ center: [14 + 0.9 * i, 1.5 + 0.2 * i], yaw: 0.15 }) },
  { trackId: 1, type: 'Pedestrian', size: [0.7, 0.6, 1.8], at: () => ({ center: [25, -3], yaw: 2.0 }) },
  { trackId: 2, type: 'Cyclist', size: [1.8, 0.6, 1.7], at: (i) => (i >= 3 && i <= 7 ? { center: [18 + 0.5 * i, 5], yaw: -0.2 } : null) },
];

/** The devkit's Mercator projection, inverted: the fixture places the vehicle in metres and writes lat / lon. */
function toLatLon(east: number, north: number): { lat: number; lon: number } {
  const scale = Math.cos((ORIGIN.lat * Math.PI) / 180);
  const mx0 = (scale * ORIGIN.lon * Math.PI * EARTH_RADIUS_M) / 180;
  const my0 = scale * EARTH_RADIUS_M * Math.log(Math.tan(((90 + ORIGIN.lat) * Math.PI) / 360));
  const lon = ((mx0 + east) * 180) / (scale * Math.PI * EARTH_RADIUS_M);
  const lat = (360 / Math.PI) * Math.atan(Math.exp((my0 + north) / (scale * EARTH_RADIUS_M))) - 90;
  return { lat, lon };
}

function oxtsLine(i: number): string {
  const local = poseAt(i);
  const [x, y] = local.translation;
  const c = Math.cos(HEADING0);
  const s = Math.sin(HEADING0);
  const { lat, lon } = i === 0 ? ORIGIN : toLatLon(c * x - s * y, s * x + c * y);
  const yaw = HEADING0 + yawOf(local.rotation);
  const rates = [SPEED * Math.sin(yaw), SPEED * Math.cos(yaw), SPEED, 0, 0, 0, 0, 9.81, 0, 0, 9.81, 0, 0, SPEED / RADIUS, 0, 0, SPEED / RADIUS];
  return [lat, lon, ORIGIN.alt, 0, 0, yaw, ...rates, 0.3, 0.02, 4, 10, 4, 4, 4].map(String).join(' ');
}

/**
 * A KITTI tracking sequence 0000 in `dir`/training: ten frames of a vehicle driving a 60 m circle
 * at 8 m/s (OXTS lines written through the devkit's Mercator projection, so the poses have known
 * answers), Velodyne scans and image_02 frames ray-cast from the same world, and label_02 lines
 * for three tracks (one seen only in frames 3–7) plus a DontCare region per frame.
 */
export function writeKittiTrackingFixture(dir: string): KittiTrackingFixture {
  const split = path.join(dir, 'training');
  const seq = '0000';
  for (const folder of [`velodyne/${seq}`, `image_02/${seq}`, 'calib', 'oxts', 'label_02']) mkdirSync(path.join(split, folder), { recursive: true });
  const calib = kittiCalibFixture(RIG, 'tracking');
  writeFileSync(path.join(split, 'calib', `${seq}.txt`), calib.text);
  writeFileSync(path.join(split, 'oxts', `${seq}.txt`), `${Array.from({ length: FRAMES }, (_, i) => oxtsLine(i)).join('\n')}\n`);

  const imuFromVelo = inverseTransform(RIG.veloFromImu);
  const poses = Array.from({ length: FRAMES }, (_, i) => poseAt(i));
  const tracks: KittiTrackingTrack[] = TRACKS.map((t) => ({
    trackId: t.trackId,
    type: t.type,
    size: t.size,
    world: poses.map((_, i) => {
      const at = t.at(i);
      return at && { center: [at.center[0], at.center[1], GROUND_Z + t.size[2] / 2] as Vec3, yaw: at.yaw };
    }),
  }));
  const labels: string[] = [];
  const pointCounts: number[] = [];
  for (let i = 0; i < FRAMES; i++) {
    const stem = String(i).padStart(6, '0');
    const worldFromVelo = composeTransforms(poses[i], imuFromVelo);
    const veloFromWorld = inverseTransform(worldFromVelo);
    const visible = tracks.filter((t) => t.world[i]);
    const worldBoxes: SceneBox[] = visible.map((t) => ({ ...t.world[i]!, size: t.size, color: FIXTURE_CLASS_COLORS[t.type] }));
    const scene: RaycastScene = { groundZ: GROUND_Z, boxes: worldBoxes };
    const returns = simulateLidar(scene, worldFromVelo, { beams: 32, steps: 720, minElevationDeg: -24.8, maxElevationDeg: 2, maxRange: 60 });
    const points = new Float32Array(returns.length * 4);
    returns.forEach((r, k) => points.set([r.point[0], r.point[1], r.point[2], r.intensity], k * 4));
    writeFileSync(path.join(split, 'velodyne', seq, `${stem}.bin`), Buffer.from(points.buffer));
    pointCounts.push(returns.length);
    const toVelo = (p: Vec3) => applyTransform(veloFromWorld, p);
    const rays = projectionRays(calib.velodyneToImage[2]);
    writeFileSync(path.join(split, 'image_02', seq, `${stem}.png`), renderPng(scene, IMAGE.width, IMAGE.height, (u, v) => {
      const r = rays(u, v);
      const o = applyTransform(worldFromVelo, r.origin);
      const tip = applyTransform(worldFromVelo, [r.origin[0] + r.dir[0], r.origin[1] + r.dir[1], r.origin[2] + r.dir[2]]);
      return { origin: o, dir: [tip[0] - o[0], tip[1] - o[1], tip[2] - o[2]] };
    }));
    for (const t of visible) {
      const w = t.world[i]!;
      const veloBox = { center: toVelo(w.center), size: t.size, yaw: w.yaw + yawOf(veloFromWorld.rotation) };
      labels.push(`${i} ${t.trackId} ${kittiLabelFields(t.type, veloBox, kittiLabelGeometry(veloBox, calib, IMAGE))}`);
    }
    labels.push(`${i} -1 DontCare -1 -1 -10 300.00 80.00 330.00 95.00 -1 -1 -1 -1000 -1000 -1000 -10`);
  }
  writeFileSync(path.join(split, 'label_02', `${seq}.txt`), `${labels.join('\n')}\n`);
  return {
    root: dir,
    split,
    sequence: seq,
    frameCount: FRAMES,
    poses,
    imuFromVelo,
    tracks,
    dontCarePerFrame: 1,
    calibText: calib.text,
    velodyneToImage2: calib.velodyneToImage[2],
    image: IMAGE,
    pointCounts,
  };
}
