import { MIN_CUBOID_EDGE, type Cuboid } from '../geometry/cuboid';
import { quatFromYaw } from '../geometry/quaternion';
import { amodalBox, type AmodalBox, type ClassPrior, type EndIsSeen } from './amodalBox';
import { groundHeightAt, type GroundPlane } from './ground';
import { DEFAULT_CLUSTER_OPTIONS } from './cluster';
import { piecesOf } from './pieces';
import type { PointArray } from './points';
import { unseenBetween, type ScanCoverage } from './scanCoverage';

export interface AmodalFitOptions {
  /** Where the scan was taken from, in the points' frame. Default the origin. */
  readonly sensor?: readonly [number, number, number];
  /** Points lower than this above the ground are ground. Default 0.2 m. */
  readonly groundClearance?: number;
  /** No edge shorter than this. Default 0.2 m. */
  readonly minSize?: number;
  /** Points nearer than this are one piece, for what the box takes in (ClusterOptions). Default 0.4 m. */
  readonly neighbourDistance?: number;
  /** How much a vertical gap counts against neighbourDistance (ClusterOptions). Default 0.1. */
  readonly verticalWeight?: number;
  /** Where the whole scan looked (scanCoverage): past its edge the object may go on unseen. Default: all round. */
  readonly coverage?: ScanCoverage | null;
}

export interface AmodalFit {
  readonly cuboid: Cuboid;
  /** Indices into the given points (stride 3) of the object's points: those inside its box. */
  readonly indices: Uint32Array;
  readonly classId: string | null;
  readonly score: number;
}

/** Rounds of fit, keep the points inside the box, refit. */
const ROUNDS = 2;
/** A two-wheeler's wheels and frame lie below this height above the ground, its rider's torso above. */
const WHEELS_TOP = 0.6;
/**
 * A person's torso, between hips and shoulders, spans this share of their height above the ground
 * (about 0.9–1.45 m of 1.75 m): below are the legs, apart in a stride, above the head.
 */
const TORSO_FROM = 0.52;
const TORSO_TO = 0.8;
/**
 * A vehicle's hood and boot stand at about this share of its height (the roof above them covers
 * the middle half of its length): beyond a seen end, what hides the object's continuation need
 * only hide it this high. Tested against the roof's height, a car seen over the one parked in
 * front of it (its roof alone showing) had its ends taken for seen, and its box was laid from them.
 */
const BODY_LINE = 0.65;
/** An object none of whose points is lower than this share of its height was seen above its body: its roof alone. */
const UPPER_ONLY = 0.5;
/** The box takes in points this far outside it (a far side scanned in pieces). */
const TAKE_IN_MARGIN = 0.1;
/**
 * …in whole pieces, none of whose points lies outside it, looked for this far beyond it. A
 * motorbike's box grown to the class's width took in five points of the car parked 1.5 m away.
 */
const PIECE_REACH = 0.5;

/**
 * The amodal box of one object from its cluster (`indices` into `points`, stride 3): footprint
 * from amodalBox, bottom on the ground, top at the highest point. A scan at range splits an
 * object into pieces a neighbour distance cannot join, and reaching along the line of sight the
 * cluster may take in a little of what stands behind; the box, grown to the class size, keeps the
 * points inside it (the other pieces, whole) and drops the rest, and is fitted again.
 */
export function fitAmodalCluster(
  points: PointArray,
  indices: Uint32Array,
  ground: GroundPlane | null,
  priors: readonly ClassPrior[],
  frame: string,
  options: AmodalFitOptions = {},
): AmodalFit {
  const sensor = options.sensor ?? [0, 0, 0];
  const clearance = options.groundClearance ?? 0.2;
  const minSize = Math.max(options.minSize ?? 0.2, MIN_CUBOID_EDGE);
  const n = points.length / 3;
  const member = new Uint8Array(n);
  for (const i of indices) member[i] = 1;
  let set = Uint32Array.from(indices);
  let box: AmodalBox | null = null;
  let minZ = Infinity;
  let maxZ = -Infinity;
  let groundZ: number | null = null;
  for (let round = 0; round < ROUNDS; round++) {
    const xy = new Float64Array(2 * set.length);
    let sx = 0;
    let sy = 0;
    minZ = Infinity;
    maxZ = -Infinity;
    set.forEach((i, k) => {
      xy[2 * k] = points[3 * i];
      xy[2 * k + 1] = points[3 * i + 1];
      sx += xy[2 * k];
      sy += xy[2 * k + 1];
      minZ = Math.min(minZ, points[3 * i + 2]);
      maxZ = Math.max(maxZ, points[3 * i + 2]);
    });
    groundZ = ground ? groundHeightAt(ground, sx / set.length, sy / set.length) : null;
    const wheels: number[] = [];
    const torso: number[] = [];
    if (groundZ !== null) {
      const top = maxZ - groundZ;
      for (const i of set) {
        const h = points[3 * i + 2] - groundZ;
        if (h < WHEELS_TOP) wheels.push(points[3 * i], points[3 * i + 1]);
        if (h >= TORSO_FROM * top && h <= TORSO_TO * top) torso.push(points[3 * i], points[3 * i + 1]);
      }
    }
    const bodyZ = groundZ === null ? maxZ : groundZ + BODY_LINE * (maxZ - groundZ);
    const upperOnly = groundZ !== null && minZ - groundZ >= UPPER_ONLY * (maxZ - groundZ);
    const ends = endsSeenAround(points, set, ground, clearance, minZ, maxZ, sensor, bodyZ, options.coverage ?? null);
    box = amodalBox(xy, set.length, [sensor[0], sensor[1]], priors, groundZ === null ? null : maxZ - groundZ, {
      endIsSeen: ends,
      wheels: Float64Array.from(wheels),
      torso: Float64Array.from(torso),
      upperOnly,
      sides: sidesBelowTop(points, set, maxZ, sensor),
      slices: Int32Array.from(set, (i) => Math.floor((points[3 * i + 2] - minZ) / HEADING_SLICE)),
    });
    if (round === ROUNDS - 1) break;
    const c = Math.cos(box.yaw);
    const s = Math.sin(box.yaw);
    const hl = box.length / 2 + TAKE_IN_MARGIN;
    const hw = box.width / 2 + TAKE_IN_MARGIN;
    const inside: number[] = [];
    // Taken in whole pieces (joined at plain distance) that lie inside the box: a neighbour's
    // points inside it belong to a piece that goes on outside.
    const around: number[] = [];
    const within = (i: number, m: number) => {
      const x = points[3 * i] - box!.cx;
      const y = points[3 * i + 1] - box!.cy;
      return Math.abs(c * x + s * y) <= hl + m && Math.abs(-s * x + c * y) <= hw + m;
    };
    for (let i = 0; i < n; i++) {
      const z = points[3 * i + 2];
      if (!within(i, PIECE_REACH)) continue;
      const floor = ground ? groundHeightAt(ground, points[3 * i], points[3 * i + 1]) + clearance : minZ;
      if (member[i]) {
        if (within(i, 0)) inside.push(i);
      } else if (z >= floor && z <= maxZ + 0.3) around.push(i);
    }
    const neighbourDistance = options.neighbourDistance ?? DEFAULT_CLUSTER_OPTIONS.neighbourDistance;
    const verticalWeight = options.verticalWeight ?? DEFAULT_CLUSTER_OPTIONS.verticalWeight;
    for (const piece of piecesOf(points, around, neighbourDistance, verticalWeight)) if (piece.every((i) => within(i, 0))) inside.push(...piece);
    if (inside.length < 3) break;
    set = Uint32Array.from(inside);
  }
  const b = box!;
  const bottom = groundZ !== null && Number.isFinite(groundZ) ? Math.min(groundZ, minZ) : minZ;
  const height = Math.max(maxZ - bottom, minSize);
  set.sort();
  return {
    cuboid: {
      frame,
      center: [b.cx, b.cy, bottom + height / 2],
      size: [Math.max(b.length, minSize), Math.max(b.width, minSize), height],
      rotation: quatFromYaw(b.yaw),
    },
    indices: set,
    classId: b.classId,
    score: b.score,
  };
}

/**
 * The height of the bands whose outlines the heading is taken from (lShapeYaw's slices): about a
 * bumper's, a door's below the window, a window's.
 */
const HEADING_SLICE = 0.3;

/** Points this near the object's top are on its roof, where the sensor stands above it. */
const TOP_BAND = 0.08;
/** Fewer side points than this show no face to head by. */
const MIN_SIDE_POINTS = 10;

/**
 * The object's points off its top (x, y pairs), where the sensor stands above it and so saw its
 * roof; null where it did not (a truck's top edge is the top of its faces) or too few are left.
 */
function sidesBelowTop(points: PointArray, set: Uint32Array, maxZ: number, sensor: readonly [number, number, number]): Float64Array | undefined {
  if (!(maxZ < sensor[2])) return undefined;
  const xy: number[] = [];
  for (const i of set) if (points[3 * i + 2] < maxZ - TOP_BAND) xy.push(points[3 * i], points[3 * i + 1]);
  return xy.length / 2 >= MIN_SIDE_POINTS ? Float64Array.from(xy) : undefined;
}

/** An occluder hides an end when it stands within this angle of it, as seen from the sensor… */
const END_WINDOW = (0.6 * Math.PI) / 180;
/** …or within this distance across the line of sight, whichever is wider… */
const END_WINDOW_ACROSS = 0.4;
/** …and at least this much nearer. */
const END_NEARER = 0.3;
/**
 * An occluder's edge may stand this far inside the end (as seen from the sensor) and still hide
 * it: a scan's azimuth step (0.17° on a 64-beam, 0.33° on a 32-beam scanner) puts the last point
 * of the object and the first of what hides it a step apart either way.
 */
const END_INWARD = (0.35 * Math.PI) / 180;
/** Where the object would go on beyond a hidden end, it is hidden while something nearer stands within this across the line of sight (or END_INWARD)… */
const SHADOW_ACROSS = 0.15;
/** …as high as the object's body line (`bodyZ`), as seen from the sensor, less this slope (about one beam of a 64-beam scanner, 0.4°)… */
const SHADOW_RISE = 0.007;
/** …tested every this much along the object's axis. */
const ROOM_STEP = 0.1;
/**
 * Past the edge of a scan that did not look all round, an object goes on unseen: an end this near
 * the edge, across the line of sight, may be cut by it. A scan cropped to a camera's view has its
 * edge where the camera's is, and the camera stands apart from the LiDAR (0.27 m ahead of it on
 * KITTI's car), so near the sensor the edge falls a little inside the azimuth it has far away…
 */
const SCAN_EDGE_ACROSS = 0.3;
/** …or within this angle of it (a degree of the coverage, and a degree of that drift at range). */
const SCAN_EDGE_ANGLE = (2 * Math.PI) / 180;
/** How far in azimuth the scan's edge may lie from a point at range `r` and still cut the object there. */
const scanEdgeReach = (r: number): number => Math.max(SCAN_EDGE_ANGLE, Math.atan2(SCAN_EDGE_ACROSS, r));

/**
 * Whether an end of the object at (x, y) is where it really ends: no point outside the object,
 * above the ground, stands just beside it (as seen from the sensor) and nearer, hiding what lies
 * beyond. A car behind another shows a side cut short by the one in front; a car alone shows
 * its side to its end. `bodyZ`: how high the object goes on beyond an end, at least. With the
 * scan's `coverage`, also whether an end stands at the edge of where the scan looked (pastScanEdge),
 * and past that edge the object has room to go on unseen.
 */
function endsSeenAround(
  points: PointArray,
  members: Uint32Array,
  ground: GroundPlane | null,
  clearance: number,
  minZ: number,
  maxZ: number,
  sensor: readonly [number, number, number],
  bodyZ: number,
  coverage: ScanCoverage | null,
): EndIsSeen {
  const n = points.length / 3;
  const member = new Uint8Array(n);
  // Only what stands in the object's sector, nearer than its farthest point, can hide an end.
  let cx = 0;
  let cy = 0;
  for (const i of members) {
    member[i] = 1;
    cx += points[3 * i] - sensor[0];
    cy += points[3 * i + 1] - sensor[1];
  }
  const mid = Math.atan2(cy, cx);
  let lo = Infinity;
  let hi = -Infinity;
  let near = Infinity;
  let far = 0;
  for (const i of members) {
    const d = wrap(Math.atan2(points[3 * i + 1] - sensor[1], points[3 * i] - sensor[0]) - mid);
    const r = Math.hypot(points[3 * i] - sensor[0], points[3 * i + 1] - sensor[1]);
    lo = Math.min(lo, d);
    hi = Math.max(hi, d);
    near = Math.min(near, r);
    far = Math.max(far, r);
  }
  const reach = Math.max(END_WINDOW, Math.atan2(END_WINDOW_ACROSS, Math.max(near, 1e-6)));
  const az: number[] = [];
  const range: number[] = [];
  // Everything above the ground in front of the object's far side, wherever it stands: what may
  // hide the object's continuation beyond an end (roomBeyond), sorted by angle.
  const shadowAz: number[] = [];
  const shadowRange: number[] = [];
  const shadowRise: number[] = [];
  for (let i = 0; i < n; i++) {
    if (member[i]) continue;
    const x = points[3 * i] - sensor[0];
    const y = points[3 * i + 1] - sensor[1];
    const r = Math.hypot(x, y);
    if (!(r < far)) continue;
    const z = points[3 * i + 2];
    const floor = ground ? groundHeightAt(ground, points[3 * i], points[3 * i + 1]) + clearance : minZ;
    if (!(z >= floor)) continue;
    const d = wrap(Math.atan2(y, x) - mid);
    shadowAz.push(d);
    shadowRange.push(r);
    shadowRise.push((z - sensor[2]) / r);
    if (d < lo - reach || d > hi + reach) continue;
    az.push(d);
    range.push(r);
  }
  const order = shadowAz.map((_, k) => k).sort((p, q) => shadowAz[p] - shadowAz[q]);
  const sortedAz = Float64Array.from(order, (k) => shadowAz[k]);
  const sortedRange = Float64Array.from(order, (k) => shadowRange[k]);
  const sortedRise = Float64Array.from(order, (k) => shadowRise[k]);
  const hidden = (x: number, y: number): boolean => {
    const r = Math.hypot(x - sensor[0], y - sensor[1]);
    const a = wrap(Math.atan2(y - sensor[1], x - sensor[0]) - mid);
    const tol = Math.max(END_INWARD, Math.atan2(SHADOW_ACROSS, r));
    // Where the scan did not look, or near its edge, the object would not have shown.
    if (coverage && unseenBetween(coverage, mid + a - scanEdgeReach(r), mid + a + scanEdgeReach(r))) return true;
    // Hidden up to its body line: something nearer stands as high, as seen from the sensor (a car
    // in front of a bus hides its lower half only; the rest would show).
    const top = (bodyZ - sensor[2]) / r - SHADOW_RISE;
    let k = lowerBound(sortedAz, a - tol);
    for (; k < sortedAz.length && sortedAz[k] <= a + tol; k++) if (sortedRange[k] <= r - END_NEARER && sortedRise[k] >= top) return true;
    return false;
  };
  const roomBeyond = (x: number, y: number, ux: number, uy: number, limit: number): number => {
    for (let t = ROOM_STEP; t <= limit; t += ROOM_STEP) if (!hidden(x + ux * t, y + uy * t)) return t - ROOM_STEP;
    return limit;
  };
  const centre = (lo + hi) / 2;
  const endIsSeen = (x: number, y: number): boolean => {
    const r0 = Math.hypot(x - sensor[0], y - sensor[1]);
    const a0 = wrap(Math.atan2(y - sensor[1], x - sensor[0]) - mid);
    const window = Math.max(END_WINDOW, Math.atan2(END_WINDOW_ACROSS, r0));
    // Only what stands beyond the end (away from the object, as seen from the sensor) hides
    // where it goes on; what stands over the seen part beside the end does not. A bus beside a
    // nearer one, its far end showing past the nearer one's, has that end cut short by nothing.
    const outward = a0 >= centre ? 1 : -1;
    for (let k = 0; k < az.length; k++) {
      const beyond = outward * (az[k] - a0);
      if (range[k] <= r0 - END_NEARER && beyond <= window && beyond >= -END_INWARD) return false;
    }
    return true;
  };
  const pastScanEdge = (x: number, y: number): boolean => {
    const r0 = Math.hypot(x - sensor[0], y - sensor[1]);
    const a0 = wrap(Math.atan2(y - sensor[1], x - sensor[0]) - mid);
    return !!coverage && unseenBetween(coverage, mid + a0, mid + a0 + (a0 >= centre ? 1 : -1) * scanEdgeReach(r0));
  };
  return Object.assign(endIsSeen, { roomBeyond, pastScanEdge });
}

/** The first index of the sorted `v` whose value is at least `x`. */
function lowerBound(v: Float64Array, x: number): number {
  let a = 0;
  let b = v.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (v[m] < x) a = m + 1;
    else b = m;
  }
  return a;
}

/** An angle difference into (-π, π]. */
function wrap(a: number): number {
  return a > Math.PI ? a - 2 * Math.PI : a <= -Math.PI ? a + 2 * Math.PI : a;
}
