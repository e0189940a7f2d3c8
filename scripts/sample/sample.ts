/**
 * Builds Cairn's embedded sample scene: LiDAR sweeps, camera images, ground truth and the
 * `scene.json` manifest that ties them together. Everything derives from the seed, so a rerun
 * gives byte-identical files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CAMERAS, pixelRays, renderImage, scaleIntrinsics } from './camera';
import { composePoses, invertPose, quatFromYaw, quatMultiply, transformPoint, type Pose, type Quat, type Vec3 } from './geometry';
import { HDL64_LIKE, simulateSweep } from './lidar';
import {
  cameraIntrinsicsJson,
  float32Decimal,
  formatManifest,
  roundTo,
  type FrameJson,
  type GroundTruthJson,
  type SceneJson,
  type SensorJson,
} from './manifest';
import { encodePng } from './png';
import { Rng } from './prng';
import { RayScene } from './raycast';
import { sampleRelations } from './relations';
import { actorPoseAt, buildStreet, primitivesAt, streetFromEgoAt, WORLD_FROM_STREET } from './street';

export const LIDAR_ID = 'lidar_top';
export const EGO_FROM_LIDAR: Pose = { translation: [0, 0, 1.8], rotation: [0, 0, 0, 1] };
/** Ground truth lists objects whose box centre is this close to the LiDAR. */
export const GROUND_TRUTH_RANGE = 60;
export const FRAME_RATE = 10;

export interface SampleOptions {
  outDir: string;
  seed?: number;
  beams?: number;
  azimuthSteps?: number;
  /** Scales image width and height (and the intrinsics with them). */
  imageScale?: number;
  frames?: number;
  /** Called with a line of progress; the CLI prints it, tests leave it out. */
  log?: (line: string) => void;
}

export interface SampleSummary {
  files: string[];
  pointCounts: number[];
  groundTruthCount: number;
}

function roundVec(v: Vec3, digits: number): Vec3 {
  return [roundTo(v[0], digits), roundTo(v[1], digits), roundTo(v[2], digits)];
}

function roundQuat(q: Quat, digits: number): Quat {
  const s = q[3] < 0 ? -1 : 1;
  return [roundTo(s * q[0], digits), roundTo(s * q[1], digits), roundTo(s * q[2], digits), roundTo(s * q[3], digits)];
}

function pad(i: number): string {
  return String(i).padStart(6, '0');
}

export function generateSample(options: SampleOptions): SampleSummary {
  const seed = options.seed ?? 7;
  const beams = options.beams ?? 64;
  const azimuthSteps = options.azimuthSteps ?? 3000;
  const imageScale = options.imageScale ?? 1;
  const frameCount = options.frames ?? 4;
  const log = options.log ?? ((): void => {});
  const outDir = options.outDir;

  const ids = new Rng(seed, 'ids');
  const sceneId = ids.uuid();
  const frameIds = Array.from({ length: frameCount }, () => ids.uuid());
  const street = buildStreet(seed);
  // Object IDs come from their own stream per actor name, so they do not depend on frame count.
  const objectIds = new Map(street.actors.map((a) => [a.name, new Rng(seed, `object:${a.name}`).uuid()]));

  const cameras = CAMERAS.map((c) => ({ spec: c, intrinsics: scaleIntrinsics(c.intrinsics, imageScale) }));
  const rays = cameras.map((c) => pixelRays(c.intrinsics));

  const sensors: SensorJson[] = [
    { sensorId: LIDAR_ID, kind: 'lidar', egoFromSensor: EGO_FROM_LIDAR, beams },
    ...cameras.map(
      (c): SensorJson => ({
        sensorId: c.spec.sensorId,
        kind: 'camera',
        opticalConvention: 'opencv',
        egoFromSensor: c.spec.egoFromSensor,
        intrinsics: cameraIntrinsicsJson(c.intrinsics),
      }),
    ),
  ];

  const files: string[] = [];
  const write = (rel: string, data: Buffer | string): void => {
    const abs = join(outDir, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, data);
    files.push(rel);
  };

  const frames: FrameJson[] = [];
  const groundTruth: GroundTruthJson[] = [];
  const pointCounts: number[] = [];
  const inGroundTruth = new Set<string>();

  for (let f = 0; f < frameCount; f++) {
    const t = f / FRAME_RATE;
    const frameId = frameIds[f];
    const streetFromEgo = streetFromEgoAt(t);
    const streetFromLidar = composePoses(streetFromEgo, EGO_FROM_LIDAR);
    const lidarFromStreet = invertPose(streetFromLidar);
    const scene = new RayScene(primitivesAt(street, t), street.ground);

    const points = simulateSweep(scene, streetFromLidar, { ...HDL64_LIKE, beams, azimuthSteps }, new Rng(seed, `lidar.noise:${f}`));
    const count = points.length / 4;
    const min: Vec3 = [Infinity, Infinity, Infinity];
    const max: Vec3 = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < points.length; i += 4) {
      for (let k = 0; k < 3; k++) {
        if (points[i + k] < min[k]) min[k] = points[i + k];
        if (points[i + k] > max[k]) max[k] = points[i + k];
      }
    }
    if (count === 0) {
      min.fill(0);
      max.fill(0);
    }
    const lidarPath = `lidar/${pad(f)}.bin`;
    // Float32Array is little-endian on every platform Node runs on; KITTI .bin is little-endian.
    write(lidarPath, Buffer.from(points.buffer, points.byteOffset, points.byteLength));
    pointCounts.push(count);
    log(`frame ${f}: ${count} points`);

    const images: FrameJson['images'] = {};
    cameras.forEach((c, ci) => {
      const rgb = renderImage(scene, c.spec, c.intrinsics, rays[ci], streetFromEgo);
      const path = `cameras/${c.spec.sensorId}/${pad(f)}.png`;
      write(path, encodePng(rgb, c.intrinsics.width, c.intrinsics.height));
      images[c.spec.sensorId] = { path, width: c.intrinsics.width, height: c.intrinsics.height };
    });

    const worldFromEgo = composePoses(WORLD_FROM_STREET, streetFromEgo);
    frames.push({
      frameId,
      index: f,
      timestamp: roundTo(t, 6),
      worldFromEgo: { translation: roundVec(worldFromEgo.translation, 6), rotation: roundQuat(worldFromEgo.rotation, 12) },
      pointClouds: {
        [LIDAR_ID]: {
          path: lidarPath,
          encoding: 'kitti-bin-xyzi',
          pointCount: count,
          bounds: { min: min.map(float32Decimal) as Vec3, max: max.map(float32Decimal) as Vec3 },
          intensityRange: [0, 1],
        },
      },
      images,
    });

    for (const actor of street.actors) {
      const pose = actorPoseAt(actor, t);
      const centreInStreet: Vec3 = [pose.x, pose.y, actor.size[2] / 2];
      const center = transformPoint(lidarFromStreet, centreInStreet);
      if (Math.hypot(center[0], center[1], center[2]) > GROUND_TRUTH_RANGE) continue;
      inGroundTruth.add(`${actor.name}@${f}`);
      const rotation = quatMultiply(lidarFromStreet.rotation, quatFromYaw(pose.yaw));
      groundTruth.push({
        objectId: objectIds.get(actor.name) ?? '',
        frameId,
        classId: actor.classId,
        cuboid: { frame: LIDAR_ID, center: roundVec(center, 6), size: roundVec(actor.size, 6), rotation: roundQuat(rotation, 12) },
      });
    }
  }

  const relations = sampleRelations(
    street.actors,
    frames.map((_, f) => f / FRAME_RATE),
    (name, f) => inGroundTruth.has(`${name}@${f}`),
    (name) => objectIds.get(name) ?? '',
    (key) => new Rng(seed, `relation:${key}`).uuid(),
  );

  const manifest: SceneJson = {
    format: 'cairn.scene',
    version: 1,
    sceneId,
    name: 'Sample street (procedural)',
    description: 'A procedural 120 m street: parked and moving cars, a truck, pedestrians and a cyclist, seen by a 64-beam LiDAR and two cameras over 4 frames at 10 Hz.',
    generator: { script: 'scripts/sample/generate.ts', seed },
    sensors,
    frames,
    groundTruth,
    relations,
  };
  write('scene.json', formatManifest(manifest));
  return { files, pointCounts, groundTruthCount: groundTruth.length };
}
