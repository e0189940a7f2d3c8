import { MIN_CUBOID_EDGE, type Cuboid } from '../geometry/cuboid';
import { quatFromYaw } from '../geometry/quaternion';
import type { Vec3 } from '../geometry/vec3';
import { fitsSomePrior, type ClassPrior } from './amodalBox';
import { fitAmodalCluster } from './amodalFit';
import { clusterFrom, DEFAULT_CLUSTER_OPTIONS, type ClusterOptions, type ClusterResult } from './cluster';
import { groundHeightAt } from './ground';
import { withWhatStandsInFront } from './lineOfSight';
import { minAreaRectangle } from './minAreaRectangle';
import { occludersOf, strayPiecesInFront } from './occluders';
import { growByPieces, piecesOf } from './pieces';
import { cropSquare, pointCountOf, xyOf, type PointArray } from './points';
import { scanCoverage } from './scanCoverage';

export interface FitOptions {
  /** No edge of the fitted box is shorter than this. Default 0.2 m. */
  readonly minSize?: number;
  /** Added around the points on every side but the bottom. Default 0. */
  readonly padding?: number;
}

/**
 * An upright (yaw-only) cuboid around the given points: footprint from their minimum-area
 * rectangle, top at the highest point, bottom at `groundZ` (or at the lowest point when groundZ
 * is null or lies above it). Edges shorter than `minSize` are grown about the footprint centre;
 * a box grown in height keeps standing on its bottom. Throws when no index names a finite point.
 */
export function fitCuboidToPoints(
  points: PointArray,
  stride: number,
  indices: ArrayLike<number>,
  frame: string,
  groundZ: number | null,
  options: FitOptions = {},
): Cuboid {
  const n = pointCountOf(points, stride);
  const minSize = Math.max(options.minSize ?? 0.2, MIN_CUBOID_EDGE);
  const pad = options.padding ?? 0;
  const xy = new Float64Array(2 * indices.length);
  let m = 0;
  let minZ = Infinity;
  let maxZ = -Infinity;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!(i >= 0 && i < n)) throw new Error(`point index ${i} is outside the ${n} points`);
    const o = i * stride;
    const x = points[o];
    const y = points[o + 1];
    const z = points[o + 2];
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) continue;
    xy[2 * m] = x;
    xy[2 * m + 1] = y;
    m++;
    if (z < minZ) minZ = z;
    if (z > maxZ) maxZ = z;
  }
  if (m === 0) throw new Error('cannot fit a cuboid to no points');
  const rect = minAreaRectangle(xy.subarray(0, 2 * m));
  const bottom = groundZ !== null && Number.isFinite(groundZ) ? Math.min(groundZ, minZ) : minZ;
  const length = Math.max(rect.length + 2 * pad, minSize);
  const width = Math.max(rect.width + 2 * pad, minSize);
  const height = Math.max(maxZ + pad - bottom, minSize);
  return {
    frame,
    center: [rect.center[0], rect.center[1], bottom + height / 2],
    size: [length, width, height],
    rotation: quatFromYaw(rect.yaw),
  };
}

export interface CuboidAtPointOptions extends ClusterOptions, FitOptions {
  /** A cluster with fewer points gives null. Default 3. */
  readonly minClusterPoints?: number;
  /**
   * The chosen class's typical size (length, width, height). Set, the box is the whole object:
   * heading from the visible faces, grown to this size away from the sensor.
   */
  readonly classSize?: readonly [number, number, number];
  /** The chosen class, reported back as the fit's class. */
  readonly classId?: string;
  /** Without a classSize: the classes to suggest one from (the ontology's), fitted as above. */
  readonly classes?: readonly ClassPrior[];
  /** Where the scan was taken from, in the points' frame. Default the origin (a sensor-frame scan). */
  readonly sensor?: Vec3;
}

export interface CuboidFit {
  readonly cuboid: Cuboid;
  /** Points in the cluster the box was fitted to. */
  readonly pointCount: number;
  readonly indices: Uint32Array;
  /** Ground height used for the bottom, null when no ground was found (bottom = lowest point). */
  readonly groundZ: number | null;
  /** Growth stopped at maxPoints / maxExtent: the click was probably on a wall or building. */
  readonly truncated: boolean;
  /** The chosen class, or the one suggested from the box's size; null without classSize or classes. */
  readonly classId: string | null;
  /** 0–1, how well the seen extent agrees with the class's size; null without classSize or classes. */
  readonly score: number | null;
}

/**
 * One-click fit: ground plane around the click, cluster grown from the nearest point, upright
 * box around the cluster; with a classSize or classes, the whole object's box (fitAmodalCluster)
 * rather than the visible points'. Null when the click is not within `maxSeedDistance` of a point, when
 * the nearest point is ground (a click on the road makes no box), or when the cluster has fewer
 * than `minClusterPoints` points. A truncated cluster still gives a box; check `truncated`.
 */
export function fitCuboidAtPoint(
  points: PointArray,
  stride: number,
  seed: Vec3,
  frame: string,
  options: CuboidAtPointOptions = {},
): CuboidFit | null {
  const result = fitAtPoint(points, stride, seed, frame, options);
  return 'cuboid' in result ? result : null;
}

/**
 * The depth allowances tried after the full one, as shares of it; 0 is plain distance. The steps
 * are fine because a neighbour 0.3–0.5 m behind is dropped only at a reach under its distance, and
 * each step down may cut the object's own roof or far face off.
 */
const DEPTH_SHARES = [0.6, 0.4, 0.24, 0.16, 0];
/**
 * Reaching less along the line of sight may leave a strip of a few points (the rings of a sparse
 * 32-beam scan on a face seen at a slant are no longer joined, a mirror stands off a side): with
 * fewer than this, the fit keeps the cluster reached at FALLBACK_SHARE instead. Such an object did
 * not fit its class at that reach: it is larger than the class's size (a long truck).
 */
const FRAGMENT_POINTS = 10;
/**
 * Still too large for its class at plain distance, a cluster is grown again at the neighbour
 * distance less each of these: a scan's range noise (about 2 cm) brings points of two cars parked
 * 0.30 m apart to 0.277 m where the gap runs along the line of sight (generated frame 104, cars 5
 * and 6 at 10 m, boxed as one 3.8 m wide). Only then: a smaller distance throughout leaves the
 * roof rows of a car seen at 9 m apart (frame 29's car 4).
 */
const NOISE_MARGINS = [0.03, 0.06];
const FALLBACK_SHARE = 0.4;

/**
 * Clusters with more points are not searched for what stands in front: the search joins every
 * point to its neighbours, and an object a few metres from the sensor holds 5,000–18,000 points
 * 1–3 cm apart (it tripled the mean time of a fit on the bench's frames, 107 of ~280 ms, for
 * nothing found there). At that range a gap of 0.3 m is hundreds of points wide.
 */
const OCCLUDER_SEARCH_POINTS = 5000;

/** Why a click gave no box. */
export type NoFitReason = 'no-point-near-seed' | 'seed-on-ground' | 'too-few-points';

/** fitCuboidAtPoint, saying why when there is no box. */
export function fitAtPoint(
  points: PointArray,
  stride: number,
  seed: Vec3,
  frame: string,
  options: CuboidAtPointOptions = {},
): CuboidFit | { readonly reason: NoFitReason } {
  // One pass over the frame; ground, clustering and fitting then work on the neighbourhood only.
  const extent = options.maxExtent ?? DEFAULT_CLUSTER_OPTIONS.maxExtent;
  const groundRadius = options.groundRadius ?? DEFAULT_CLUSTER_OPTIONS.groundRadius;
  const cropHalf = Math.max(extent, groundRadius);
  const near = cropSquare(points, stride, seed, cropHalf);
  const priors: readonly ClassPrior[] = options.classSize
    ? [{ classId: options.classId ?? '', size: options.classSize }]
    : (options.classes ?? []);
  let cluster = objectCluster(near.points, seed, options, priors);
  if (options.depthDistance !== undefined && priors.length > 0 && cluster.status === 'ok' && cluster.indices.length <= OCCLUDER_SEARCH_POINTS) {
    // Something standing in front of the clicked object, joined to it along the line of sight
    // (a motorbike 0.3–0.5 m in front of a car's side), is another object: the cluster is grown
    // again without it, and the fit below still sees it as what hides the object's ends.
    const occluderOptions = {
      neighbourDistance: options.neighbourDistance ?? DEFAULT_CLUSTER_OPTIONS.neighbourDistance,
      verticalWeight: options.verticalWeight ?? DEFAULT_CLUSTER_OPTIONS.verticalWeight,
      sensor: [options.sensor?.[0] ?? 0, options.sensor?.[1] ?? 0] as const,
    };
    const piecesOfCluster = () => piecesOf(near.points, cluster.indices, occluderOptions.neighbourDistance, occluderOptions.verticalWeight);
    let pieces = piecesOfCluster();
    const hidden = occludersOf(near.points, cluster.indices, cluster.seedIndex, cluster.ground, occluderOptions, pieces);
    if (hidden.length > 0) {
      const without = near.points.slice();
      for (const i of hidden) without[3 * i] = NaN;
      const again = objectCluster(without, seed, { ...options, ground: cluster.ground }, priors);
      if (again.status === 'ok' && again.indices.length >= (options.minClusterPoints ?? 3)) {
        cluster = again;
        pieces = piecesOfCluster();
      }
    }
    // A few points of something else in front, joined the same way, are left out of the object
    // (and, like an occluder, still hide its ends).
    const stray = new Set(strayPiecesInFront(near.points, cluster.indices, cluster.seedIndex, occluderOptions, pieces));
    if (stray.size > 0) cluster = { ...cluster, indices: cluster.indices.filter((i) => !stray.has(i)) };
  }
  if (cluster.status !== 'ok') return { reason: cluster.status };
  if (cluster.indices.length < (options.minClusterPoints ?? 3)) return { reason: 'too-few-points' };
  const { ground } = cluster;
  let groundZ: number | null = null;
  if (ground) {
    let sx = 0;
    let sy = 0;
    for (let k = 0; k < cluster.indices.length; k++) {
      sx += near.points[cluster.indices[k] * 3];
      sy += near.points[cluster.indices[k] * 3 + 1];
    }
    groundZ = groundHeightAt(ground, sx / cluster.indices.length, sy / cluster.indices.length);
  }
  if (priors.length > 0) {
    // The fit judges whether each end of the object is hidden by what stands nearer the sensor,
    // which may lie outside the neighbourhood cropped around the click.
    const longest = Math.max(...priors.map((p) => p.size[0]));
    const seen = withWhatStandsInFront(points, stride, near, cluster.indices, seed, cropHalf, options.sensor ?? [0, 0, 0], longest);
    const coverage = scanCoverage(points, stride, options.sensor ?? [0, 0, 0]);
    const amodal = fitAmodalCluster(seen.points, cluster.indices, ground, priors, frame, { ...options, coverage });
    const indices = new Uint32Array(amodal.indices.length);
    for (let k = 0; k < indices.length; k++) indices[k] = seen.sourceIndices[amodal.indices[k]];
    const classId = options.classSize ? (options.classId ?? null) : amodal.classId;
    return { cuboid: amodal.cuboid, pointCount: indices.length, indices, groundZ, truncated: cluster.truncated, classId, score: amodal.score };
  }
  const cuboid = fitCuboidToPoints(near.points, 3, cluster.indices, frame, groundZ, options);
  const indices = new Uint32Array(cluster.indices.length);
  for (let k = 0; k < indices.length; k++) indices[k] = near.sourceIndices[cluster.indices[k]];
  return { cuboid, pointCount: indices.length, indices, groundZ, truncated: cluster.truncated, classId: null, score: null };
}

/**
 * The clicked object's points (indices into `points`, stride 3): the cluster grown from the seed,
 * reaching along the line of sight; when that outgrows the class, reached less and grown back by
 * whole pieces; when the click is on a fragment, grown by the pieces around it.
 */
function objectCluster(points: PointArray, seed: Vec3, options: CuboidAtPointOptions, priors: readonly ClassPrior[]): ClusterResult {
  let cluster = clusterFrom(points, 3, seed, options);
  if (options.depthDistance !== undefined && priors.length > 0 && cluster.status === 'ok' && !clusterFits(points, cluster.indices, priors)) {
    // Reaching far along the line of sight joins a car's roof to its rear, and may join the car
    // parked beside or behind it: reach less until the cluster fits the class. What that leaves
    // out of the first cluster, in pieces joined at plain distance, comes back piece by piece
    // while the object still fits (the rest of a side split by a shadow, a far roof row).
    const full = cluster;
    cluster = reachLess(points, seed, options, options.depthDistance, priors, full);
    if (cluster.status === 'ok') {
      const kept = new Set(cluster.indices);
      const rest = full.indices.filter((i) => !kept.has(i));
      const pieces = piecesOf(points, rest, options.neighbourDistance ?? DEFAULT_CLUSTER_OPTIONS.neighbourDistance, options.verticalWeight ?? DEFAULT_CLUSTER_OPTIONS.verticalWeight);
      cluster = { ...cluster, indices: growByPieces(points, cluster.indices, pieces, priors, [options.sensor?.[0] ?? 0, options.sensor?.[1] ?? 0]) };
    }
  }
  if (options.depthDistance !== undefined && priors.length > 0 && cluster.status === 'ok' && cluster.indices.length < FRAGMENT_POINTS) {
    // A click on a few points standing apart (a far side cut by shadows into strips the reach
    // along the line of sight does not join): the pieces around it, within the class's length,
    // come in while the object fits the class.
    const reach = Math.max(...priors.map((p) => p.size[0]));
    const clearance = options.groundClearance ?? DEFAULT_CLUSTER_OPTIONS.groundClearance;
    const kept = new Set(cluster.indices);
    const around: number[] = [];
    for (let i = 0; i < points.length / 3; i++) {
      const x = points[3 * i];
      const y = points[3 * i + 1];
      if (kept.has(i) || !(Math.hypot(x - seed[0], y - seed[1]) <= reach)) continue; // NaN: a point left out
      const floor = cluster.ground ? groundHeightAt(cluster.ground, x, y) + clearance : -Infinity;
      if (points[3 * i + 2] >= floor) around.push(i);
    }
    const pieces = piecesOf(points, around, options.neighbourDistance ?? DEFAULT_CLUSTER_OPTIONS.neighbourDistance, options.verticalWeight ?? DEFAULT_CLUSTER_OPTIONS.verticalWeight);
    cluster = { ...cluster, indices: growByPieces(points, cluster.indices, pieces, priors, [options.sensor?.[0] ?? 0, options.sensor?.[1] ?? 0]) };
  }
  return cluster;
}

/**
 * The cluster grown from the seed reaching less along the line of sight (`depthDistance` times
 * each of DEPTH_SHARES) until it fits the class, at last not at all; the one reached at
 * FALLBACK_SHARE when less leaves a fragment (a mirror in front of a side longer than the class).
 */
function reachLess(
  points: PointArray,
  seed: Vec3,
  options: CuboidAtPointOptions,
  depthDistanceFull: number,
  priors: readonly ClassPrior[],
  first: ClusterResult,
): ClusterResult {
  let cluster = first;
  let fallback: ClusterResult | null = null;
  for (const share of DEPTH_SHARES) {
    if (cluster.status !== 'ok' || clusterFits(points, cluster.indices, priors)) break;
    const depthDistance = share > 0 ? share * depthDistanceFull : undefined;
    const next = clusterFrom(points, 3, seed, { ...options, depthDistance, ground: cluster.ground });
    if (fallback && next.status === 'ok' && next.indices.length < FRAGMENT_POINTS) return fallback;
    cluster = next;
    if (share === FALLBACK_SHARE) fallback = cluster;
  }
  for (const margin of NOISE_MARGINS) {
    if (cluster.status !== 'ok' || clusterFits(points, cluster.indices, priors)) break;
    const neighbourDistance = (options.neighbourDistance ?? DEFAULT_CLUSTER_OPTIONS.neighbourDistance) - margin;
    const next = clusterFrom(points, 3, seed, { ...options, depthDistance: undefined, neighbourDistance, ground: cluster.ground });
    if (next.status !== 'ok' || next.indices.length < FRAGMENT_POINTS) break;
    cluster = next;
  }
  return cluster;
}

function clusterFits(points: PointArray, indices: Uint32Array, priors: readonly ClassPrior[]): boolean {
  return fitsSomePrior(xyOf(points, indices), indices.length, priors);
}
