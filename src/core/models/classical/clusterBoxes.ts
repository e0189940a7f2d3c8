import { DEFAULT_CLUSTER_OPTIONS, fitCuboidToPoints, minAreaRectangle, pointCountOf, xyOf, type ClassPrior, type PointArray } from '../../assist';
import { fitAmodalCluster } from '../../assist/amodalFit';
import type { Cuboid } from '../../geometry/cuboid';
import { estimateGroundSurface, groundSurfaceAt, GROUND_SURFACE_DEFAULTS, type GroundSurface } from './groundSurface';
import { definedOnly } from './definedOnly';
import { euclideanClusters } from './euclideanClusters';
import { sectorCrop, sweepIndex } from './sectorCrop';

/** "Box every cluster": ground removed patch-wise, the rest clustered, a box fitted to each cluster. */
export const CLUSTER_BOXES = 'cluster-boxes';
/** Bumped whenever a change can change the boxes for the same settings. */
export const CLUSTER_BOXES_VERSION = '1';

/**
 * How far beside a cluster the fit is shown other points (pieces of the same object the class-sized
 * box takes in). Not the longest class (a bus, 11 m): on a KITTI sweep with 61k object points
 * (trees, walls) gathering 11 m around each of 108 clusters took 370 of 900 ms; a box completed
 * beyond 6 m of what was seen of it takes in nothing there.
 */
const TAKE_IN_REACH = 6;

export interface ClusterBoxesOptions {
  /** The frame the boxes are stated in (the scan's sensor). */
  readonly frame: string;
  /** The ontology's classes and typical sizes: each box is completed to the best-fitting class. None: boxes around the seen points, no class. */
  readonly classes?: readonly ClassPrior[];
  /** Where the scan was taken from, in the points' frame. Default the origin. */
  readonly sensor?: readonly [number, number, number];
  /** Points less than this above the ground surface are ground. Default 0.2 m (the assist's clearance). */
  readonly groundClearance?: number;
  /** Ground surface cell side. Default 1 m. */
  readonly groundCellSize?: number;
  /** Largest rise between neighbouring ground cells. Default 0.2 m. */
  readonly groundMaxStep?: number;
  /** Default the assist's (0.4 m). */
  readonly neighbourDistance?: number;
  /** Default the assist's. */
  readonly verticalWeight?: number;
  /** Clusters with fewer points make no box. Default 8. */
  readonly minPoints?: number;
  /** Clusters whose seen footprint is longer than this (a wall, a hedge, a building) make no box. Default 16 m. */
  readonly maxLength?: number;
  /** Clusters taller than this (a building, a tree) make no box. Default 4.5 m. */
  readonly maxHeight?: number;
  /** Clusters whose top stands lower than this above the ground (kerbs, debris) make no box. Default 0.5 m. */
  readonly minHeight?: number;
}

export const CLUSTER_BOXES_DEFAULTS = {
  groundClearance: 0.2,
  groundCellSize: GROUND_SURFACE_DEFAULTS.cellSize,
  groundMaxStep: GROUND_SURFACE_DEFAULTS.maxStep,
  neighbourDistance: DEFAULT_CLUSTER_OPTIONS.neighbourDistance,
  verticalWeight: DEFAULT_CLUSTER_OPTIONS.verticalWeight,
  minPoints: 8,
  maxLength: 16,
  maxHeight: 4.5,
  minHeight: 0.5,
} as const;

export interface ClusterBox {
  readonly cuboid: Cuboid;
  /** The class suggested from the box's size; null without classes. */
  readonly classId: string | null;
  /** 0–1, how well the seen extent agrees with the class's size; null without classes. */
  readonly score: number | null;
  readonly pointCount: number;
  /** `class-size`: completed to the class's size (the whole object); `visible-points`: around the seen points. */
  readonly fit: 'class-size' | 'visible-points';
}

export type ClusterDropReason = 'too-few-points' | 'too-long' | 'too-tall' | 'too-low' | 'unlike-any-class';

export interface ClusterBoxesResult {
  readonly boxes: ClusterBox[];
  /** Clusters made no box, by reason (clusters under minPoints are many: every stray return). */
  readonly dropped: Readonly<Record<ClusterDropReason, number>>;
  readonly groundPoints: number;
  readonly objectPoints: number;
  readonly ground: GroundSurface | null;
}

/**
 * Box every cluster of a sweep (points interleaved x, y, z, … with `stride`, in the sensor frame):
 * the ground surface estimated patch-wise (estimateGroundSurface), the points above it clustered
 * (euclideanClusters), the clusters filtered by size, each box fitted by the assist's amodal fit
 * with the class suggested from its size as a click-fit would, or around its points without classes.
 */
export function clusterBoxes(points: PointArray, stride: number, options: ClusterBoxesOptions): ClusterBoxesResult {
  const n = pointCountOf(points, stride);
  const o = { ...CLUSTER_BOXES_DEFAULTS, ...definedOnly(options) };
  const dropped: Record<ClusterDropReason, number> = { 'too-few-points': 0, 'too-long': 0, 'too-tall': 0, 'too-low': 0, 'unlike-any-class': 0 };
  const ground = estimateGroundSurface(points, stride, { cellSize: o.groundCellSize, maxStep: o.groundMaxStep });
  if (!ground) return { boxes: [], dropped, groundPoints: 0, objectPoints: 0, ground };

  // The object points, compact (stride 3), with the ground height under each.
  let m = 0;
  const xyz = new Float64Array(3 * n);
  const floor = new Float64Array(n);
  let groundPoints = 0;
  for (let i = 0, off = 0; i < n; i++, off += stride) {
    const x = points[off];
    const y = points[off + 1];
    const z = points[off + 2];
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) continue;
    const g = groundSurfaceAt(ground, x, y);
    if (z - g < o.groundClearance) {
      groundPoints++;
      continue;
    }
    xyz[3 * m] = x;
    xyz[3 * m + 1] = y;
    xyz[3 * m + 2] = z;
    floor[m] = g;
    m++;
  }
  const objects = xyz.subarray(0, 3 * m);
  const { labels, clusters } = euclideanClusters(objects, m, o);

  // Members of each cluster, grouped by a counting sort.
  const first = new Int32Array(clusters + 1);
  for (let i = 0; i < m; i++) first[labels[i] + 1]++;
  for (let c = 0; c < clusters; c++) first[c + 1] += first[c];
  const fill = first.slice(0, clusters);
  const members = new Uint32Array(m);
  for (let i = 0; i < m; i++) members[fill[labels[i]]++] = i;

  const priors = options.classes ?? [];
  const sensor = options.sensor ?? [0, 0, 0];
  const boxes: ClusterBox[] = [];
  const around = priors.length > 0 ? sweepIndex(objects, m, sensor) : null;
  const reach = Math.min(TAKE_IN_REACH, Math.max(0, ...priors.map((p) => p.size[0])));
  for (let c = 0; c < clusters; c++) {
    const indices = members.subarray(first[c], first[c + 1]);
    const reason = dropReason(objects, floor, indices, o);
    if (reason) {
      dropped[reason]++;
      continue;
    }
    let gx = 0;
    let gy = 0;
    let gz = 0;
    for (const i of indices) {
      gx += objects[3 * i];
      gy += objects[3 * i + 1];
      gz += floor[i];
    }
    const k = indices.length;
    // A level plane at the ground under the cluster: the amodal fit stands the box on it.
    const plane = { x0: gx / k, y0: gy / k, z0: gz / k, slopeX: 0, slopeY: 0, inlierCells: 0 };
    if (priors.length > 0 && !withinSomeClass(objects, indices, priors)) {
      dropped['unlike-any-class']++;
      continue;
    }
    if (priors.length > 0) {
      // Only object points are given: the fit's search for what hides an object's ends skips ground anyway.
      const near = sectorCrop(objects, around!, labels, c, indices, sensor, reach);
      const fit = fitAmodalCluster(near.points, near.indices, plane, priors, options.frame, { sensor, groundClearance: o.groundClearance });
      boxes.push({ cuboid: fit.cuboid, classId: fit.classId, score: fit.score, pointCount: k, fit: 'class-size' });
    } else {
      const cuboid = fitCuboidToPoints(objects, 3, indices, options.frame, plane.z0);
      boxes.push({ cuboid, classId: null, score: null, pointCount: k, fit: 'visible-points' });
    }
  }
  return { boxes, dropped, groundPoints, objectPoints: m, ground };
}

function dropReason(
  xyz: Float64Array,
  floor: Float64Array,
  indices: Uint32Array,
  o: { readonly minPoints: number; readonly maxLength: number; readonly maxHeight: number; readonly minHeight: number },
): ClusterDropReason | null {
  if (indices.length < o.minPoints) return 'too-few-points';
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  let top = -Infinity;
  for (const i of indices) {
    const x = xyz[3 * i];
    const y = xyz[3 * i + 1];
    const h = xyz[3 * i + 2] - floor[i];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
    if (h > top) top = h;
  }
  // The diagonal of the axis-aligned extent: a long wall is long whichever way it runs.
  if (Math.hypot(maxX - minX, maxY - minY) > o.maxLength) return 'too-long';
  if (top > o.maxHeight) return 'too-tall';
  if (top < o.minHeight) return 'too-low';
  return null;
}

/**
 * Whether the cluster's seen footprint (its minimum-area rectangle) fits inside some class's, with
 * the slack the assist allows a cluster (20 % of the length, 10 % of the width, 0.1 m). A hedge, a
 * tree's crown or a building's corner is wider than any road user: fitting it to a class made a
 * bus of it, and cost most of the time on a KITTI sweep with trees (the fit searches headings over
 * all its points, twice).
 */
function withinSomeClass(xyz: Float64Array, indices: Uint32Array, priors: readonly ClassPrior[]): boolean {
  const { length, width } = minAreaRectangle(xyOf(xyz, indices));
  return priors.some(({ size: [l, w] }) => length <= l * 1.2 + 0.1 && width <= w * 1.1 + 0.1);
}
