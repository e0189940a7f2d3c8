/** Azimuth bins (0.5°) the object points are sorted into once per sweep. */
const BINS = 720;
/** A cluster's own points beyond this are thinned evenly for its fit: the box hardly moves, the fit's cost follows the count. */
export const FIT_SAMPLE = 500;

/**
 * The object points of a sweep indexed twice, so that a cluster's surroundings are found without a
 * pass over all of them: by azimuth around the sensor (what stands in front of it) and by a coarse
 * grid on the ground (what lies within a class length of it).
 */
export interface SweepIndex {
  readonly azimuth: Buckets;
  readonly grid: Buckets;
  readonly minX: number;
  readonly minY: number;
  readonly columns: number;
  readonly rows: number;
  /** Per point, the last cluster that took it (dedupes the two look-ups). */
  readonly stamp: Int32Array;
  /** Per point, 1 when it stands for its cube of THIN_VOXEL as another cluster's surroundings. */
  readonly kept: Uint8Array;
}

interface Buckets {
  readonly start: Int32Array;
  readonly entries: Int32Array;
}

/**
 * Other clusters' points are passed to a fit one per cube of this side: a fit beside them needs to
 * know only that something stands there, and a scan samples a surface 3 m away every 1–2 cm. Two
 * objects of 20,000 points each within a class length of each other made each fit read the other's
 * points (90 ms of a generated 300 ms sweep); on a KITTI sweep with trees and walls the fits were
 * given 450k points in all.
 */
const THIN_VOXEL = 0.15;
/** Side of the ground grid's cells. */
const GRID_CELL = 2;

export function sweepIndex(xyz: Float64Array, count: number, sensor: readonly [number, number, number]): SweepIndex {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < count; i++) {
    minX = Math.min(minX, xyz[3 * i]);
    maxX = Math.max(maxX, xyz[3 * i]);
    minY = Math.min(minY, xyz[3 * i + 1]);
    maxY = Math.max(maxY, xyz[3 * i + 1]);
  }
  const columns = count ? Math.floor((maxX - minX) / GRID_CELL) + 1 : 1;
  const rows = count ? Math.floor((maxY - minY) / GRID_CELL) + 1 : 1;
  const azimuth = buckets(count, BINS, (i) => binAt(Math.atan2(xyz[3 * i + 1] - sensor[1], xyz[3 * i] - sensor[0])));
  const grid = buckets(count, columns * rows, (i) => Math.floor((xyz[3 * i + 1] - minY) / GRID_CELL) * columns + Math.floor((xyz[3 * i] - minX) / GRID_CELL));
  const kept = new Uint8Array(count);
  const taken = new Set<number>();
  for (let i = 0; i < count; i++) {
    // Cube coordinates within ±2^20 each, packed exactly into one double.
    const ix = Math.floor((xyz[3 * i] - minX) / THIN_VOXEL);
    const iy = Math.floor((xyz[3 * i + 1] - minY) / THIN_VOXEL);
    const iz = Math.floor(xyz[3 * i + 2] / THIN_VOXEL) + 1024;
    const key = (ix * 2 ** 20 + iy) * 2048 + iz;
    if (taken.has(key)) continue;
    taken.add(key);
    kept[i] = 1;
  }
  return { azimuth, grid, minX, minY, columns, rows, stamp: new Int32Array(count).fill(-1), kept };
}

/** Points grouped by key with a counting sort. */
function buckets(count: number, keys: number, keyOf: (i: number) => number): Buckets {
  const keyAt = new Int32Array(count);
  const start = new Int32Array(keys + 1);
  for (let i = 0; i < count; i++) {
    keyAt[i] = keyOf(i);
    start[keyAt[i] + 1]++;
  }
  for (let b = 0; b < keys; b++) start[b + 1] += start[b];
  const fill = start.slice(0, keys);
  const entries = new Int32Array(count);
  for (let i = 0; i < count; i++) entries[fill[keyAt[i]]++] = i;
  return { start, entries };
}

/** The bin of an angle in radians, any turn. */
function binAt(angle: number): number {
  const turn = (((angle + Math.PI) / (2 * Math.PI)) % 1 + 1) % 1;
  const b = Math.floor(turn * BINS);
  return b >= BINS ? BINS - 1 : b < 0 ? 0 : b;
}

/** What hides an end stands within this angle of it as seen from the sensor, or this far across the line of sight (the amodal fit's windows, widened a little). */
const END_WINDOW = (1 * Math.PI) / 180;
const END_WINDOW_ACROSS = 0.5;

/**
 * What the amodal fit of one cluster needs, as a compact point list (stride 3): the cluster's own
 * points (thinned to FIT_SAMPLE), then the other object points that can matter to it: those within
 * `reach` metres of its bounds on the ground (pieces of it the class-sized box takes in), and those
 * in front of it within its sector of view (what hides its ends). Points elsewhere play no part in
 * the fit, and passing them cost a pass over all object points per cluster.
 */
export function sectorCrop(
  xyz: Float64Array,
  index: SweepIndex,
  labels: Int32Array,
  cluster: number,
  members: Uint32Array,
  sensor: readonly [number, number, number],
  reach: number,
): { points: Float64Array; indices: Uint32Array } {
  const every = Math.ceil(members.length / FIT_SAMPLE);
  const own = Math.ceil(members.length / every);
  let mx = 0;
  let my = 0;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const i of members) {
    mx += xyz[3 * i] - sensor[0];
    my += xyz[3 * i + 1] - sensor[1];
    minX = Math.min(minX, xyz[3 * i]);
    maxX = Math.max(maxX, xyz[3 * i]);
    minY = Math.min(minY, xyz[3 * i + 1]);
    maxY = Math.max(maxY, xyz[3 * i + 1]);
  }
  const mid = Math.atan2(my, mx);
  let lo = 0;
  let hi = 0;
  let near = Infinity;
  let far = 0;
  for (const i of members) {
    const x = xyz[3 * i] - sensor[0];
    const y = xyz[3 * i + 1] - sensor[1];
    const d = wrap(Math.atan2(y, x) - mid);
    if (d < lo) lo = d;
    if (d > hi) hi = d;
    const r = Math.hypot(x, y);
    if (r < near) near = r;
    if (r > far) far = r;
  }
  const out: number[] = [];
  for (let k = 0; k < members.length; k += every) out.push(xyz[3 * members[k]], xyz[3 * members[k] + 1], xyz[3 * members[k] + 2]);
  const { stamp } = index;
  const take = (i: number) => {
    if (!index.kept[i] || labels[i] === cluster || stamp[i] === cluster) return;
    stamp[i] = cluster;
    out.push(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
  };

  const c0 = Math.max(0, Math.floor((minX - reach - index.minX) / GRID_CELL));
  const c1 = Math.min(index.columns - 1, Math.floor((maxX + reach - index.minX) / GRID_CELL));
  const r0 = Math.max(0, Math.floor((minY - reach - index.minY) / GRID_CELL));
  const r1 = Math.min(index.rows - 1, Math.floor((maxY + reach - index.minY) / GRID_CELL));
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const b = r * index.columns + c;
      for (let s = index.grid.start[b]; s < index.grid.start[b + 1]; s++) take(index.grid.entries[s]);
    }
  }

  const widen = Math.max(END_WINDOW, Math.atan2(END_WINDOW_ACROSS, Math.max(near, 1e-6)));
  const from = lo - widen;
  const span = Math.min(BINS - 1, Math.ceil(((hi + widen - from) / (2 * Math.PI)) * BINS) + 1);
  const b0 = binAt(mid + from);
  for (let k = 0; k <= span; k++) {
    const b = (b0 + k) % BINS;
    for (let s = index.azimuth.start[b]; s < index.azimuth.start[b + 1]; s++) {
      const i = index.azimuth.entries[s];
      if (Math.hypot(xyz[3 * i] - sensor[0], xyz[3 * i + 1] - sensor[1]) < far) take(i);
    }
  }
  const indices = new Uint32Array(own);
  for (let k = 0; k < own; k++) indices[k] = k;
  return { points: Float64Array.from(out), indices };
}

/** An angle difference into (-π, π]. */
function wrap(a: number): number {
  return a > Math.PI ? a - 2 * Math.PI : a <= -Math.PI ? a + 2 * Math.PI : a;
}
