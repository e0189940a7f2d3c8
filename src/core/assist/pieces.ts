import { fitsSomePrior, type ClassPrior } from './amodalBox';
import { GridHash } from './gridHash';
import { xyOf, type PointArray } from './points';

/**
 * The pieces of a cluster: its points joined only at plain distance (`neighbourDistance`, vertical
 * gaps weighted by `verticalWeight`), as lists of indices into `points` (stride 3). Objects with
 * the separating gap between them are always in different pieces; one object at range may be in
 * several (a side and its roof rows, a side cut by a pole's shadow).
 */
export function piecesOf(points: PointArray, indices: ArrayLike<number>, neighbourDistance: number, verticalWeight: number): Uint32Array[] {
  const m = indices.length;
  if (m === 0) return [];
  const ox = points[3 * indices[0]];
  const oy = points[3 * indices[0] + 1];
  const oz = points[3 * indices[0] + 2];
  const xyz = new Float64Array(3 * m);
  for (let k = 0; k < m; k++) {
    const i = indices[k];
    xyz[3 * k] = points[3 * i] - ox;
    xyz[3 * k + 1] = points[3 * i + 1] - oy;
    xyz[3 * k + 2] = (points[3 * i + 2] - oz) * verticalWeight;
  }
  const grid = new GridHash(xyz, m, neighbourDistance);
  const parent = new Int32Array(m);
  for (let k = 0; k < m; k++) parent[k] = k;
  const root = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k]];
    return k;
  };
  const d2max = neighbourDistance * neighbourDistance;
  for (let p = 0; p < m; p++) {
    const ix = grid.cellIndex(xyz[3 * p]);
    const iy = grid.cellIndex(xyz[3 * p + 1]);
    const iz = grid.cellIndex(xyz[3 * p + 2]);
    for (let cx = ix - 1; cx <= ix + 1; cx++) {
      for (let cy = iy - 1; cy <= iy + 1; cy++) {
        for (let cz = iz - 1; cz <= iz + 1; cz++) {
          const b = grid.bucket(cx, cy, cz);
          for (let e = grid.start[b]; e < grid.start[b + 1]; e++) {
            const q = grid.entries[e];
            if (q <= p) continue;
            const dx = xyz[3 * q] - xyz[3 * p];
            const dy = xyz[3 * q + 1] - xyz[3 * p + 1];
            const dz = xyz[3 * q + 2] - xyz[3 * p + 2];
            if (dx * dx + dy * dy + dz * dz > d2max) continue;
            const a = root(p);
            const c = root(q);
            if (a !== c) parent[a] = c;
          }
        }
      }
    }
  }
  const slot = new Map<number, number[]>();
  for (let k = 0; k < m; k++) {
    const r = root(k);
    let list = slot.get(r);
    if (!list) slot.set(r, (list = []));
    list.push(indices[k]);
  }
  return [...slot.values()].map((list) => Uint32Array.from(list));
}

/**
 * The object grown from `start` (indices of points known to be its own) by whole pieces, nearest
 * first, each taken when the object with it still fits the class (its footprint within some
 * prior's, as fitsSomePrior measures it). A neighbour beside the object or behind it makes it
 * wider or longer than its class and stays out; the object's own far pieces (the rest of a side
 * cut by a pole's shadow, roof rows a scan at range leaves apart) come in. Indices into `points`
 * (stride 3), ascending.
 */
export function growByPieces(
  points: PointArray,
  start: Uint32Array,
  pieces: readonly Uint32Array[],
  priors: readonly ClassPrior[],
  sensor: readonly [number, number] = [0, 0],
): Uint32Array {
  const distance = pieces.map((piece) => horizontalGap(points, start, piece));
  const order = pieces.map((_, k) => k);
  order.sort((a, b) => distance[a] - distance[b]);
  const front = sightOf(points, start, sensor);
  let members: number[] = [...start];
  for (const k of order) {
    if (standsInFront(points, pieces[k], sensor, front)) continue;
    const joined = members.concat([...pieces[k]]);
    if (fitsIndices(points, joined, priors)) members = joined;
  }
  return Uint32Array.from(members).sort();
}

/** How the object is seen: the middle of its azimuths, their half-span, its nearest range. */
interface Sight {
  readonly mid: number;
  readonly half: number;
  readonly near: number;
}

function sightOf(points: PointArray, indices: Uint32Array, sensor: readonly [number, number]): Sight {
  let sx = 0;
  let sy = 0;
  for (const i of indices) {
    sx += points[3 * i] - sensor[0];
    sy += points[3 * i + 1] - sensor[1];
  }
  const mid = Math.atan2(sy, sx);
  let half = 0;
  let near = Infinity;
  for (const i of indices) {
    const x = points[3 * i] - sensor[0];
    const y = points[3 * i + 1] - sensor[1];
    half = Math.max(half, Math.abs(wrap(Math.atan2(y, x) - mid)));
    near = Math.min(near, Math.hypot(x, y));
  }
  return { mid, half, near };
}

/** A piece this much nearer the sensor than the object, in the object's sector, stands in front of it. */
const IN_FRONT = 0.3;

/**
 * Whether the piece stands between the sensor and the object: within the object's sector and
 * nearer than any of its points. A scan sees an object's nearest faces, so nothing of its own lies
 * in front of them; what does is a neighbour that hides part of it (a car parked nearer, in line).
 */
function standsInFront(points: PointArray, piece: Uint32Array, sensor: readonly [number, number], object: Sight): boolean {
  for (const i of piece) {
    const x = points[3 * i] - sensor[0];
    const y = points[3 * i + 1] - sensor[1];
    if (Math.abs(wrap(Math.atan2(y, x) - object.mid)) <= object.half && Math.hypot(x, y) < object.near - IN_FRONT) return true;
  }
  return false;
}

/** An angle difference into (-π, π]. */
function wrap(a: number): number {
  return a > Math.PI ? a - 2 * Math.PI : a <= -Math.PI ? a + 2 * Math.PI : a;
}

/**
 * A piece comes in only when the object stays about its class's size: the slack that tells a
 * cluster holding two objects is too wide for this, where pieces of a neighbour lie within a few
 * tenths of a metre of the object's own.
 */
const PIECE_SLACK = 0.05;
const PIECE_WIDTH_SLACK = 0;

function fitsIndices(points: PointArray, indices: readonly number[], priors: readonly ClassPrior[]): boolean {
  return fitsSomePrior(xyOf(points, indices), indices.length, priors, PIECE_SLACK, PIECE_WIDTH_SLACK);
}

/** The least horizontal distance between a point of `a` and a point of `b`. */
function horizontalGap(points: PointArray, a: Uint32Array, b: Uint32Array): number {
  // Pieces hold up to a few thousand points: compare against a thinned `a` (every point of a
  // small piece, evenly spread ones of a large) to keep this linear-ish; the order only needs
  // to be roughly right.
  const stepA = Math.max(1, Math.floor(a.length / 200));
  const stepB = Math.max(1, Math.floor(b.length / 200));
  let best = Infinity;
  for (let s = 0; s < a.length; s += stepA) {
    const ax = points[3 * a[s]];
    const ay = points[3 * a[s] + 1];
    for (let t = 0; t < b.length; t += stepB) {
      const d = (points[3 * b[t]] - ax) ** 2 + (points[3 * b[t] + 1] - ay) ** 2;
      if (d < best) best = d;
    }
  }
  return Math.sqrt(best);
}
