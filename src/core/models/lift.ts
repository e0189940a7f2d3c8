import { fitAtPoint, fitCuboidToPoints, fitGroundPlane, groundHeightAt, suggestFitOptions, type PointArray } from '../assist';
import { applyTransform, projectPoint, type CameraModel, type RigidTransform } from '../camera';
import { bevBoxOf, bevIou } from '../geometry/bevIou';
import type { Cuboid } from '../geometry/cuboid';
import type { Vec3 } from '../geometry/vec3';
import type { Detection2D } from './detection';
import { dominantDepthGroup, pointsInBox, scanInImage } from './liftFrustum';

/** One camera of a frame with what the detector found in its image. */
export interface LiftCamera {
  readonly sensorId: string;
  readonly model: CameraModel;
  /** Maps points of the scan into this camera's optical frame. */
  readonly cameraFromLidar: RigidTransform;
  readonly width: number;
  readonly height: number;
  readonly detections: readonly Detection2D[];
}

export interface LiftOptions {
  /** The frame the scan's points are in; the proposals' cuboids are stated in it. */
  readonly lidarFrame: string;
  /** The detector's class number → ontology classId (the card's class map); null drops the detection. */
  readonly classOf: (classIndex: number) => string | null;
  /** The ontology's typical size (length, width, height) per classId: the fit completes the object to it. */
  readonly classSizes: Readonly<Record<string, readonly [number, number, number]>>;
  /** Where the scan was taken from, in its frame. Default the origin. */
  readonly sensor?: Vec3;
  /** Share of the box's width and height trimmed on each side before taking points. Default 0.1. */
  readonly shrink?: number;
  /** Points farther apart than this along the line of sight belong to different things. Default 1 m. */
  readonly depthGap?: number;
  /** Points within this height of the ground are road, not object. Default 0.3 m. */
  readonly groundClearance?: number;
  /** A detection with fewer object points than this gets no box. Default 5. */
  readonly minPoints?: number;
  /** Proposals of one class from several cameras overlapping more than this (BEV IoU) are one object. Default 0.3. */
  readonly mergeIou?: number;
}

export interface LiftProposal {
  readonly cuboid: Cuboid;
  readonly classId: string;
  /** The detector's score. */
  readonly score: number;
  readonly sensorId: string;
  readonly detection: Detection2D;
  /** Points of the object the box was fitted to. */
  readonly pointCount: number;
  /** class-size: completed to the class's typical size (the whole object); visible-points: around what the scan saw. */
  readonly fit: 'class-size' | 'visible-points';
}

export type LiftSkipReason = 'unmapped-class' | 'no-class-size' | 'too-few-points';

export interface LiftSkip {
  readonly sensorId: string;
  readonly detection: Detection2D;
  readonly reason: LiftSkipReason;
}

/** The lift's settings where the caller gives none (recorded in each run's provenance). */
export const LIFT_DEFAULTS = { shrink: 0.1, depthGap: 1, groundClearance: 0.3, minPoints: 5, mergeIou: 0.3 } as const;

/**
 * 2D detections lifted to 3D boxes: for each detection, the scan's points inside its frustum
 * (projected through the camera's calibration, distortion included), less the road under it; the
 * largest group of them along the line of sight; a box fitted from that group's middle point by
 * the assist's fit (completed to the class's typical size), or around the group's own points where
 * that fit finds no object or one whose centre falls outside the detection. The same object seen by
 * two cameras is proposed once, from the camera that scored it higher.
 */
export function liftDetections(points: PointArray, stride: number, cameras: readonly LiftCamera[], options: LiftOptions): { proposals: LiftProposal[]; skipped: LiftSkip[] } {
  const sensor = options.sensor ?? [0, 0, 0];
  const shrink = options.shrink ?? LIFT_DEFAULTS.shrink;
  const gap = options.depthGap ?? LIFT_DEFAULTS.depthGap;
  const clearance = options.groundClearance ?? LIFT_DEFAULTS.groundClearance;
  const minPoints = options.minPoints ?? LIFT_DEFAULTS.minPoints;
  const proposals: LiftProposal[] = [];
  const skipped: LiftSkip[] = [];
  for (const camera of cameras) {
    if (camera.detections.length === 0) continue;
    const scan = scanInImage(points, stride, camera.cameraFromLidar, camera.model, camera.width, camera.height);
    for (const detection of camera.detections) {
      const skip = (reason: LiftSkipReason) => skipped.push({ sensorId: camera.sensorId, detection, reason });
      const classId = options.classOf(detection.classIndex);
      if (classId === null) {
        skip('unmapped-class');
        continue;
      }
      const size = options.classSizes[classId];
      if (!size) {
        skip('no-class-size');
        continue;
      }
      const object = aboveGround(points, stride, pointsInBox(scan, detection, shrink), sensor, clearance);
      const group = dominantDepthGroup(points, stride, object, [sensor[0], sensor[1]], gap);
      if (group.length < minPoints) {
        skip('too-few-points');
        continue;
      }
      const seed = middlePoint(points, stride, group, sensor);
      const fit = fitAtPoint(points, stride, seed, options.lidarFrame, suggestFitOptions(seed, size, sensor));
      const base = { classId, score: detection.score, sensorId: camera.sensorId, detection };
      if ('cuboid' in fit && centreInBox(fit.cuboid.center, camera, detection)) {
        proposals.push({ ...base, cuboid: fit.cuboid, pointCount: fit.pointCount, fit: 'class-size' });
      } else {
        proposals.push({ ...base, cuboid: fitCuboidToPoints(points, stride, group, options.lidarFrame, null), pointCount: group.length, fit: 'visible-points' });
      }
    }
  }
  return { proposals: mergeAcrossCameras(proposals, options.mergeIou ?? LIFT_DEFAULTS.mergeIou), skipped };
}

/** The points more than `clearance` above the ground fitted around them (all of them where no ground is found). */
function aboveGround(points: PointArray, stride: number, indices: number[], sensor: Vec3, clearance: number): number[] {
  if (indices.length === 0) return indices;
  const xs = indices.map((i) => points[i * stride]).sort((a, b) => a - b);
  const ys = indices.map((i) => points[i * stride + 1]).sort((a, b) => a - b);
  const mid: Vec3 = [xs[xs.length >> 1], ys[ys.length >> 1], 0];
  const range = Math.hypot(mid[0] - sensor[0], mid[1] - sensor[1]);
  // Far out the road shows as rings metres apart: the disc grows with the range to hold several.
  const plane = fitGroundPlane(points, stride, mid, Math.max(8, 0.3 * range));
  if (!plane) return indices;
  return indices.filter((i) => points[i * stride + 2] > groundHeightAt(plane, points[i * stride], points[i * stride + 1]) + clearance);
}

/** The group's point at its median range: on the object's visible face, away from its edges. */
function middlePoint(points: PointArray, stride: number, group: readonly number[], sensor: Vec3): Vec3 {
  const byRange = [...group].sort(
    (a, b) => Math.hypot(points[a * stride] - sensor[0], points[a * stride + 1] - sensor[1]) - Math.hypot(points[b * stride] - sensor[0], points[b * stride + 1] - sensor[1]),
  );
  const i = byRange[byRange.length >> 1];
  return [points[i * stride], points[i * stride + 1], points[i * stride + 2]];
}

/**
 * A box's centre projects inside the 2D box around its corners, so a fitted centre outside the
 * detection (with a tenth of slack for a loose detector) means the fit grew into something else.
 */
function centreInBox(center: Vec3, camera: LiftCamera, d: Detection2D): boolean {
  const p = projectPoint(camera.model, applyTransform(camera.cameraFromLidar, center));
  if (!p) return false;
  const sx = 0.1 * (d.x2 - d.x1);
  const sy = 0.1 * (d.y2 - d.y1);
  const u = p.u + 0.5;
  const v = p.v + 0.5;
  return u >= d.x1 - sx && u <= d.x2 + sx && v >= d.y1 - sy && v <= d.y2 + sy;
}

function mergeAcrossCameras(proposals: readonly LiftProposal[], iou: number): LiftProposal[] {
  const order = [...proposals].sort((a, b) => b.score - a.score);
  const kept: LiftProposal[] = [];
  for (const p of order) {
    const box = bevBoxOf(p.cuboid);
    if (kept.some((k) => k.classId === p.classId && k.sensorId !== p.sensorId && bevIou(bevBoxOf(k.cuboid), box) > iou)) continue;
    kept.push(p);
  }
  return kept;
}
