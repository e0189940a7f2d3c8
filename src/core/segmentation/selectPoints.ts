import { visitPointsInCuboid } from '../assist/countPoints';
import { GridHash } from '../assist/gridHash';
import { pointCountOf, type PointArray } from '../assist/points';
import type { Cuboid } from '../geometry/cuboid';
import type { Vec3 } from '../geometry/vec3';

/**
 * Point selections for the segmentation tools, each the selected indices in increasing order (what
 * a label patch takes). Pure and allocation-light, so a worker runs them on a 10M-point scan.
 */

/** Growable index list: a selection's size is not known until the scan has been read. */
class Indices {
  private data = new Uint32Array(1024);
  length = 0;
  push(i: number) {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = i;
  }
  done(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}

/** "All points in this box" (faces included, grown by `margin`). */
export function selectInCuboid(points: PointArray, stride: number, cuboid: Cuboid, margin = 0): Uint32Array {
  const out = new Indices();
  visitPointsInCuboid(points, stride, cuboid, margin, (i) => out.push(i));
  return out.done();
}

/** A spherical brush of `radius` around `centre`. */
export function selectInSphere(points: PointArray, stride: number, centre: Vec3, radius: number): Uint32Array {
  const n = pointCountOf(points, stride);
  const r2 = radius * radius;
  const out = new Indices();
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    const dx = points[o] - centre[0];
    const dy = points[o + 1] - centre[1];
    const dz = points[o + 2] - centre[2];
    if (dx * dx + dy * dy + dz * dz <= r2) out.push(i);
  }
  return out.done();
}

/** An upright cylindrical brush: within `radius` of `centre` horizontally, between `zMin` and `zMax`. */
export function selectInCylinder(points: PointArray, stride: number, centre: Vec3, radius: number, zMin = -Infinity, zMax = Infinity): Uint32Array {
  const n = pointCountOf(points, stride);
  const r2 = radius * radius;
  const out = new Indices();
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    const z = points[o + 2];
    if (!(z >= zMin && z <= zMax)) continue;
    const dx = points[o] - centre[0];
    const dy = points[o + 1] - centre[1];
    if (dx * dx + dy * dy <= r2) out.push(i);
  }
  return out.done();
}

/** Whether (x, y) is inside the polygon (even-odd rule); `xy` holds the vertices as x0, y0, x1, y1, … */
export function insidePolygon(xy: ArrayLike<number>, x: number, y: number): boolean {
  let inside = false;
  const n = xy.length / 2;
  for (let a = 0, b = n - 1; a < n; b = a++) {
    const ya = xy[2 * a + 1];
    const yb = xy[2 * b + 1];
    if (ya > y !== yb > y && x < ((xy[2 * b] - xy[2 * a]) * (y - ya)) / (yb - ya) + xy[2 * a]) inside = !inside;
  }
  return inside;
}

function bounds(xy: ArrayLike<number>): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let k = 0; k < xy.length; k += 2) {
    x0 = Math.min(x0, xy[k]);
    x1 = Math.max(x1, xy[k]);
    y0 = Math.min(y0, xy[k + 1]);
    y1 = Math.max(y1, xy[k + 1]);
  }
  return [x0, y0, x1, y1];
}

/**
 * A lasso or polygon through the 3D view's camera: every point in front of the camera whose
 * projection falls inside `polygon` (normalised device coordinates, x0, y0, x1, y1, …), through
 * all depths, as a lasso in a 3D view selects. `viewProjection` is the 4×4 matrix, column-major
 * (three.js's `elements` order).
 */
export function selectInViewPolygon(points: PointArray, stride: number, viewProjection: ArrayLike<number>, polygon: ArrayLike<number>): Uint32Array {
  if (polygon.length < 6) return new Uint32Array(0);
  const m = viewProjection;
  const [x0, y0, x1, y1] = bounds(polygon);
  const n = pointCountOf(points, stride);
  const out = new Indices();
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    const x = points[o];
    const y = points[o + 1];
    const z = points[o + 2];
    const w = m[3] * x + m[7] * y + m[11] * z + m[15];
    if (!(w > 0)) continue;
    const u = (m[0] * x + m[4] * y + m[8] * z + m[12]) / w;
    const v = (m[1] * x + m[5] * y + m[9] * z + m[13]) / w;
    if (u < x0 || u > x1 || v < y0 || v > y1) continue;
    if (insidePolygon(polygon, u, v)) out.push(i);
  }
  return out.done();
}

/**
 * A lasso through a camera image: every point the camera model projects (distortion included)
 * inside `polygon` (image pixels). `project` answers null for points behind the camera or off
 * its lens model (the scene's camera projection supplies it).
 */
export function selectInImagePolygon(points: PointArray, stride: number, project: (x: number, y: number, z: number) => readonly [number, number] | null, polygon: ArrayLike<number>): Uint32Array {
  if (polygon.length < 6) return new Uint32Array(0);
  const [x0, y0, x1, y1] = bounds(polygon);
  const n = pointCountOf(points, stride);
  const out = new Indices();
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    const p = project(points[o], points[o + 1], points[o + 2]);
    if (!p || p[0] < x0 || p[0] > x1 || p[1] < y0 || p[1] > y1) continue;
    if (insidePolygon(polygon, p[0], p[1])) out.push(i);
  }
  return out.done();
}

export interface RegionGrowOptions {
  /** Points closer than this join the region (metres). Default 0.3. */
  readonly radius?: number;
  /** Stop after this many points (a click on the ground would otherwise take the whole scan). Default 200,000. */
  readonly maxPoints?: number;
  /** The region stays within this many metres of the seed along each axis (no object is larger). Default 30. */
  readonly maxExtent?: number;
  /** Points whose semantic class is in this set never join (already labelled classes the user locked). */
  readonly locked?: ReadonlySet<number>;
  /** The frame's labels, read for `locked`. */
  readonly labels?: Uint32Array;
}

/**
 * Region growing from a clicked point: the points reachable from it in steps shorter than
 * `radius` (breadth first over a grid hash), an object separated from its neighbours by a gap
 * wider than the radius coming out alone.
 */
export function regionGrow(points: PointArray, stride: number, seed: number, options: RegionGrowOptions = {}): { indices: Uint32Array; truncated: boolean } {
  const n = pointCountOf(points, stride);
  if (!(seed >= 0 && seed < n)) throw new Error(`seed point ${seed} is not in the scan's ${n} points`);
  const radius = options.radius ?? 0.3;
  const maxPoints = options.maxPoints ?? 200_000;
  const locked = options.locked && options.labels ? options.locked : null;
  const ox = points[seed * stride];
  const oy = points[seed * stride + 1];
  const oz = points[seed * stride + 2];
  // Only the points within maxExtent of the seed are hashed: a 10M-point scan is not copied whole.
  const reach = options.maxExtent ?? 30;
  const near = (o: number) => {
    const dx = points[o] - ox;
    const dy = points[o + 1] - oy;
    const dz = points[o + 2] - oz;
    return Math.abs(dx) <= reach && Math.abs(dy) <= reach && Math.abs(dz) <= reach;
  };
  let count = 0;
  for (let i = 0, o = 0; i < n; i++, o += stride) if (near(o)) count++;
  const slots = new Uint32Array(count);
  const xyz = new Float64Array(3 * count);
  let seedSlot = -1;
  for (let i = 0, o = 0, s = 0; i < n; i++, o += stride) {
    if (!near(o)) continue;
    slots[s] = i;
    xyz[3 * s] = points[o] - ox;
    xyz[3 * s + 1] = points[o + 1] - oy;
    xyz[3 * s + 2] = points[o + 2] - oz;
    if (i === seed) seedSlot = s;
    s++;
  }
  if (seedSlot < 0) throw new Error(`seed point ${seed} has no finite position`);
  const grid = new GridHash(xyz, count, radius);
  // Untaken points per bucket: a dense region's buckets empty quickly and are then skipped whole.
  const bucketOf = new Int32Array(count);
  const left = new Int32Array(grid.start.length - 1);
  for (let s = 0; s < count; s++) {
    bucketOf[s] = grid.bucketAt(xyz[3 * s], xyz[3 * s + 1], xyz[3 * s + 2]);
    left[bucketOf[s]]++;
  }
  const taken = new Uint8Array(count);
  const queue = new Int32Array(Math.min(count, maxPoints));
  let head = 0;
  let tail = 0;
  const r2 = radius * radius;
  const take = (t: number) => {
    taken[t] = 1;
    left[bucketOf[t]]--;
    queue[tail++] = t;
  };
  take(seedSlot);
  let truncated = false;
  grow: while (head < tail) {
    const s = queue[head++];
    const sx = xyz[3 * s];
    const sy = xyz[3 * s + 1];
    const sz = xyz[3 * s + 2];
    const ix = grid.cellIndex(sx);
    const iy = grid.cellIndex(sy);
    const iz = grid.cellIndex(sz);
    for (let a = -1; a <= 1; a++) {
      for (let b = -1; b <= 1; b++) {
        for (let c = -1; c <= 1; c++) {
          const bucket = grid.bucket(ix + a, iy + b, iz + c);
          if (left[bucket] === 0) continue;
          for (let e = grid.start[bucket]; e < grid.start[bucket + 1]; e++) {
            const t = grid.entries[e];
            if (taken[t]) continue;
            const dx = xyz[3 * t] - sx;
            const dy = xyz[3 * t + 1] - sy;
            const dz = xyz[3 * t + 2] - sz;
            if (dx * dx + dy * dy + dz * dz > r2) continue;
            if (locked && locked.has(options.labels![slots[t]] & 0xffff)) continue;
            if (tail >= maxPoints) {
              truncated = true;
              break grow;
            }
            take(t);
          }
        }
      }
    }
  }
  const indices = new Uint32Array(tail);
  for (let k = 0; k < tail; k++) indices[k] = slots[queue[k]];
  indices.sort();
  return { indices, truncated };
}
