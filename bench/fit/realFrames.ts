/**
 * The real labelled driving frames under ../shared/data/driving, as the fit bench's labelled
 * frames: points, each point's ground-truth object, and the objects (class, amodal box in the
 * scan's frame, sensor at the origin). Each source is skipped when absent.
 *
 * - kitti_object_vis: KITTI object frames (velodyne + label_2 + calib);
 * - mmdet3d_demo/kitti: KITTI frame 000008 (a scan cropped to the front camera) whose labels are
 *   in an mmdetection3d v1 info pickle: bbox_3d in the rectified camera as x, y, z (bottom
 *   centre), length, height, width, rotation_y, as label_2 holds them;
 * - mmdet3d_demo/nuscenes: one nuScenes LIDAR_TOP sweep (32 beams, 5 floats a point) with its info
 *   pickle: bbox_3d in the LiDAR frame as x, y, z (centre), length, width, height, yaw (checked:
 *   the points each box holds this way match the pickle's num_lidar_pts).
 *
 * The Lyft tables there (mmdet3d_tests_lyft_v1.01-train_tables) are not read: the LiDAR sweeps
 * their sample_data names (host-a101_lidar*.bin) are not in shared/data, and without points there
 * is nothing to fit.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseKittiCalib, type KittiObjectCalib } from '../../src/core/camera';
import type { LabelledFrame } from '../../src/core/assist/fitEvaluation';
import type { Cuboid } from '../../src/core/geometry/cuboid';
import { quatFromYaw } from '../../src/core/geometry/quaternion';
import { toCuboidLocal } from '../../src/core/geometry/cuboid';
import { parseKittiBin } from '../../src/core/formats';
import { readPickle, type PickleValue } from '../../src/core/io/pickle';
import { KITTI_CLASS_MAP, kittiLabelToCuboid, parseKittiLabels, veloFromRect0, type KittiLabel } from '../../src/core/importers/kitti/kittiLabels';

type Dict = { [key: string]: PickleValue };
type Objects = LabelledFrame['objects'];

const drivingRoot = (repoRoot: string) => path.resolve(repoRoot, '..', 'shared', 'data', 'driving');

/** A point belongs to the box it lies in, above the 0.15 m next to the ground (road returns). */
function labelPoints(points: Float32Array, stride: number, objects: Objects): Int32Array {
  const count = points.length / stride;
  const objectOf = new Int32Array(count).fill(-1);
  for (let i = 0; i < count; i++) {
    const p = [points[stride * i], points[stride * i + 1], points[stride * i + 2]] as const;
    objectOf[i] = objects.findIndex(({ cuboid }) => {
      const [x, y, z] = toCuboidLocal(cuboid, p);
      return Math.abs(x) <= cuboid.size[0] / 2 && Math.abs(y) <= cuboid.size[1] / 2 && Math.abs(z) <= cuboid.size[2] / 2 && z > 0.15 - cuboid.size[2] / 2;
    });
  }
  return objectOf;
}

function floats(file: string, perPoint: number): Float32Array {
  const b = readFileSync(file);
  const out = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  if (out.length % perPoint) throw new Error(`${file}: not a whole number of ${perPoint}-float points`);
  return out;
}

const kittiObjects = (labels: readonly KittiLabel[], calib: KittiObjectCalib, source: string): Objects => {
  const veloFromRect = veloFromRect0(calib, source);
  return labels.filter((l) => KITTI_CLASS_MAP[l.type]).map((l) => ({ classId: KITTI_CLASS_MAP[l.type].classId, cuboid: kittiLabelToCuboid(l, veloFromRect, 'lidar') }));
};

export function kittiObjectFrames(repoRoot: string): LabelledFrame[] {
  const root = path.join(drivingRoot(repoRoot), 'kitti_object_vis', 'training');
  if (!existsSync(path.join(root, 'label_2'))) return [];
  return readdirSync(path.join(root, 'label_2'))
    .filter((n) => n.endsWith('.txt'))
    .sort()
    .map((name) => {
      const stem = name.slice(0, -4);
      const bin = readFileSync(path.join(root, 'velodyne', `${stem}.bin`));
      const cloud = parseKittiBin(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength), `${stem}.bin`);
      const calib = parseKittiCalib(readFileSync(path.join(root, 'calib', name), 'utf8'), name);
      const objects = kittiObjects(parseKittiLabels(readFileSync(path.join(root, 'label_2', name), 'utf8'), name), calib, name);
      return { name: `kitti ${stem}`, points: cloud.points, stride: 4, objectOf: labelPoints(cloud.points, 4, objects), objects };
    });
}

/** The top-left `n` × `m` of a matrix stored as a list of rows, row-major. */
const block = (matrix: PickleValue, n: number, m: number, what: string): number[] => {
  if (!Array.isArray(matrix) || matrix.length < n) throw new Error(`${what}: expected at least ${n} rows`);
  return matrix.slice(0, n).flatMap((r) => {
    if (!Array.isArray(r) || r.length < m || !r.every((v) => typeof v === 'number')) throw new Error(`${what}: a row is not ${m} numbers`);
    return (r as number[]).slice(0, m);
  });
};

const firstInfo = (file: string): Dict => {
  const root = readPickle(new Uint8Array(readFileSync(file)), file) as Dict;
  return (root.data_list as PickleValue[])[0] as Dict;
};

/** mmdet3d's KITTI class numbers (its metainfo order). */
const MMDET3D_KITTI_CLASSES = ['Pedestrian', 'Cyclist', 'Car'];

export function mmdet3dKittiFrame(repoRoot: string): LabelledFrame[] {
  const dir = path.join(drivingRoot(repoRoot), 'mmdet3d_demo', 'kitti');
  if (!existsSync(path.join(dir, '000008.pkl'))) return [];
  const frame = firstInfo(path.join(dir, '000008.pkl'));
  const images = frame.images as Dict;
  const lidar = frame.lidar_points as Dict;
  const calib: KittiObjectCalib = {
    P0: block((images.CAM0 as Dict).cam2img, 3, 4, 'P0'),
    P1: block((images.CAM1 as Dict).cam2img, 3, 4, 'P1'),
    P2: block((images.CAM2 as Dict).cam2img, 3, 4, 'P2'),
    P3: block((images.CAM3 as Dict).cam2img, 3, 4, 'P3'),
    R0_rect: block(images.R0_rect, 3, 3, 'R0_rect'),
    Tr_velo_to_cam: block(lidar.Tr_velo_to_cam, 3, 4, 'Tr_velo_to_cam'),
  };
  const labels: KittiLabel[] = [];
  for (const inst of frame.instances as Dict[]) {
    const type = MMDET3D_KITTI_CLASSES[inst.bbox_label_3d as number];
    if (!type) continue; // -1: DontCare
    const [x, y, z, length, height, width, rotationY] = inst.bbox_3d as number[];
    labels.push({ type, truncated: 0, occluded: 0, alpha: 0, bbox: [0, 0, 0, 0], height, width, length, bottomInRect0: [x, y, z], rotationY, line: labels.length + 1 });
  }
  const points = floats(path.join(dir, String(lidar.lidar_path)), 4);
  const objects = kittiObjects(labels, calib, '000008.pkl');
  return [{ name: 'mmdet3d kitti 000008', points, stride: 4, objectOf: labelPoints(points, 4, objects), objects }];
}

/** mmdet3d's nuScenes detection classes as the default ontology's. */
const NUSCENES_CLASSES: Readonly<Record<string, string>> = {
  car: 'car',
  truck: 'truck',
  trailer: 'truck',
  bus: 'bus',
  construction_vehicle: 'truck',
  bicycle: 'cyclist',
  motorcycle: 'motorcycle',
  pedestrian: 'pedestrian',
  traffic_cone: 'traffic_cone',
  barrier: 'barrier',
};

export function nuScenesSampleFrame(repoRoot: string): LabelledFrame[] {
  const dir = path.join(drivingRoot(repoRoot), 'mmdet3d_demo', 'nuscenes');
  const pkl = existsSync(dir) ? readdirSync(dir).find((n) => n.endsWith('.pkl')) : undefined;
  if (!pkl) return [];
  const root = readPickle(new Uint8Array(readFileSync(path.join(dir, pkl))), pkl) as Dict;
  const byNumber = Object.fromEntries(Object.entries((root.metainfo as Dict).categories as Dict).map(([name, k]) => [k as number, name]));
  const frame = (root.data_list as PickleValue[])[0] as Dict;
  const objects = (frame.instances as Dict[]).flatMap((inst) => {
    const classId = NUSCENES_CLASSES[byNumber[inst.bbox_label_3d as number]];
    if (!classId) return [];
    const [x, y, z, l, w, h, yaw] = inst.bbox_3d as number[];
    const cuboid: Cuboid = { frame: 'lidar', center: [x, y, z], size: [l, w, h], rotation: quatFromYaw(yaw) };
    return [{ classId, cuboid }];
  });
  const points = floats(path.join(dir, String((frame.lidar_points as Dict).lidar_path)), 5);
  return [{ name: `nuscenes ${pkl.slice(0, -4)}`, points, stride: 5, objectOf: labelPoints(points, 5, objects), objects }];
}
