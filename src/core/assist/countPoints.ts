import type { Cuboid } from '../geometry/cuboid';
import { quatNormalize } from '../geometry/quaternion';
import { pointCountOf, type PointArray } from './points';

/**
 * How many points lie inside the cuboid (faces included, grown by `margin` on every side).
 * Each point is moved into the box's axes with one precomputed rotation matrix; nothing is
 * allocated per point. Non-finite points are never inside.
 */
export function countPointsInCuboid(points: PointArray, stride: number, cuboid: Cuboid, margin = 0): number {
  let count = 0;
  visitPointsInCuboid(points, stride, cuboid, margin, () => count++);
  return count;
}

/** Calls `visit` with the index of each point inside the cuboid (as countPointsInCuboid counts them), in increasing order. */
export function visitPointsInCuboid(points: PointArray, stride: number, cuboid: Cuboid, margin: number, visit: (index: number) => void): void {
  const n = pointCountOf(points, stride);
  // Locals, not the test's fields, in the loop: it runs once per point of the sweep.
  const { cx, cy, cz, r00, r01, r02, r10, r11, r12, r20, r21, r22, hx, hy, hz, bx, by, bz } = cuboidTest(cuboid, margin);
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    const dx = points[o] - cx;
    const dy = points[o + 1] - cy;
    const dz = points[o + 2] - cz;
    if (!(dx <= bx && dx >= -bx && dy <= by && dy >= -by && dz <= bz && dz >= -bz)) continue;
    const lx = r00 * dx + r01 * dy + r02 * dz;
    const ly = r10 * dx + r11 * dy + r12 * dz;
    const lz = r20 * dx + r21 * dy + r22 * dz;
    if (lx <= hx && lx >= -hx && ly <= hy && ly >= -hy && lz <= hz && lz >= -hz) visit(i);
  }
}

/** What the inside test needs of a box, worked out once per box. */
interface CuboidTest {
  readonly cx: number;
  readonly cy: number;
  readonly cz: number;
  /** Rows of R^T (world -> box), R the rotation of the unit quaternion. */
  readonly r00: number;
  readonly r01: number;
  readonly r02: number;
  readonly r10: number;
  readonly r11: number;
  readonly r12: number;
  readonly r20: number;
  readonly r21: number;
  readonly r22: number;
  /** The half sizes, grown by the margin. */
  readonly hx: number;
  readonly hy: number;
  readonly hz: number;
  /** The box's world-axis bounding half-extents, for a cheap rejection first. */
  readonly bx: number;
  readonly by: number;
  readonly bz: number;
}

function cuboidTest(cuboid: Cuboid, margin: number): CuboidTest {
  const [qx, qy, qz, qw] = quatNormalize(cuboid.rotation);
  const r00 = 1 - 2 * (qy * qy + qz * qz);
  const r01 = 2 * (qx * qy + qz * qw);
  const r02 = 2 * (qx * qz - qy * qw);
  const r10 = 2 * (qx * qy - qz * qw);
  const r11 = 1 - 2 * (qx * qx + qz * qz);
  const r12 = 2 * (qy * qz + qx * qw);
  const r20 = 2 * (qx * qz + qy * qw);
  const r21 = 2 * (qy * qz - qx * qw);
  const r22 = 1 - 2 * (qx * qx + qy * qy);
  const [cx, cy, cz] = cuboid.center;
  const hx = cuboid.size[0] / 2 + margin;
  const hy = cuboid.size[1] / 2 + margin;
  const hz = cuboid.size[2] / 2 + margin;
  const bx = Math.abs(r00) * hx + Math.abs(r10) * hy + Math.abs(r20) * hz;
  const by = Math.abs(r01) * hx + Math.abs(r11) * hy + Math.abs(r21) * hz;
  const bz = Math.abs(r02) * hx + Math.abs(r12) * hy + Math.abs(r22) * hz;
  return { cx, cy, cz, r00, r01, r02, r10, r11, r12, r20, r21, r22, hx, hy, hz, bx, by, bz };
}

/**
 * A sweep's points bucketed into vertical columns on a square x-y grid (a counting sort, no
 * per-point allocation), so that the points of many boxes are found by walking only the columns
 * under each box: 1,000 boxes over a sweep tested every point against every box.
 */
export interface PointColumns {
  readonly points: PointArray;
  readonly stride: number;
  readonly x0: number;
  readonly y0: number;
  readonly cell: number;
  readonly nx: number;
  readonly ny: number;
  /** Column c holds order[starts[c] .. starts[c + 1]). */
  readonly starts: Uint32Array;
  /** Point indices grouped by column, increasing within a column. */
  readonly order: Uint32Array;
}

/** About this many points a column on average: fewer columns cost more tests, more cost more columns walked. */
const POINTS_PER_COLUMN = 8;
const MAX_COLUMNS_PER_SIDE = 1024;

/** The columns over a sweep. Points with a non-finite x or y are in none (they are inside no box). */
export function pointColumns(points: PointArray, stride: number): PointColumns {
  const n = pointCountOf(points, stride);
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  let finite = 0;
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    const x = points[o];
    const y = points[o + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    finite++;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  const side = Math.max(1, Math.min(MAX_COLUMNS_PER_SIDE, Math.ceil(Math.sqrt(finite / POINTS_PER_COLUMN))));
  const extent = finite > 0 ? Math.max(x1 - x0, y1 - y0) : 0;
  const cell = extent > 0 ? extent / side : 1;
  const nx = finite > 0 ? Math.min(side, Math.floor((x1 - x0) / cell) + 1) : 1;
  const ny = finite > 0 ? Math.min(side, Math.floor((y1 - y0) / cell) + 1) : 1;
  const column = (x: number, y: number) => Math.min(nx - 1, Math.floor((x - x0) / cell)) + nx * Math.min(ny - 1, Math.floor((y - y0) / cell));
  const starts = new Uint32Array(nx * ny + 1);
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    if (Number.isFinite(points[o]) && Number.isFinite(points[o + 1])) starts[column(points[o], points[o + 1]) + 1]++;
  }
  for (let c = 0; c < nx * ny; c++) starts[c + 1] += starts[c];
  const fill = starts.slice(0, nx * ny);
  const order = new Uint32Array(finite);
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    if (Number.isFinite(points[o]) && Number.isFinite(points[o + 1])) order[fill[column(points[o], points[o + 1])]++] = i;
  }
  return { points, stride, x0: finite > 0 ? x0 : 0, y0: finite > 0 ? y0 : 0, cell, nx, ny, starts, order };
}

/**
 * Calls `visit` with the index of each point inside the cuboid, exactly the points
 * visitPointsInCuboid visits (the same test), but column by column: increasing within a column,
 * not overall. Only the columns under the box's x-y extent are walked.
 */
export function visitPointsInCuboidByColumns(columns: PointColumns, cuboid: Cuboid, margin: number, visit: (index: number) => void): void {
  const { points, stride, x0, y0, cell, nx, ny, starts, order } = columns;
  const { cx, cy, cz, r00, r01, r02, r10, r11, r12, r20, r21, r22, hx, hy, hz, bx, by, bz } = cuboidTest(cuboid, margin);
  // A point the test keeps lies within the box's bounding extents up to rounding: widened by a
  // millimetre so no column holding one is skipped.
  const pad = 1e-3;
  const u0 = Math.max(0, Math.floor((cx - bx - pad - x0) / cell));
  const u1 = Math.min(nx - 1, Math.floor((cx + bx + pad - x0) / cell));
  const v0 = Math.max(0, Math.floor((cy - by - pad - y0) / cell));
  const v1 = Math.min(ny - 1, Math.floor((cy + by + pad - y0) / cell));
  // Also false for a box with a non-finite centre or size, which holds no point.
  if (!(u0 <= u1 && v0 <= v1)) return;
  for (let v = v0; v <= v1; v++) {
    for (let k = starts[v * nx + u0], end = starts[v * nx + u1 + 1]; k < end; k++) {
      const i = order[k];
      const o = i * stride;
      // The same test as visitPointsInCuboid's, so the two agree point for point.
      const dx = points[o] - cx;
      const dy = points[o + 1] - cy;
      const dz = points[o + 2] - cz;
      if (!(dx <= bx && dx >= -bx && dy <= by && dy >= -by && dz <= bz && dz >= -bz)) continue;
      const lx = r00 * dx + r01 * dy + r02 * dz;
      const ly = r10 * dx + r11 * dy + r12 * dz;
      const lz = r20 * dx + r21 * dy + r22 * dz;
      if (lx <= hx && lx >= -hx && ly <= hy && ly >= -hy && lz <= hz && lz >= -hz) visit(i);
    }
  }
}
