/**
 * The `cairn.scene` manifest (version 1) as written by the generator, and its serialisation.
 * Serialisation is deterministic: fixed key order, numbers rounded once, no clock or random input.
 */
import type { Quat, Vec3 } from './geometry';
import type { Intrinsics } from './camera';
import type { ClassId } from './materials';
import type { RelationJson } from './relations';

export interface TransformJson {
  translation: Vec3;
  rotation: Quat;
}

export interface LidarSensorJson {
  sensorId: string;
  kind: 'lidar';
  egoFromSensor: TransformJson;
  beams: number;
}

export interface CameraSensorJson {
  sensorId: string;
  kind: 'camera';
  opticalConvention: 'opencv';
  egoFromSensor: TransformJson;
  intrinsics: { model: 'pinhole'; width: number; height: number; fx: number; fy: number; cx: number; cy: number;
    distortion: { model: 'brown-conrady'; k1: number; k2: number; p1: number; p2: number; k3: number } };
}

export type SensorJson = LidarSensorJson | CameraSensorJson;

export interface PointCloudJson {
  path: string;
  encoding: 'kitti-bin-xyzi';
  pointCount: number;
  bounds: { min: Vec3; max: Vec3 };
  intensityRange: [number, number];
}

export interface ImageJson {
  path: string;
  width: number;
  height: number;
}

export interface FrameJson {
  frameId: string;
  index: number;
  timestamp: number;
  worldFromEgo: TransformJson;
  pointClouds: Record<string, PointCloudJson>;
  images: Record<string, ImageJson>;
}

export interface GroundTruthJson {
  objectId: string;
  frameId: string;
  classId: ClassId;
  cuboid: { frame: string; center: Vec3; size: Vec3; rotation: Quat };
}

export interface SceneJson {
  format: 'cairn.scene';
  version: 1;
  sceneId: string;
  name: string;
  description: string;
  generator: { script: string; seed: number };
  sensors: SensorJson[];
  frames: FrameJson[];
  groundTruth: GroundTruthJson[];
  relations: RelationJson[];
}

export function roundTo(v: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(v * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

/**
 * Shortest decimal that reads back as the same float32, so bounds written to JSON equal the
 * values in the .bin exactly after Math.fround.
 */
export function float32Decimal(v: number): number {
  const f = Math.fround(v);
  for (let p = 1; p <= 9; p++) {
    const d = Number(f.toPrecision(p));
    if (Math.fround(d) === f) return Object.is(d, -0) ? 0 : d;
  }
  return f;
}

export function cameraIntrinsicsJson(k: Intrinsics): CameraSensorJson['intrinsics'] {
  return {
    model: 'pinhole',
    width: k.width,
    height: k.height,
    fx: k.fx,
    fy: k.fy,
    cx: k.cx,
    cy: k.cy,
    distortion: { model: 'brown-conrady', ...k.distortion },
  };
}

/** Pretty JSON with short numeric arrays (vectors, quaternions) kept on one line. */
export function formatManifest(scene: SceneJson): string {
  const text = JSON.stringify(scene, null, 2);
  return text.replace(/\[\s+(-?[\d.e+-]+(?:,\s+-?[\d.e+-]+)*)\s+\]/g, (_m, body: string) => `[${body.split(/,\s+/).join(', ')}]`) + '\n';
}
