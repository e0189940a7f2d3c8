import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyTransform, composeTransforms, inverseTransform, mat3ToQuat, type RigidTransform } from '../../../core/camera';
import { cuboidContains } from '../../../core/geometry/cuboid';
import { quatFromYaw, type Quat } from '../../../core/geometry/quaternion';
import type { Vec3 } from '../../../core/geometry/vec3';
import { pinholeRays, renderPng, simulateLidar, type RaycastScene } from './raycastScene';

export interface NuScenesFixtureCamera {
  readonly channel: string;
  readonly intrinsics: { readonly fx: number; readonly fy: number; readonly cx: number; readonly cy: number; readonly width: number; readonly height: number };
  /** The calibrations in time order: the second one applies from `switchAt` (seconds) on, when there is one. */
  readonly egoFromCamera: readonly RigidTransform[];
  readonly switchAt?: number;
  /** Capture times, seconds; key frames at the positions in `keyFrames`. */
  readonly times: readonly number[];
  readonly keyFrames: readonly number[];
}

export interface NuScenesFixtureBox {
  readonly instanceToken: string;
  readonly category: string;
  /** length, width, height (Cairn's order). */
  readonly size: Vec3;
  /** Centre and yaw in the LIDAR_TOP frame at each key frame, in closed form. */
  readonly inLidar: readonly { readonly center: Vec3; readonly yaw: number }[];
  readonly attributes: Readonly<Record<string, string | number>>;
}

export interface NuScenesFixture {
  /** The data root: tables in root/v1.0-mini, sample files in root/samples and root/sweeps. */
  readonly root: string;
  readonly tables: string;
  readonly sceneName: string;
  readonly sceneToken: string;
  /** LIDAR_TOP sweeps in time order. */
  readonly lidar: readonly { readonly token: string; readonly time: number; readonly keyFrame: boolean; readonly file: string; readonly pointCount: number }[];
  readonly cameras: readonly NuScenesFixtureCamera[];
  readonly egoFromLidar: RigidTransform;
  /** The ego pose at any time: 10 m/s along a 30° heading from (600, 1600, 0). */
  worldFromEgoAt(time: number): RigidTransform;
  readonly boxes: readonly NuScenesFixtureBox[];
  /** The same boxes in the global frame, as the annotations give them. */
  readonly worldBoxes: readonly { readonly center: Vec3; readonly yaw: number }[];
}

const T0 = 1532402927.647951;
const SPEED = 10;
const HEADING = Math.PI / 6;
const START: Vec3 = [600, 1600, 0];
const LIDAR_TIMES_MS = [0, 50, 100, 150, 200];
const KEY_MS = [0, 200];
const EGO_FROM_LIDAR: RigidTransform = { translation: [0.943713, 0, 1.84023], rotation: quatFromYaw(-Math.PI / 2) };
const K = { fx: 633.2, fy: 633.2, cx: 399.5, cy: 224.5, width: 800, height: 450 };
/** Optical (x right, y down, z forward) to ego (x forward, y left, z up), looking forward and backward. */
const FRONT_AXES = mat3ToQuat([0, 0, 1, -1, 0, 0, 0, -1, 0]);
const BACK_AXES = mat3ToQuat([0, 0, -1, 1, 0, 0, 0, -1, 0]);

const CAMERAS: readonly NuScenesFixtureCamera[] = [
  { channel: 'CAM_FRONT', intrinsics: K, egoFromCamera: [{ translation: [1.7, 0.0, 1.51], rotation: FRONT_AXES }], times: [10, 93, 177, 210].map((ms) => T0 + ms / 1000), keyFrames: [0, 3] },
  {
    channel: 'CAM_BACK',
    intrinsics: K,
    egoFromCamera: [{ translation: [0.05, 0.0, 1.56], rotation: BACK_AXES }, { translation: [0.04, 0.01, 1.57], rotation: BACK_AXES }],
    switchAt: T0 + 0.151,
    times: [-15, 68, 151, 195].map((ms) => T0 + ms / 1000),
    keyFrames: [0, 3],
  },
];

/** Static objects, placed in the ego frame at the first key frame (ground at z = 0). */
const OBJECTS: readonly { category: string; center: Vec3; size: Vec3; yaw: number; color: [number, number, number]; attributes: string[]; visibility: string }[] = [
  { category: 'vehicle.car', center: [14, 2, 0.8], size: [4.5, 1.9, 1.6], yaw: 0.1, color: [245, 158, 11], attributes: ['vehicle.parked'], visibility: '4' },
  { category: 'human.pedestrian.adult', center: [8, -3, 0.875], size: [0.7, 0.6, 1.75], yaw: 1.2, color: [34, 211, 238], attributes: ['pedestrian.standing'], visibility: '3' },
  { category: 'vehicle.bus.rigid', center: [-15, -1, 1.6], size: [11, 2.6, 3.2], yaw: 0, color: [220, 38, 38], attributes: ['vehicle.moving'], visibility: '4' },
  { category: 'movable_object.trafficcone', center: [10, -5.5, 0.35], size: [0.4, 0.4, 0.7], yaw: 0, color: [251, 146, 60], attributes: [], visibility: '2' },
];

const token = (name: string) => createHash('md5').update(`cairn-fixture:${name}`).digest('hex');
const wxyz = (q: Quat) => [q[3], q[0], q[1], q[2]];
const micros = (t: number) => Math.round(t * 1e6);

function worldFromEgoAt(time: number): RigidTransform {
  const d = SPEED * (time - T0);
  return { translation: [START[0] + d * Math.cos(HEADING), START[1] + d * Math.sin(HEADING), START[2]], rotation: quatFromYaw(HEADING) };
}

/**
 * A nuScenes v1.0 dataset in `dir`: one scene, two key frames 0.2 s apart with three LiDAR sweeps
 * between, two cameras (CAM_BACK changes calibration mid-scene), a radar with two sweeps, ego
 * poses of a vehicle driving straight at 10 m/s, and four static objects annotated in global
 * coordinates whose LiDAR-frame boxes are known in closed form. Clouds (5 floats per point) and
 * PNG images are ray-cast from the same world.
 */
export function writeNuScenesFixture(dir: string): NuScenesFixture {
  const tablesDir = path.join(dir, 'v1.0-mini');
  mkdirSync(tablesDir, { recursive: true });
  const log = { token: token('log'), logfile: 'n015-2018-07-24-11-22-45+0800', vehicle: 'n015', date_captured: '2018-07-24', location: 'singapore-onenorth' };
  const scene = { token: token('scene'), log_token: log.token, nbr_samples: 2, first_sample_token: token('sample0'), last_sample_token: token('sample1'), name: 'scene-0001', description: 'Fixture: parked car, pedestrian, bus behind' };
  const samples = KEY_MS.map((ms, i) => ({
    token: token(`sample${i}`),
    timestamp: micros(T0 + ms / 1000),
    prev: i > 0 ? token(`sample${i - 1}`) : '',
    next: i + 1 < KEY_MS.length ? token(`sample${i + 1}`) : '',
    scene_token: scene.token,
  }));
  const sampleAt = (time: number) => samples[time < T0 + 0.125 ? 0 : 1].token;

  const sensors = [
    { token: token('sensor-lidar'), channel: 'LIDAR_TOP', modality: 'lidar' },
    ...CAMERAS.map((c) => ({ token: token(`sensor-${c.channel}`), channel: c.channel, modality: 'camera' })),
    { token: token('sensor-radar'), channel: 'RADAR_FRONT', modality: 'radar' },
  ];
  const calibrated: object[] = [
    { token: token('cs-lidar'), sensor_token: sensors[0].token, translation: EGO_FROM_LIDAR.translation, rotation: wxyz(EGO_FROM_LIDAR.rotation), camera_intrinsic: [] },
    { token: token('cs-radar'), sensor_token: token('sensor-radar'), translation: [3.4, 0, 0.5], rotation: [1, 0, 0, 0], camera_intrinsic: [] },
  ];
  CAMERAS.forEach((c) =>
    c.egoFromCamera.forEach((t, k) =>
      calibrated.push({
        token: token(`cs-${c.channel}-${k}`),
        sensor_token: token(`sensor-${c.channel}`),
        translation: t.translation,
        rotation: wxyz(t.rotation),
        camera_intrinsic: [[c.intrinsics.fx, 0, c.intrinsics.cx], [0, c.intrinsics.fy, c.intrinsics.cy], [0, 0, 1]],
      }),
    ),
  );

  const worldAt0 = worldFromEgoAt(T0);
  const worldBoxes = OBJECTS.map((o) => ({ center: applyTransform(worldAt0, o.center), yaw: HEADING + o.yaw }));
  const scene3d: RaycastScene = { groundZ: 0, boxes: OBJECTS.map((o, i) => ({ center: worldBoxes[i].center, size: o.size, yaw: worldBoxes[i].yaw, color: o.color })) };

  const egoPoses: object[] = [];
  const sampleData: object[] = [];
  const addData = (name: string, time: number, keyFrame: boolean, csToken: string, filename: string, size?: { width: number; height: number }) => {
    const pose = worldFromEgoAt(time);
    const poseToken = token(`pose-${name}`);
    egoPoses.push({ token: poseToken, timestamp: micros(time), translation: pose.translation, rotation: wxyz(pose.rotation) });
    sampleData.push({
      token: token(`sd-${name}`),
      sample_token: sampleAt(time),
      ego_pose_token: poseToken,
      calibrated_sensor_token: csToken,
      timestamp: micros(time),
      fileformat: filename.endsWith('.png') ? 'png' : 'pcd',
      is_key_frame: keyFrame,
      height: size?.height ?? 0,
      width: size?.width ?? 0,
      filename,
      prev: '',
      next: '',
    });
    return token(`sd-${name}`);
  };

  const lidar = LIDAR_TIMES_MS.map((ms) => {
    const time = T0 + ms / 1000;
    const keyFrame = KEY_MS.includes(ms);
    const file = `${keyFrame ? 'samples' : 'sweeps'}/LIDAR_TOP/${log.logfile}__LIDAR_TOP__${micros(time)}.pcd.bin`;
    const returns = simulateLidar(scene3d, composeTransforms(worldFromEgoAt(time), EGO_FROM_LIDAR), { beams: 32, steps: 720, minElevationDeg: -30, maxElevationDeg: 10, maxRange: 70 });
    const points = new Float32Array(returns.length * 5);
    returns.forEach((r, k) => points.set([r.point[0], r.point[1], r.point[2], Math.round(r.intensity * 255), r.ring], k * 5));
    mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    writeFileSync(path.join(dir, file), Buffer.from(points.buffer));
    const sdToken = addData(`lidar-${ms}`, time, keyFrame, token('cs-lidar'), file);
    return { token: sdToken, time, keyFrame, file, pointCount: returns.length, returns };
  });

  for (const c of CAMERAS) {
    c.times.forEach((time, k) => {
      const keyFrame = c.keyFrames.includes(k);
      const calib = c.switchAt !== undefined && time >= c.switchAt ? 1 : 0;
      const file = `${keyFrame ? 'samples' : 'sweeps'}/${c.channel}/${log.logfile}__${c.channel}__${micros(time)}.png`;
      mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
      const worldFromCamera = composeTransforms(worldFromEgoAt(time), c.egoFromCamera[calib]);
      writeFileSync(path.join(dir, file), renderPng(scene3d, c.intrinsics.width, c.intrinsics.height, pinholeRays(c.intrinsics, worldFromCamera)));
      addData(`${c.channel}-${k}`, time, keyFrame, token(`cs-${c.channel}-${calib}`), file, c.intrinsics);
    });
  }
  [0.02, 0.09].forEach((offset, k) => {
    const file = `sweeps/RADAR_FRONT/${log.logfile}__RADAR_FRONT__${micros(T0 + offset)}.pcd`;
    mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    writeFileSync(path.join(dir, file), '# .PCD v0.7\nVERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nCOUNT 1 1 1\nWIDTH 0\nHEIGHT 1\nPOINTS 0\nDATA ascii\n');
    addData(`radar-${k}`, T0 + offset, false, token('cs-radar'), file);
  });

  const categories = [...new Set(OBJECTS.map((o) => o.category))].map((name) => ({ token: token(`category-${name}`), name, description: '' }));
  const attributeNames = [...new Set(OBJECTS.flatMap((o) => o.attributes))];
  const attributes = attributeNames.map((name) => ({ token: token(`attribute-${name}`), name, description: '' }));
  const visibility = [['1', 'v0-40'], ['2', 'v40-60'], ['3', 'v60-80'], ['4', 'v80-100']].map(([t, level]) => ({ token: t, level, description: '' }));
  const instances = OBJECTS.map((o, i) => ({ token: token(`instance-${i}`), category_token: token(`category-${o.category}`), nbr_annotations: KEY_MS.length }));
  const keyLidar = lidar.filter((l) => l.keyFrame);
  const annotations = keyLidar.flatMap((l, k) =>
    OBJECTS.map((o, i) => {
      const lidarFromWorld = inverseTransform(composeTransforms(worldFromEgoAt(l.time), EGO_FROM_LIDAR));
      const inLidar = { frame: 'lidar', center: applyTransform(lidarFromWorld, worldBoxes[i].center), size: o.size, rotation: quatFromYaw(worldBoxes[i].yaw - HEADING + Math.PI / 2) };
      return {
        token: token(`annotation-${k}-${i}`),
        sample_token: samples[k].token,
        instance_token: instances[i].token,
        visibility_token: o.visibility,
        attribute_tokens: o.attributes.map((a) => token(`attribute-${a}`)),
        translation: worldBoxes[i].center,
        size: [o.size[1], o.size[0], o.size[2]],
        rotation: wxyz(quatFromYaw(worldBoxes[i].yaw)),
        prev: k > 0 ? token(`annotation-${k - 1}-${i}`) : '',
        next: k + 1 < keyLidar.length ? token(`annotation-${k + 1}-${i}`) : '',
        num_lidar_pts: l.returns.filter((r) => cuboidContains(inLidar, r.point, 1e-6)).length,
        num_radar_pts: 0,
      };
    }),
  );

  const write = (name: string, records: unknown[]) => writeFileSync(path.join(tablesDir, `${name}.json`), JSON.stringify(records, null, 1));
  write('log', [log]);
  write('scene', [scene]);
  write('sample', samples);
  write('sensor', sensors);
  write('calibrated_sensor', calibrated);
  write('ego_pose', egoPoses);
  write('sample_data', sampleData);
  write('category', categories);
  write('attribute', attributes);
  write('visibility', visibility);
  write('instance', instances);
  write('sample_annotation', annotations);
  write('map', [{ token: token('map'), log_tokens: [log.token], category: 'semantic_prior', filename: 'maps/fixture.png' }]);

  // Closed form: the ego has moved d = 10 m/s × Δt straight ahead, and LIDAR_TOP is turned −90°
  // about z at (0.943713, 0, 1.84023), so (x, y, z) ahead of the ego is (−y, x − 0.943713, z − 1.84023) in the LiDAR.
  const boxes: NuScenesFixtureBox[] = OBJECTS.map((o, i) => ({
    instanceToken: instances[i].token,
    category: o.category,
    size: o.size,
    inLidar: keyLidar.map((l) => {
      const x = o.center[0] - SPEED * (l.time - T0);
      return { center: [-o.center[1], x - 0.943713, o.center[2] - 1.84023] as Vec3, yaw: o.yaw + Math.PI / 2 };
    }),
    attributes: { ...Object.fromEntries(o.attributes.map((a) => a.split('.') as [string, string])), visibility: visibility[Number(o.visibility) - 1].level },
  }));
  return {
    root: dir,
    tables: tablesDir,
    sceneName: scene.name,
    sceneToken: scene.token,
    lidar: lidar.map(({ token: t, time, keyFrame, file, pointCount }) => ({ token: t, time, keyFrame, file, pointCount })),
    cameras: CAMERAS,
    egoFromLidar: EGO_FROM_LIDAR,
    worldFromEgoAt,
    boxes,
    worldBoxes,
  };
}
