import { visitPointsInCuboid } from '../assist/countPoints';
import { pointCountOf, type PointArray } from '../assist/points';
import type { Cuboid } from '../geometry/cuboid';
import type { Vec3 } from '../geometry/vec3';
import { PolygonMask } from './polygonMask';
import { VoxelIndex, VOXEL_COORDINATE_LIMIT } from './voxelIndex';

export { insidePolygon } from './polygonMask';

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

/**
 * A lasso or polygon through the 3D view's camera: every point in front of the camera whose
 * projection falls inside `polygon` (normalised device coordinates, x0, y0, x1, y1, …), through
 * all depths, as a lasso in a 3D view selects. `viewProjection` is the 4×4 matrix, column-major
 * (three.js's `elements` order).
 */
export function selectInViewPolygon(points: PointArray, stride: number, viewProjection: ArrayLike<number>, polygon: ArrayLike<number>): Uint32Array {
  if (polygon.length < 6) return new Uint32Array(0);
  const m = viewProjection;
  const mask = new PolygonMask(polygon);
  const { x0, y0, x1, y1 } = mask;
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
    if (mask.contains(u, v)) out.push(i);
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
  const mask = new PolygonMask(polygon);
  const n = pointCountOf(points, stride);
  const out = new Indices();
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    const p = project(points[o], points[o + 1], points[o + 2]);
    if (p && mask.contains(p[0], p[1])) out.push(i);
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
 * Region growing from a clicked point: the points reachable from it in steps no longer than
 * `radius`, an object separated from its neighbours by a gap wider than the radius coming out
 * alone. It grows voxel by voxel, not point by point: voxels are radius/√3 across, so any two
 * points of one voxel are within reach of each other and a voxel joins whole as soon as one of
 * its points is reached. On dense ground that is a few point pairs per voxel instead of every
 * point against every neighbour (15 s for a click on a 10M-point street before, see bench/segmentation).
 */
export function regionGrow(points: PointArray, stride: number, seed: number, options: RegionGrowOptions = {}): { indices: Uint32Array; truncated: boolean } {
  const n = pointCountOf(points, stride);
  if (!(seed >= 0 && seed < n)) throw new Error(`seed point ${seed} is not in the scan's ${n} points`);
  const radius = options.radius ?? 0.3;
  if (!(radius > 0)) throw new Error(`region growing needs a positive radius, got ${radius}`);
  const reach = options.maxExtent ?? 30;
  // Most clicks are on an object a few metres across: index a small box around the seed first,
  // and widen it only when the region reached its edge.
  for (let extent = Math.min(reach, Math.max(4, 8 * radius)); ; extent = Math.min(reach, extent * 2)) {
    const grown = growWithin(points, stride, seed, radius, extent, options);
    if (grown.truncated || !grown.atEdge || extent >= reach) return { indices: grown.indices, truncated: grown.truncated };
  }
}

/** Region growing over the points within `extent` of the seed along each axis; `atEdge` when the region came within a step of that box's faces. */
function growWithin(points: PointArray, stride: number, seed: number, radius: number, extent: number, options: RegionGrowOptions): { indices: Uint32Array; truncated: boolean; atEdge: boolean } {
  const n = pointCountOf(points, stride);
  const maxPoints = options.maxPoints ?? 200_000;
  const labels = options.labels;
  const locked = options.locked && labels ? options.locked : null;
  const ox = points[seed * stride];
  const oy = points[seed * stride + 1];
  const oz = points[seed * stride + 2];
  // Voxels a hair under radius/√3, so a voxel's diagonal never exceeds the radius in floating point;
  // no finer than the table's coordinate range allows over the extent.
  const size = Math.max((radius / Math.sqrt(3)) * (1 - 1e-9), (2 * extent) / (VOXEL_COORDINATE_LIMIT - 2));
  // Only points within the extent, and not locked, are indexed: a 10M-point scan is not copied whole.
  const slotList = new Indices();
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    if (i !== seed) {
      if (!(Math.abs(points[o] - ox) <= extent && Math.abs(points[o + 1] - oy) <= extent && Math.abs(points[o + 2] - oz) <= extent)) continue;
      if (locked && locked.has(labels![i] & 0xffff)) continue;
    }
    slotList.push(i);
  }
  const slots = slotList.done();
  const count = slots.length;
  const xyz = new Float64Array(3 * count);
  for (let s = 0; s < count; s++) {
    const o = slots[s] * stride;
    xyz[3 * s] = points[o] - ox;
    xyz[3 * s + 1] = points[o + 1] - oy;
    xyz[3 * s + 2] = points[o + 2] - oz;
  }
  const voxels = new VoxelIndex(xyz, count, size);
  const seedVoxel = voxels.voxelOfPoint(0, 0, 0);
  if (seedVoxel < 0) throw new Error(`seed point ${seed} has no finite position`);
  const offsets = neighbourOffsets(size, radius);
  const { start, members, coords } = voxels;
  const r2 = radius * radius;
  // Whether some point of voxel a is within the radius of some point of voxel b.
  const touches = (a: number, b: number): boolean => {
    for (let p = start[a]; p < start[a + 1]; p++) {
      const s = members[p];
      const sx = xyz[3 * s];
      const sy = xyz[3 * s + 1];
      const sz = xyz[3 * s + 2];
      for (let q = start[b]; q < start[b + 1]; q++) {
        const t = members[q];
        const dx = xyz[3 * t] - sx;
        const dy = xyz[3 * t + 1] - sy;
        const dz = xyz[3 * t + 2] - sz;
        if (dx * dx + dy * dy + dz * dz <= r2) return true;
      }
    }
    return false;
  };
  const taken = new Uint8Array(voxels.voxelCount);
  const queue = new Int32Array(voxels.voxelCount);
  let head = 0;
  let tail = 0;
  const out = new Indices();
  let truncated = false;
  // The seed's own voxel: the seed first, so a cap of one point still holds the point clicked.
  const take = (v: number): boolean => {
    taken[v] = 1;
    queue[tail++] = v;
    for (let p = start[v]; p < start[v + 1]; p++) {
      if (out.length >= maxPoints) return false;
      out.push(slots[members[p]]);
    }
    return true;
  };
  if (maxPoints >= 1) out.push(seed);
  taken[seedVoxel] = 1;
  queue[tail++] = seedVoxel;
  for (let p = start[seedVoxel]; p < start[seedVoxel + 1] && !truncated; p++) {
    const i = slots[members[p]];
    if (i === seed) continue;
    if (out.length >= maxPoints) truncated = true;
    else out.push(i);
  }
  grow: while (head < tail && !truncated) {
    const v = queue[head++];
    const ix = coords[3 * v];
    const iy = coords[3 * v + 1];
    const iz = coords[3 * v + 2];
    for (let k = 0; k < offsets.length; k += 3) {
      const w = voxels.find(ix + offsets[k], iy + offsets[k + 1], iz + offsets[k + 2]);
      if (w < 0 || taken[w] || !touches(v, w)) continue;
      if (!take(w)) {
        truncated = true;
        break grow;
      }
    }
  }
  // Within a step of the box's faces, the region may go on beyond them.
  const edge = (extent - radius) / size;
  let atEdge = false;
  for (let q = 0; q < tail && !atEdge; q++) {
    const v = queue[q];
    for (let k = 0; k < 3; k++) if (Math.abs(coords[3 * v + k]) + 1 >= edge) atEdge = true;
  }
  const indices = out.done();
  indices.sort();
  return { indices, truncated, atEdge };
}


/** Voxel offsets (dx, dy, dz triples) whose nearest corners lie within `radius` of a voxel of `size`. */
function neighbourOffsets(size: number, radius: number): Int32Array {
  const span = Math.ceil(radius / size);
  const out: number[] = [];
  const gap = (d: number) => Math.max(0, Math.abs(d) - 1) * size;
  for (let a = -span; a <= span; a++)
    for (let b = -span; b <= span; b++)
      for (let c = -span; c <= span; c++) {
        if (a === 0 && b === 0 && c === 0) continue;
        if (gap(a) ** 2 + gap(b) ** 2 + gap(c) ** 2 <= radius * radius) out.push(a, b, c);
      }
  return Int32Array.from(out);
}
