import { evalPoly, smallestRootIn } from './polynomial';

/**
 * Kannala–Brandt fisheye distortion as OpenCV's `cv::fisheye` uses it: the angle θ between the ray
 * and the optical axis is mapped to a distorted radius in normalised coordinates,
 *   θd = θ (1 + k1 θ² + k2 θ⁴ + k3 θ⁶ + k4 θ⁸),
 * and the distorted point is (θd / r)·(X/Z, Y/Z) with r = √((X/Z)² + (Y/Z)²).
 */
export interface KannalaBrandt {
  readonly k1: number;
  readonly k2: number;
  readonly k3: number;
  readonly k4: number;
}

/** θd(θ) as a polynomial in θ, ascending coefficients. */
const thetaPoly = (d: KannalaBrandt): number[] => [0, 1, 0, d.k1, 0, d.k2, 0, d.k3, 0, d.k4];

/**
 * Largest θ (radians) for which θ ↦ θd is increasing, capped at π/2: like OpenCV, the model here
 * sees only points in front of the camera (Z > 0), so θ < 90°. Past a turning point of θd, two
 * directions share one pixel, so projections there are rejected and such pixels have no ray.
 * dθd/dθ = 1 + 3k1 θ² + 5k2 θ⁴ + 7k3 θ⁶ + 9k4 θ⁸, searched in s = θ².
 */
export function kannalaBrandtMaxTheta(d: KannalaBrandt): number {
  const cap = Math.PI / 2;
  const s = smallestRootIn([1, 3 * d.k1, 5 * d.k2, 7 * d.k3, 9 * d.k4], 0, cap * cap);
  return Number.isFinite(s) ? Math.sqrt(s) : cap;
}

const cache = new WeakMap<KannalaBrandt, number>();

/** `kannalaBrandtMaxTheta`, computed once per distortion object. */
export function cachedMaxTheta(d: KannalaBrandt): number {
  let v = cache.get(d);
  if (v === undefined) {
    v = kannalaBrandtMaxTheta(d);
    cache.set(d, v);
  }
  return v;
}

export function distortTheta(d: KannalaBrandt, theta: number): number {
  const t2 = theta * theta;
  return theta * (1 + t2 * (d.k1 + t2 * (d.k2 + t2 * (d.k3 + t2 * d.k4))));
}

/**
 * θ in [0, maxTheta] with distortTheta(θ) = θd, or null beyond the valid range. θd is increasing
 * there, so Newton's method guarded by bisection always converges to the unique answer.
 */
export function undistortTheta(d: KannalaBrandt, thetaD: number, maxTheta = cachedMaxTheta(d)): number | null {
  if (thetaD === 0) return 0;
  const poly = thetaPoly(d);
  const top = evalPoly(poly, maxTheta);
  if (thetaD > top * (1 + 1e-14)) return null;
  if (thetaD >= top) return maxTheta;
  let lo = 0;
  let hi = maxTheta;
  let t = Math.min(thetaD, maxTheta);
  for (let i = 0; i < 100; i++) {
    const f = evalPoly(poly, t) - thetaD;
    if (f === 0) break;
    if (f > 0) hi = t;
    else lo = t;
    const t2 = t * t;
    const df = 1 + t2 * (3 * d.k1 + t2 * (5 * d.k2 + t2 * (7 * d.k3 + t2 * 9 * d.k4)));
    let next = t - f / df;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-17 * Math.max(1, t)) {
      t = next;
      break;
    }
    t = next;
  }
  return t;
}
