import { pointCountOf, type PointArray } from './points';

/**
 * Which directions a scan looked in, seen from its sensor, by whole degree of azimuth. A spinning
 * LiDAR's scan covers all round; one cropped to a camera's view (KITTI's reduced clouds, the
 * mmdet3d demo's 000008) covers about 80°, and shows nothing of an object past its edge.
 */
export interface ScanCoverage {
  /** Per degree of azimuth from -180°: 1 where the scan shows nothing at any range. */
  readonly unseen: Uint8Array;
}

const BINS = 360;
/**
 * Runs of empty degrees shorter than this are gaps between a sparse scan's columns (a 32-beam
 * scanner steps 0.33°) or a dropout, not directions the scan did not look in.
 */
const MIN_UNSEEN_ARC = 3;

const binOf = (azimuth: number): number => {
  const k = Math.floor(((azimuth + Math.PI) * BINS) / (2 * Math.PI));
  return ((k % BINS) + BINS) % BINS;
};

/**
 * A first look takes every this many points: a scan that looked all round shows every degree in
 * them (tens of points a degree), and the full pass is spared. Prime, so that it does not step in
 * time with a scan stored ring by ring, each ring a whole number of columns.
 */
const SAMPLE_STEP = 17;

/**
 * The scan's coverage from `sensor`, or null where it looked all round (nothing past an edge to
 * allow for). A pass over a sample of the points, and over all of them where that leaves a degree
 * empty.
 */
export function scanCoverage(points: PointArray, stride: number, sensor: readonly [number, number, ...number[]]): ScanCoverage | null {
  const n = pointCountOf(points, stride);
  const seen = new Uint8Array(BINS);
  let count = 0;
  const look = (step: number): boolean => {
    for (let i = 0, o = 0; i < n; i += step, o += step * stride) {
      const x = points[o] - sensor[0];
      const y = points[o + 1] - sensor[1];
      if (x === 0 && y === 0) continue;
      const a = Math.atan2(y, x);
      if (a !== a) continue; // NaN: a point left out
      const b = binOf(a);
      if (!seen[b]) {
        seen[b] = 1;
        if (++count === BINS) return true;
      }
    }
    return false;
  };
  if (look(SAMPLE_STEP) || look(1)) return null;
  const unseen = new Uint8Array(BINS);
  let any = false;
  // Runs of empty bins, going round from one that holds a point (none: an empty scan).
  const start = seen.indexOf(1);
  if (start < 0) return null;
  for (let k = 1; k <= BINS; k++) {
    const b = (start + k) % BINS;
    if (seen[b]) continue;
    let run = 0;
    while (run < BINS && !seen[(b + run) % BINS]) run++;
    if (run >= MIN_UNSEEN_ARC) {
      for (let j = 0; j < run; j++) unseen[(b + j) % BINS] = 1;
      any = true;
    }
    k += run - 1;
  }
  return any ? { unseen } : null;
}

/** Whether the scan looked nowhere in some degree overlapping the azimuths from `from` to `to` (radians, either order, under half a turn apart). */
export function unseenBetween(coverage: ScanCoverage, from: number, to: number): boolean {
  const [a, b] = from <= to ? [from, to] : [to, from];
  const steps = Math.ceil(((b - a) * BINS) / (2 * Math.PI)) + 1;
  for (let k = 0; k <= steps; k++) if (coverage.unseen[binOf(Math.min(b, a + (k * 2 * Math.PI) / BINS))]) return true;
  return false;
}
