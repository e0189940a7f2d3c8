import type { Vec3 } from '../geometry/vec3';
import { pointCountOf, type PointArray } from './points';

/** A local ground plane z = z0 + slopeX * (x - x0) + slopeY * (y - y0). */
export interface GroundPlane {
  readonly x0: number;
  readonly y0: number;
  readonly z0: number;
  readonly slopeX: number;
  readonly slopeY: number;
  /** Grid cells whose lowest point agreed with the plane (a confidence figure). */
  readonly inlierCells: number;
}

export interface GroundOptions {
  /** Side of the grid cells whose lowest points are fitted. Default: radius / 10, within 0.25–2 m. */
  readonly cellSize?: number;
  /** Fewer points than this in the disc gives null. Default 10. */
  readonly minPoints?: number;
  /** Steeper fits (|gradient|) fall back to a level plane. Default 0.35 (about 19°). */
  readonly maxSlope?: number;
}

export function groundHeightAt(plane: GroundPlane, x: number, y: number): number {
  return plane.z0 + plane.slopeX * (x - plane.x0) + plane.slopeY * (y - plane.y0);
}

const TOLERANCES = [1.0, 0.5, 0.25, 0.12];
/**
 * Cells above the plane are kept within this share of the band, those below within all of it:
 * the ground is the lowest surface, and what stands on it is above it. A band as wide above as
 * below took in the lowest points of parked cars and walls beside a car at the edge of a cropped
 * scan (KITTI 000008's nearest car), and the plane leant into them: at -0.88 m under the car,
 * where the road beside it lies at about -1.6 m.
 */
const ABOVE_SHARE = 0.5;
/** Band around the plane, in metres, whose points re-centre it in the last step. */
const REFINE_BAND = 0.15;

/**
 * Robust local ground plane in the disc of `radius` (horizontal) around `around` (its z is
 * ignored). The lowest point of each grid cell is a ground candidate (objects stand on the ground,
 * so their cells' minima lie above it); a plane is fitted to those minima with a shrinking inlier
 * band, then shifted by the median residual of all points near it, which removes the low bias of
 * taking minima. Null when the disc holds fewer than `minPoints` points or fewer than 3 cells.
 */
export function fitGroundPlane(
  points: PointArray,
  stride: number,
  around: Vec3,
  radius: number,
  options: GroundOptions = {},
): GroundPlane | null {
  const n = pointCountOf(points, stride);
  if (!(radius > 0) || !Number.isFinite(radius)) throw new Error(`ground radius must be positive, got ${radius}`);
  const cell = options.cellSize ?? Math.min(2, Math.max(0.25, radius / 10));
  if (!(cell > 0)) throw new Error(`ground cell size must be positive, got ${cell}`);
  const minPoints = options.minPoints ?? 10;
  const maxSlope = options.maxSlope ?? 0.35;
  const ax = around[0];
  const ay = around[1];
  const r2 = radius * radius;
  const half = Math.ceil(radius / cell);
  const dim = 2 * half;
  const cellZ = new Float64Array(dim * dim).fill(Infinity);
  const cellX = new Float64Array(dim * dim);
  const cellY = new Float64Array(dim * dim);

  let count = 0;
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    const dx = points[o] - ax;
    const dy = points[o + 1] - ay;
    const z = points[o + 2];
    if (!(dx * dx + dy * dy <= r2) || !Number.isFinite(z)) continue;
    count++;
    const ix = Math.min(dim - 1, Math.max(0, Math.floor(dx / cell) + half));
    const iy = Math.min(dim - 1, Math.max(0, Math.floor(dy / cell) + half));
    const k = iy * dim + ix;
    if (z < cellZ[k]) {
      cellZ[k] = z;
      cellX[k] = dx;
      cellY[k] = dy;
    }
  }
  if (count < minPoints) return null;

  const xs: number[] = [];
  const ys: number[] = [];
  const zs: number[] = [];
  for (let k = 0; k < cellZ.length; k++) {
    if (cellZ[k] === Infinity) continue;
    xs.push(cellX[k]);
    ys.push(cellY[k]);
    zs.push(cellZ[k]);
  }
  if (zs.length < 3) return null;

  // Start level at a low quantile of the cell minima, then tighten the band around the fit.
  let a = quantile(zs, 0.25);
  let b = 0;
  let c = 0;
  let inliers = zs.length;
  for (const tol of TOLERANCES) {
    const sel: number[] = [];
    for (let k = 0; k < zs.length; k++) {
      const r = zs[k] - (a + b * xs[k] + c * ys[k]);
      if (r >= -tol && r <= ABOVE_SHARE * tol) sel.push(k);
    }
    if (sel.length < 3) break;
    inliers = sel.length;
    const fit = fitPlane(xs, ys, zs, sel);
    if (fit && Math.hypot(fit[1], fit[2]) <= maxSlope) [a, b, c] = fit;
    else {
      a = quantile(sel.map((k) => zs[k]), 0.5);
      b = 0;
      c = 0;
    }
  }

  // Re-centre on all points near the plane: cell minima sit below the mean surface by the noise.
  const residuals = new Float64Array(count);
  let nr = 0;
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    const dx = points[o] - ax;
    const dy = points[o + 1] - ay;
    if (!(dx * dx + dy * dy <= r2)) continue;
    const r = points[o + 2] - (a + b * dx + c * dy);
    if (Math.abs(r) <= REFINE_BAND) residuals[nr++] = r;
  }
  if (nr >= 3) {
    const sorted = residuals.subarray(0, nr).sort();
    a += nr % 2 ? sorted[(nr - 1) / 2] : (sorted[nr / 2 - 1] + sorted[nr / 2]) / 2;
  }

  return { x0: ax, y0: ay, z0: a, slopeX: b, slopeY: c, inlierCells: inliers };
}

/** Robust local ground height under `around` (see fitGroundPlane); null if too few points. */
export function estimateGroundHeight(
  points: PointArray,
  stride: number,
  around: Vec3,
  radius: number,
  options: GroundOptions = {},
): number | null {
  const plane = fitGroundPlane(points, stride, around, radius, options);
  return plane ? plane.z0 : null;
}

/** Least-squares z = a + b x + c y over the selected samples; null when they are (nearly) collinear. */
function fitPlane(xs: number[], ys: number[], zs: number[], sel: number[]): [number, number, number] | null {
  let mx = 0;
  let my = 0;
  let mz = 0;
  for (const k of sel) {
    mx += xs[k];
    my += ys[k];
    mz += zs[k];
  }
  mx /= sel.length;
  my /= sel.length;
  mz /= sel.length;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  let sxz = 0;
  let syz = 0;
  for (const k of sel) {
    const x = xs[k] - mx;
    const y = ys[k] - my;
    const z = zs[k] - mz;
    sxx += x * x;
    sxy += x * y;
    syy += y * y;
    sxz += x * z;
    syz += y * z;
  }
  const det = sxx * syy - sxy * sxy;
  const scale = (sxx + syy) * (sxx + syy);
  if (!(scale > 0) || det <= 1e-9 * scale) return null;
  const b = (sxz * syy - syz * sxy) / det;
  const c = (syz * sxx - sxz * sxy) / det;
  return [mz - b * mx - c * my, b, c];
}

/** Linear-interpolated quantile q in [0, 1]; sorts a copy. */
function quantile(values: readonly number[], q: number): number {
  const s = values.slice().sort((p, r) => p - r);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}
