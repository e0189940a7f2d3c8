import { evalPoly, smallestRootIn } from './polynomial';

/**
 * OpenCV's Brown–Conrady lens distortion (the k1 k2 p1 p2 k3 of `cv::projectPoints`), applied to
 * normalised image coordinates (x, y) = (X/Z, Y/Z):
 *   r² = x² + y²,  radial = 1 + k1 r² + k2 r⁴ + k3 r⁶
 *   x' = x·radial + 2 p1 x y + p2 (r² + 2x²)
 *   y' = y·radial + p1 (r² + 2y²) + 2 p2 x y
 */
export interface BrownConrady {
  readonly k1: number;
  readonly k2: number;
  readonly p1: number;
  readonly p2: number;
  readonly k3: number;
}

/**
 * The largest r² (undistorted normalised radius squared) up to which the radial mapping
 * r ↦ r·radial(r²) is increasing. Beyond it the polynomial folds back: points far outside the
 * field of view would land inside the image, so projections there are rejected. Infinity when the
 * mapping never turns (e.g. no radial terms, or k's that only add).
 *
 * d/dr [r·(1 + k1 r² + k2 r⁴ + k3 r⁶)] = 1 + 3k1 s + 5k2 s² + 7k3 s³ with s = r²; its smallest
 * positive root is the limit. Tangential terms are left out: they are tiny, and no standard tool
 * includes them in the validity bound either.
 */
export function brownConradyMaxR2(d: BrownConrady): number {
  // r = 1e4 is 89.99° off axis: any root beyond is irrelevant, and the search needs a finite end.
  return smallestRootIn([1, 3 * d.k1, 5 * d.k2, 7 * d.k3], 0, 1e8);
}

const cache = new WeakMap<BrownConrady, number>();

/** `brownConradyMaxR2`, computed once per distortion object. */
export function cachedMaxR2(d: BrownConrady): number {
  let v = cache.get(d);
  if (v === undefined) {
    v = brownConradyMaxR2(d);
    cache.set(d, v);
  }
  return v;
}

/** Normalised undistorted (x, y) → normalised distorted (x', y'), written into out[0], out[1]. */
export function distortInto(d: BrownConrady, x: number, y: number, out: Float64Array | number[]): void {
  const r2 = x * x + y * y;
  const radial = 1 + r2 * (d.k1 + r2 * (d.k2 + r2 * d.k3));
  out[0] = x * radial + 2 * d.p1 * x * y + d.p2 * (r2 + 2 * x * x);
  out[1] = y * radial + d.p1 * (r2 + 2 * y * y) + 2 * d.p2 * x * y;
}

/**
 * Radius r in [0, √maxR2] with r·radial(r²) = rd, ignoring tangential terms: the starting point for
 * the full 2D inversion. Newton's method guarded by bisection, since the radial mapping is
 * increasing on that interval, so the answer is unique and bracketing always makes progress.
 */
function invertRadial(d: BrownConrady, rd: number, maxR2: number): number {
  const poly = [0, 1, 0, d.k1, 0, d.k2, 0, d.k3];
  let lo = 0;
  let hi = Number.isFinite(maxR2) ? Math.sqrt(maxR2) : Math.max(1, rd) * 1e4;
  if (evalPoly(poly, hi) <= rd) return hi;
  let r = Math.min(rd, hi);
  for (let i = 0; i < 100; i++) {
    const f = evalPoly(poly, r) - rd;
    if (f === 0) break;
    if (f > 0) hi = r;
    else lo = r;
    const s = r * r;
    const df = 1 + s * (3 * d.k1 + s * (5 * d.k2 + s * 7 * d.k3));
    let next = r - f / df;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - r) <= 1e-17 * Math.max(1, r)) {
      r = next;
      break;
    }
    r = next;
  }
  return r;
}

/**
 * Normalised distorted (x', y') → normalised undistorted (x, y), or null when no point inside the
 * valid radius maps there (pixels past the fold of the polynomial). Newton's method on the full 2D
 * map from the radial-only solution: a fixed-point iteration (what `cv::undistortPoints` does)
 * stalls at ~1e-4 px in the corners, while Newton converges to rounding error in a few steps.
 */
export function undistort(d: BrownConrady, xd: number, yd: number, maxR2 = cachedMaxR2(d)): [number, number] | null {
  const rd = Math.hypot(xd, yd);
  if (rd === 0) {
    // Tangential terms vanish at the centre too, so the centre maps to itself.
    return [0, 0];
  }
  const r0 = invertRadial(d, rd, maxR2);
  let x = (xd / rd) * r0;
  let y = (yd / rd) * r0;
  const f = [0, 0];
  const tol = 1e-15 * Math.max(1, rd);
  let converged = false;
  for (let i = 0; i < 50; i++) {
    distortInto(d, x, y, f);
    const ex = f[0] - xd;
    const ey = f[1] - yd;
    if (Math.abs(ex) <= tol && Math.abs(ey) <= tol) {
      converged = true;
      break;
    }
    const r2 = x * x + y * y;
    const radial = 1 + r2 * (d.k1 + r2 * (d.k2 + r2 * d.k3));
    const dRadial = 2 * (d.k1 + r2 * (2 * d.k2 + 3 * r2 * d.k3)); // 2 · d(radial)/d(r²)
    const j00 = radial + x * x * dRadial + 2 * d.p1 * y + 6 * d.p2 * x;
    const j01 = x * y * dRadial + 2 * d.p1 * x + 2 * d.p2 * y;
    const j11 = radial + y * y * dRadial + 6 * d.p1 * y + 2 * d.p2 * x;
    const det = j00 * j11 - j01 * j01; // the Jacobian is symmetric
    if (!(Math.abs(det) > 0)) break;
    x -= (j11 * ex - j01 * ey) / det;
    y -= (j00 * ey - j01 * ex) / det;
  }
  if (!converged) {
    // Rounding can stop Newton a few ulps short of `tol`; accept what is still well below a
    // nano-pixel, reject real failures (no preimage).
    distortInto(d, x, y, f);
    if (Math.hypot(f[0] - xd, f[1] - yd) > 1e-12 * Math.max(1, rd)) return null;
  }
  if (x * x + y * y > maxR2 * (1 + 1e-12)) return null;
  return [x, y];
}
