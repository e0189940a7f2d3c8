import { fitGroundPlane, groundHeightAt, pointCountOf, type PointArray } from '../../assist';
import { definedOnly } from './definedOnly';

/**
 * A ground surface estimated patch by patch over a whole sweep: a height per grid cell, so that a
 * road that rises, falls or crowns is followed where one plane would cut into it or float above it.
 */
export interface GroundSurface {
  readonly cellSize: number;
  /** World x, y of cell (0, 0)'s lower corner. */
  readonly originX: number;
  readonly originY: number;
  readonly columns: number;
  readonly rows: number;
  /** Ground height per cell (row-major, row = y); every cell has one (cells without ground take the nearest ground cell's). */
  readonly heights: Float64Array;
  /** Per cell: 1 where the cell's own low points were accepted as ground. */
  readonly measured: Uint8Array;
}

export interface GroundSurfaceOptions {
  /** Side of a cell. Default 1 m. */
  readonly cellSize?: number;
  /** Cells whose low point lies within this of the sweep's ground plane start the growth. Default 0.3 m. */
  readonly seedBand?: number;
  /** Largest rise from one ground cell to its neighbour (a kerb passes, a car's sill does not). Default 0.2 m. */
  readonly maxStep?: number;
  /** The grid is coarsened until it has at most this many cells along a side. Default 1024. */
  readonly maxCellsPerSide?: number;
}

export const GROUND_SURFACE_DEFAULTS = { cellSize: 1, seedBand: 0.3, maxStep: 0.2, maxCellsPerSide: 1024 } as const;

/** Points this far above a cell's low point count towards its ground height. */
const REFINE_BAND = 0.15;
/** Radius of the disc the whole sweep's reference plane is fitted in. */
const PLANE_RADIUS = 80;

/**
 * The ground under a sweep. Each cell's low point (its second-lowest return, so that one stray
 * return below the road does not set it) is a ground candidate, since objects stand on the ground.
 * A plane over the whole sweep (the assist's fitGroundPlane) names the cells surely on the ground:
 * those within `seedBand` of it. From them the ground grows cell to neighbour while the low point
 * rises by at most `maxStep`: a hill is followed step by step, while a cell holding only a car's
 * roof or side (its low point a sill's height or more above the road next to it) is never
 * reached. Cells never reached, or empty (shadows), take the height of the nearest ground cell.
 * Heights are then averaged over each ground cell's 3×3 ground neighbours, which evens out noise.
 * Null when the sweep has no finite point.
 */
export function estimateGroundSurface(points: PointArray, stride: number, options: GroundSurfaceOptions = {}): GroundSurface | null {
  const n = pointCountOf(points, stride);
  const o = { ...GROUND_SURFACE_DEFAULTS, ...definedOnly(options) };
  if (!(o.cellSize > 0) || !(o.maxStep >= 0) || !(o.seedBand >= 0)) throw new Error('ground cellSize must be positive, maxStep and seedBand not negative');
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0, off = 0; i < n; i++, off += stride) {
    const x = points[off];
    const y = points[off + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(points[off + 2])) continue;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (minX === Infinity) return null;
  const cell = Math.max(o.cellSize, (maxX - minX) / o.maxCellsPerSide, (maxY - minY) / o.maxCellsPerSide);
  const columns = Math.floor((maxX - minX) / cell) + 1;
  const rows = Math.floor((maxY - minY) / cell) + 1;
  const cells = columns * rows;
  const inv = 1 / cell;

  // Lowest and second-lowest z per cell.
  const low1 = new Float64Array(cells).fill(Infinity);
  const low2 = new Float64Array(cells).fill(Infinity);
  for (let i = 0, off = 0; i < n; i++, off += stride) {
    const z = points[off + 2];
    if (!Number.isFinite(z)) continue;
    const x = points[off];
    const y = points[off + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const k = Math.floor((y - minY) * inv) * columns + Math.floor((x - minX) * inv);
    if (z < low1[k]) {
      low2[k] = low1[k];
      low1[k] = z;
    } else if (z < low2[k]) low2[k] = z;
  }
  const low = low2;
  for (let k = 0; k < cells; k++) if (low[k] === Infinity) low[k] = low1[k];

  const measured = new Uint8Array(cells);
  const queue = new Int32Array(cells);
  let tail = 0;
  const plane = fitGroundPlane(points, stride, [0, 0, 0], PLANE_RADIUS);
  for (let k = 0; k < cells; k++) {
    if (low[k] === Infinity) continue;
    const x = minX + ((k % columns) + 0.5) * cell;
    const y = minY + (Math.floor(k / columns) + 0.5) * cell;
    // Without a plane (too few points for one) every cell's low point is a seed.
    if (!plane || Math.abs(low[k] - groundHeightAt(plane, x, y)) <= o.seedBand) {
      measured[k] = 1;
      queue[tail++] = k;
    }
  }
  spread(queue, tail, columns, rows, (k, m) => {
    if (measured[m] || low[m] === Infinity || Math.abs(low[m] - low[k]) > o.maxStep) return false;
    measured[m] = 1;
    return true;
  });

  // A cell's low point lies at its downhill edge and below the noise: its ground is the mean of its
  // points near that low point instead (on a 10 % slope the low point alone read 5 cm low).
  const sum = new Float64Array(cells);
  const count = new Int32Array(cells);
  for (let i = 0, off = 0; i < n; i++, off += stride) {
    const x = points[off];
    const y = points[off + 1];
    const z = points[off + 2];
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) continue;
    const k = Math.floor((y - minY) * inv) * columns + Math.floor((x - minX) * inv);
    if (!measured[k] || z - low[k] > REFINE_BAND) continue;
    sum[k] += z;
    count[k]++;
  }
  for (let k = 0; k < cells; k++) if (count[k] > 0) low[k] = sum[k] / count[k];
  const heights = smoothGround(low, measured, columns, rows);
  fillFromNearest(heights, measured, columns, rows, plane ? plane.z0 : 0);
  return { cellSize: cell, originX: minX, originY: minY, columns, rows, heights, measured };
}

/**
 * Ground height under (x, y), interpolated bilinearly between cell centres (a cell's height is its
 * centre's: read as a step, a 10 % slope was half a cell, 5 cm, off at its edges); beyond the grid,
 * the edge cells'.
 */
export function groundSurfaceAt(surface: GroundSurface, x: number, y: number): number {
  const { columns, rows, heights } = surface;
  const fx = Math.min(columns - 1, Math.max(0, (x - surface.originX) / surface.cellSize - 0.5));
  const fy = Math.min(rows - 1, Math.max(0, (y - surface.originY) / surface.cellSize - 0.5));
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(columns - 1, x0 + 1);
  const y1 = Math.min(rows - 1, y0 + 1);
  const tx = fx - x0;
  const ty = fy - y0;
  const a = heights[y0 * columns + x0] + (heights[y0 * columns + x1] - heights[y0 * columns + x0]) * tx;
  const b = heights[y1 * columns + x0] + (heights[y1 * columns + x1] - heights[y1 * columns + x0]) * tx;
  return a + (b - a) * ty;
}

/** Per ground cell, the mean of the ground cells' low points in its 3×3 block; other cells NaN. */
function smoothGround(low: Float64Array, measured: Uint8Array, columns: number, rows: number): Float64Array {
  const out = new Float64Array(low.length).fill(NaN);
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < columns; cx++) {
      const k = cy * columns + cx;
      if (!measured[k]) continue;
      let sum = 0;
      let count = 0;
      for (let y = Math.max(0, cy - 1); y <= Math.min(rows - 1, cy + 1); y++) {
        for (let x = Math.max(0, cx - 1); x <= Math.min(columns - 1, cx + 1); x++) {
          const m = y * columns + x;
          if (!measured[m]) continue;
          sum += low[m];
          count++;
        }
      }
      out[k] = sum / count;
    }
  }
  return out;
}

/** Cells without a height take their nearest ground cell's (breadth first, 8-connected); `fallback` when there is no ground cell. */
function fillFromNearest(heights: Float64Array, measured: Uint8Array, columns: number, rows: number, fallback: number): void {
  const queue = new Int32Array(heights.length);
  let tail = 0;
  for (let k = 0; k < heights.length; k++) if (measured[k]) queue[tail++] = k;
  if (tail === 0) {
    heights.fill(fallback);
    return;
  }
  spread(queue, tail, columns, rows, (k, m) => {
    if (!Number.isNaN(heights[m])) return false;
    heights[m] = heights[k];
    return true;
  });
}

/**
 * Breadth-first growth over the grid's 8-connected cells from the `tail` cells queued in `queue`
 * (room for every cell): `enter(from, to)` says whether a neighbour joins, and marks it.
 */
function spread(queue: Int32Array, tail: number, columns: number, rows: number, enter: (from: number, to: number) => boolean): void {
  for (let head = 0; head < tail; head++) {
    const k = queue[head];
    const cx = k % columns;
    const cy = (k - cx) / columns;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const nx = cx + dx;
        const ny = cy + dy;
        if (nx < 0 || ny < 0 || nx >= columns || ny >= rows) continue;
        const m = ny * columns + nx;
        if (enter(k, m)) queue[tail++] = m;
      }
    }
  }
}
