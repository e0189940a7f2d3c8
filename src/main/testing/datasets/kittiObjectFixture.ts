import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { IDENTITY_TRANSFORM } from '../../../core/camera';
import { quatNormalize } from '../../../core/geometry/quaternion';
import type { Vec3 } from '../../../core/geometry/vec3';
import { kittiCalibFixture, kittiLabelFields, kittiLabelGeometry, type KittiRig } from './kittiFixtureCalib';
import { projectionRays, renderPng, simulateLidar, type RaycastScene } from './raycastScene';

/** A labelled object of a fixture sample, in the Velodyne frame (Cairn's cuboid convention). */
export interface FixtureBox {
  readonly type: string;
  readonly center: Vec3;
  /** length, width, height. */
  readonly size: Vec3;
  readonly yaw: number;
  /** 1-based line in the label file. */
  readonly line: number;
  /** Velodyne returns on the box. */
  readonly points: number;
}

export interface KittiObjectSample {
  readonly stem: string;
  readonly calibText: string;
  readonly image: { readonly width: number; readonly height: number };
  readonly pointCount: number;
  readonly boxes: readonly FixtureBox[];
  readonly dontCare: number;
  /** P2 · R0_rect · Tr_velo_to_cam (and P3 · …): Velodyne points to image_2 (image_3) pixels, 3×4 row-major. */
  readonly velodyneToImage2: readonly number[];
  readonly velodyneToImage3: readonly number[];
}

export interface KittiObjectFixture {
  /** The folder holding training/ (what `cairn import kitti` is given). */
  readonly root: string;
  readonly split: string;
  readonly samples: readonly KittiObjectSample[];
}

const GROUND_Z = -1.73;
export const FIXTURE_CLASS_COLORS: Readonly<Record<string, readonly [number, number, number]>> = {
  Car: [245, 158, 11],
  Van: [217, 119, 6],
  Truck: [239, 68, 68],
  Pedestrian: [34, 211, 238],
  Cyclist: [163, 230, 53],
};

/** Two rigs like KITTI's 2011-09-26 and 2011-09-28 drives: different focal lengths, image sizes and mounts. */
const RIG_A: KittiRig = {
  fx: 721.5377,
  cx: 609.5593,
  cy: 172.854,
  mountAngles: [0.002, -0.0145, 0.0075],
  cameraPosition: [0.27, 0.0, -0.08],
  rectAngles: [0.0043, -0.0074, 0.0098],
  offsets: [[0, 0, 0], [-0.537, 0, 0], [0.0597, -0.0003, 0.0027], [-0.4731, 0.0024, 0.0027]],
  veloFromImu: { translation: [-0.8086759, 0.3195559, -0.7997231], rotation: quatNormalize([0.0074, -0.001, 0.0004, 1]) },
};
const RIG_B: KittiRig = {
  fx: 707.0493,
  cx: 604.0814,
  cy: 180.5066,
  mountAngles: [-0.0011, -0.0028, 0.0069],
  cameraPosition: [0.33, 0.02, -0.06],
  rectAngles: [0.004, -0.0085, 0.0101],
  offsets: [[0, 0, 0], [-0.5372, 0, 0], [0.0621, -0.0005, 0.005], [-0.4726, 0.0033, 0.0032]],
  veloFromImu: { translation: [-0.8086759, 0.3195559, -0.7997231], rotation: quatNormalize([0.0074, -0.001, 0.0004, 1]) },
};

interface SampleSpec {
  readonly rig: KittiRig;
  readonly image: { width: number; height: number };
  readonly boxes: readonly { type: string; center: [number, number]; size: Vec3; yaw: number }[];
  readonly dontCare: readonly (readonly [number, number, number, number])[];
}

const SAMPLES: readonly SampleSpec[] = [
  {
    rig: RIG_A,
    image: { width: 1242, height: 375 },
    boxes: [
      { type: 'Car', center: [12, -2.6], size: [4.2, 1.8, 1.5], yaw: 0.2 },
      { type: 'Pedestrian', center: [8.5, 3.1], size: [0.8, 0.6, 1.75], yaw: 1.2 },
      { type: 'Cyclist', center: [21, 4.5], size: [1.8, 0.6, 1.7], yaw: -0.5 },
    ],
    dontCare: [],
  },
  {
    rig: RIG_B,
    image: { width: 1224, height: 370 },
    boxes: [
      { type: 'Car', center: [15.5, 1.2], size: [3.9, 1.7, 1.45], yaw: -0.1 },
      { type: 'Van', center: [24, -4.5], size: [5.0, 2.0, 2.2], yaw: 0.05 },
    ],
    dontCare: [[520.5, 160.25, 560.75, 185.5]],
  },
  {
    rig: RIG_A,
    image: { width: 1242, height: 375 },
    boxes: [
      { type: 'Truck', center: [30, 0.5], size: [9.5, 2.6, 3.4], yaw: 0.03 },
      { type: 'Car', center: [10, 5.5], size: [4.4, 1.9, 1.6], yaw: Math.PI / 2 - 0.1 },
    ],
    dontCare: [],
  },
];

/**
 * A KITTI object dataset in `dir`/training: three samples (000000–000002), the middle one from
 * another rig (calibration and image size), each with a Velodyne scan of a ground plane and the
 * labelled objects (ray-cast, so points lie on the boxes), image_2 / image_3 PNGs rendered from
 * the same scene through the calibration, and label_2 lines computed from the known boxes.
 */
export function writeKittiObjectFixture(dir: string): KittiObjectFixture {
  const split = path.join(dir, 'training');
  for (const folder of ['velodyne', 'calib', 'image_2', 'image_3', 'label_2']) mkdirSync(path.join(split, folder), { recursive: true });
  const samples = SAMPLES.map((spec, i): KittiObjectSample => {
    const stem = String(i).padStart(6, '0');
    const calib = kittiCalibFixture(spec.rig, 'object');
    const scene: RaycastScene = {
      groundZ: GROUND_Z,
      boxes: spec.boxes.map((b) => ({ center: [b.center[0], b.center[1], GROUND_Z + b.size[2] / 2], size: b.size, yaw: b.yaw, color: FIXTURE_CLASS_COLORS[b.type] })),
    };
    const returns = simulateLidar(scene, IDENTITY_TRANSFORM, { beams: 64, steps: 1024, minElevationDeg: -24.8, maxElevationDeg: 2, maxRange: 80 });
    const points = new Float32Array(returns.length * 4);
    returns.forEach((r, k) => points.set([r.point[0], r.point[1], r.point[2], r.intensity], k * 4));
    writeFileSync(path.join(split, 'velodyne', `${stem}.bin`), Buffer.from(points.buffer));
    writeFileSync(path.join(split, 'calib', `${stem}.txt`), calib.text);
    writeFileSync(path.join(split, 'image_2', `${stem}.png`), renderPng(scene, spec.image.width, spec.image.height, projectionRays(calib.velodyneToImage[2])));
    writeFileSync(path.join(split, 'image_3', `${stem}.png`), renderPng(scene, spec.image.width, spec.image.height, projectionRays(calib.velodyneToImage[3])));
    const lines: string[] = [];
    const boxes = scene.boxes.map((box, k): FixtureBox => {
      lines.push(kittiLabelFields(spec.boxes[k].type, box, kittiLabelGeometry(box, calib, spec.image)));
      return { type: spec.boxes[k].type, center: box.center, size: box.size, yaw: box.yaw, line: lines.length, points: returns.filter((r) => r.box === k).length };
    });
    for (const [l, t, r, b] of spec.dontCare) lines.push(`DontCare -1 -1 -10 ${l.toFixed(2)} ${t.toFixed(2)} ${r.toFixed(2)} ${b.toFixed(2)} -1 -1 -1 -1000 -1000 -1000 -10`);
    writeFileSync(path.join(split, 'label_2', `${stem}.txt`), `${lines.join('\n')}\n`);
    return {
      stem,
      calibText: calib.text,
      image: spec.image,
      pointCount: returns.length,
      boxes,
      dontCare: spec.dontCare.length,
      velodyneToImage2: calib.velodyneToImage[2],
      velodyneToImage3: calib.velodyneToImage[3],
    };
  });
  return { root: dir, split, samples };
}
