import { groundHeightAt, type GroundPlane } from './ground';
import { piecesOf } from './pieces';
import type { PointArray } from './points';

/** Both the clicked piece and its occluder reach this near the ground: each stands on it. */
const STANDS_WITHIN = 0.7;
/**
 * An occluder reaches at least this high above the ground: a road user standing in front (a person,
 * a rider, a car) does, where the object's own low parts that stand before its higher ones (a
 * bicycle's front wheel before its rider, a car's bonnet before its windscreen) do not.
 */
const OCCLUDER_TOP = 1.2;
/** An occluder stands at least this much nearer than what it hides (the gap between two objects). */
const NEARER_BY = 0.3;
/**
 * What it hides is looked for within this distance across the line of sight of each of its points,
 * and only at the azimuths the clicked piece spans: a face seen at a slant, cut into pieces, has
 * its near pieces beside its far ones, not in front of them.
 */
const BESIDE = 0.1;
/** An occluder hides the clicked piece with at least this many points (one stray return is no object)… */
const MIN_HIDING_POINTS = 3;
/**
 * …and with this share of its points: an object stands in front whole, where the near end of a
 * face seen at a slant, cut from its far part, overlaps it in azimuth by a few points at most.
 */
const MIN_HIDING_SHARE = 0.5;

export interface OccluderOptions {
  readonly neighbourDistance: number;
  readonly verticalWeight: number;
  readonly sensor: readonly [number, number];
}

/**
 * The points of a cluster that belong to something standing in front of the clicked object: the
 * cluster's pieces (joined at plain distance, so apart by the separating gap) that stand on the
 * ground, between the sensor and the piece holding the seed, at its own azimuths. Reaching along
 * the line of sight joins a motorbike 0.3–0.5 m in front of a car's side to the car (and a car
 * parked nearer to the one behind it); the object's own pieces lie behind its nearest face, never
 * in front of it. Empty when the seed's piece does not stand on the ground (a click on a roof row,
 * whose own side stands in front of it). Indices into `points` (stride 3).
 */
export function occludersOf(
  points: PointArray,
  indices: Uint32Array,
  seedIndex: number,
  ground: GroundPlane | null,
  options: OccluderOptions,
  pieces: readonly Uint32Array[] = piecesOf(points, indices, options.neighbourDistance, options.verticalWeight),
): number[] {
  if (!ground || indices.length === 0 || pieces.length < 2) return [];
  const own = pieces.find((p) => p.includes(seedIndex));
  if (!own || !standsOnGround(points, own, ground)) return [];
  const [sx, sy] = options.sensor;
  const { lo, hi, azimuth, behind } = sightOfPiece(points, own, options.sensor);
  const out: number[] = [];
  for (const piece of pieces) {
    if (piece === own || !standsOnGround(points, piece, ground) || topOf(points, piece, ground) < OCCLUDER_TOP) continue;
    let hiding = 0;
    for (const i of piece) {
      const a = azimuth(i);
      if (a >= lo && a <= hi && Math.hypot(points[3 * i] - sx, points[3 * i + 1] - sy) <= behind(i) - NEARER_BY) hiding++;
    }
    if (hiding >= MIN_HIDING_POINTS && hiding >= MIN_HIDING_SHARE * piece.length) out.push(...piece);
  }
  return out;
}

/** A piece holding at most this share of the cluster's points can be a stray, not a part of the object. */
const STRAY_SHARE = 0.1;
/** A clicked piece of fewer points (a lone return at range) says too little of where the object is to leave anything out. */
const MIN_OWN_POINTS = 10;

/**
 * The points of a cluster's stray pieces in front of the clicked one: pieces (joined at plain
 * distance) holding at most STRAY_SHARE of its points that stand nearer the sensor, by NEARER_BY,
 * than the piece holding the seed (of MIN_OWN_POINTS or more): half of their points or more
 * nearer than it at their azimuths, or all of them nearer than any of its points and lower than
 * its lowest (the hood of the car in front, beside the roof clicked on). Reaching along the line
 * of sight joins such a piece through the points beside it (a person at a truck's side, the
 * corner of the car parked beside, seen at a slant), and it widens the object's seen extent or
 * turns its faces; the object's own pieces lie behind its nearest face or hold more of its points
 * (a car's rear below the roof row clicked on). Unlike occludersOf, it asks nothing of the ground:
 * the piece clicked on may be a roof whose body the thing in front hides. `pieces`: the cluster's,
 * when the caller has them. Indices into `points` (stride 3).
 */
export function strayPiecesInFront(
  points: PointArray,
  indices: Uint32Array,
  seedIndex: number,
  options: OccluderOptions,
  pieces: readonly Uint32Array[] = piecesOf(points, indices, options.neighbourDistance, options.verticalWeight),
): number[] {
  const own = pieces.find((p) => p.includes(seedIndex));
  if (!own || pieces.length < 2 || own.length < MIN_OWN_POINTS) return [];
  const [sx, sy] = options.sensor;
  const range = (i: number) => Math.hypot(points[3 * i] - sx, points[3 * i + 1] - sy);
  const { near, lo, hi, azimuth, behind } = sightOfPiece(points, own, options.sensor);
  let low = Infinity;
  for (const i of own) low = Math.min(low, points[3 * i + 2]);
  const out: number[] = [];
  for (const piece of pieces) {
    if (piece === own || piece.length > STRAY_SHARE * indices.length) continue;
    // In front of the clicked piece (nearer than it at the same azimuth), or beside it, nearer
    // than all of it and wholly below it: the near strips of a face seen at a slant, clicked at
    // its far end, lie beside it at the same heights.
    let before = 0;
    let nearer = true;
    let top = -Infinity;
    for (const i of piece) {
      const at = azimuth(i) >= lo && azimuth(i) <= hi;
      if (at && range(i) <= behind(i) - NEARER_BY) before++;
      nearer &&= range(i) < near - NEARER_BY;
      top = Math.max(top, points[3 * i + 2]);
    }
    if (before >= MIN_HIDING_SHARE * piece.length || (nearer && top < low)) out.push(...piece);
  }
  return out;
}

interface PieceSight {
  /** The piece's nearest range. */
  readonly near: number;
  /** Its azimuth span, from its own direction (so that none wraps round at ±π). */
  readonly lo: number;
  readonly hi: number;
  /** A point's azimuth on the same scale. */
  readonly azimuth: (i: number) => number;
  /** The piece's nearest range at a point's azimuth (bins BESIDE wide across the line of sight, and one either side). */
  readonly behind: (i: number) => number;
}

/** How the sensor sees a piece: its nearest range overall and per azimuth, and its azimuth span. */
function sightOfPiece(points: PointArray, piece: Uint32Array, sensor: readonly [number, number]): PieceSight {
  const [sx, sy] = sensor;
  let near = Infinity;
  let mx = 0;
  let my = 0;
  for (const i of piece) {
    near = Math.min(near, Math.hypot(points[3 * i] - sx, points[3 * i + 1] - sy));
    mx += points[3 * i] - sx;
    my += points[3 * i + 1] - sy;
  }
  const mid = Math.atan2(my, mx);
  const azimuth = (i: number) => wrap(Math.atan2(points[3 * i + 1] - sy, points[3 * i] - sx) - mid);
  const bin = Math.atan2(BESIDE, Math.max(near, 1));
  const nearestIn = new Map<number, number>();
  let lo = Infinity;
  let hi = -Infinity;
  for (const i of piece) {
    const a = azimuth(i);
    lo = Math.min(lo, a);
    hi = Math.max(hi, a);
    const b = Math.floor(a / bin);
    const r = Math.hypot(points[3 * i] - sx, points[3 * i + 1] - sy);
    if (!(r >= (nearestIn.get(b) ?? Infinity))) nearestIn.set(b, r);
  }
  const behind = (i: number): number => {
    const b = Math.floor(azimuth(i) / bin);
    let r = Infinity;
    for (const k of [b - 1, b, b + 1]) r = Math.min(r, nearestIn.get(k) ?? Infinity);
    return r;
  };
  return { near, lo, hi, azimuth, behind };
}

/** Height of the piece's highest point above the ground. */
function topOf(points: PointArray, piece: Uint32Array, ground: GroundPlane): number {
  let top = -Infinity;
  for (const i of piece) top = Math.max(top, points[3 * i + 2] - groundHeightAt(ground, points[3 * i], points[3 * i + 1]));
  return top;
}

function standsOnGround(points: PointArray, piece: Uint32Array, ground: GroundPlane): boolean {
  for (const i of piece) {
    if (points[3 * i + 2] - groundHeightAt(ground, points[3 * i], points[3 * i + 1]) <= STANDS_WITHIN) return true;
  }
  return false;
}

/** An angle difference into (-π, π]. */
function wrap(a: number): number {
  return a > Math.PI ? a - 2 * Math.PI : a <= -Math.PI ? a + 2 * Math.PI : a;
}
