import type { Projector } from '../../camera/cameraModel';
import type { ColmapCamera } from './colmapModel';

/**
 * COLMAP's own `ImgFromCam` for each camera model (src/colmap/sensor/models.h), so reprojection
 * errors come out as COLMAP computes them: results are in COLMAP pixels (image corner at 0, 0),
 * and, unlike Cairn's `makeProjector`, nothing is rejected beyond a distortion polynomial's fold —
 * COLMAP rejects only points at depth below machine epsilon.
 */
export function makeColmapProjector(camera: ColmapCamera): Projector {
  const p = camera.params;
  switch (camera.model) {
    case 'SIMPLE_PINHOLE':
      return perspective(p[0], p[0], p[1], p[2], identity);
    case 'PINHOLE':
      return perspective(p[0], p[1], p[2], p[3], identity);
    case 'SIMPLE_RADIAL':
      return perspective(p[0], p[0], p[1], p[2], radial(p[3], 0));
    case 'RADIAL':
      return perspective(p[0], p[0], p[1], p[2], radial(p[3], p[4]));
    case 'OPENCV':
      return perspective(p[0], p[1], p[2], p[3], openCv(p[4], p[5], p[6], p[7], 0, 0, 0, 0));
    case 'FULL_OPENCV':
      return perspective(p[0], p[1], p[2], p[3], openCv(p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11]));
    case 'FOV':
      return perspective(p[0], p[1], p[2], p[3], fov(p[4]));
    case 'OPENCV_FISHEYE':
      return fisheye(p[0], p[1], p[2], p[3], thinPrism(p[4], p[5], 0, 0, p[6], p[7], 0, 0));
    case 'SIMPLE_RADIAL_FISHEYE':
      return fisheye(p[0], p[0], p[1], p[2], thinPrism(p[3], 0, 0, 0, 0, 0, 0, 0));
    case 'RADIAL_FISHEYE':
      return fisheye(p[0], p[0], p[1], p[2], thinPrism(p[3], p[4], 0, 0, 0, 0, 0, 0));
    case 'THIN_PRISM_FISHEYE':
      return fisheye(p[0], p[1], p[2], p[3], thinPrism(p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11]));
  }
}

/** Maps normalised (u, v) to distorted normalised coordinates, written into out[0], out[1]. */
type Distort = (u: number, v: number, out: Float64Array) => void;

/** COLMAP's depth guard (`HasProjectableDepth` with cheirality): w ≥ machine epsilon. */
const MIN_DEPTH = Number.EPSILON;

const identity: Distort = (u, v, out) => {
  out[0] = u;
  out[1] = v;
};

/** SIMPLE_RADIAL / RADIAL: (u, v)·(1 + k1 r² + k2 r⁴). */
function radial(k1: number, k2: number): Distort {
  return (u, v, out) => {
    const r2 = u * u + v * v;
    const s = 1 + k1 * r2 + k2 * r2 * r2;
    out[0] = u * s;
    out[1] = v * s;
  };
}

/**
 * OPENCV and FULL_OPENCV: the rational radial term (1 + k1 r² + k2 r⁴ + k3 r⁶) / (1 + k4 r² + k5 r⁴
 * + k6 r⁶) plus tangential p1, p2; OPENCV is the case k3 = k4 = k5 = k6 = 0.
 */
function openCv(k1: number, k2: number, p1: number, p2: number, k3: number, k4: number, k5: number, k6: number): Distort {
  return (u, v, out) => {
    const u2 = u * u;
    const v2 = v * v;
    const uv = u * v;
    const r2 = u2 + v2;
    const r4 = r2 * r2;
    const r6 = r4 * r2;
    const s = (1 + k1 * r2 + k2 * r4 + k3 * r6) / (1 + k4 * r2 + k5 * r4 + k6 * r6);
    out[0] = u * s + 2 * p1 * uv + p2 * (r2 + 2 * u2);
    out[1] = v * s + 2 * p2 * uv + p1 * (r2 + 2 * v2);
  };
}

/**
 * FOV (Devernay–Faugeras): r ↦ atan(2 r tan(ω/2)) / ω, written as a factor on (u, v). COLMAP
 * switches to Taylor expansions where the closed form is 0/0 (ω → 0 or r → 0). Its ω → 0 branch,
 * 1 + ω²r²/3 − ω²/12, is the expansion of the inverse mapping (the forward one has both O(ω²)
 * signs flipped); it is kept as COLMAP has it, since the point here is to reproduce COLMAP's
 * errors, and below its threshold (ω² < 1e-4) it is off by less than ω²/6 relative.
 */
function fov(omega: number): Distort {
  const EPS = 1e-4;
  const omega2 = omega * omega;
  const tanHalf = Math.tan(omega / 2);
  return (u, v, out) => {
    const r2 = u * u + v * v;
    let factor: number;
    if (omega2 < EPS) factor = (omega2 * r2) / 3 - omega2 / 12 + 1;
    else if (r2 < EPS) factor = (-2 * tanHalf * (4 * r2 * tanHalf * tanHalf - 3)) / (3 * omega);
    else {
      const r = Math.sqrt(r2);
      factor = Math.atan(r * 2 * tanHalf) / (r * omega);
    }
    out[0] = u * factor;
    out[1] = v * factor;
  };
}

/**
 * The fisheye models' distortion, applied to (uu, vv) = θ·(u, v)/r (the ray angle θ = atan r as a
 * radius, so θ² = uu² + vv²): radial k1..k4 on θ², tangential p1, p2 and thin-prism sx1, sy1.
 * OPENCV_FISHEYE, SIMPLE_RADIAL_FISHEYE and RADIAL_FISHEYE are this with some terms zero.
 */
function thinPrism(k1: number, k2: number, p1: number, p2: number, k3: number, k4: number, sx1: number, sy1: number): Distort {
  return (u, v, out) => {
    const u2 = u * u;
    const v2 = v * v;
    const uv = u * v;
    const r2 = u2 + v2;
    const r4 = r2 * r2;
    const s = 1 + k1 * r2 + k2 * r4 + k3 * r4 * r2 + k4 * r4 * r4;
    out[0] = u * s + 2 * p1 * uv + p2 * (r2 + 2 * u2) + sx1 * r2;
    out[1] = v * s + 2 * p2 * uv + p1 * (r2 + 2 * v2) + sy1 * r2;
  };
}

function perspective(fx: number, fy: number, cx: number, cy: number, distort: Distort): Projector {
  const d = new Float64Array(2);
  return (x, y, z, out) => {
    if (!(z >= MIN_DEPTH)) return false;
    distort(x / z, y / z, d);
    out[0] = fx * d[0] + cx;
    out[1] = fy * d[1] + cy;
    return true;
  };
}

function fisheye(fx: number, fy: number, cx: number, cy: number, distort: Distort): Projector {
  const d = new Float64Array(2);
  return (x, y, z, out) => {
    if (!(z >= MIN_DEPTH)) return false;
    let u = x / z;
    let v = y / z;
    const r = Math.sqrt(u * u + v * v);
    // COLMAP's FisheyeFromNormal: leave (u, v) as they are within machine epsilon of the axis.
    if (r > Number.EPSILON) {
      const s = Math.atan(r) / r;
      u *= s;
      v *= s;
    }
    distort(u, v, d);
    out[0] = fx * d[0] + cx;
    out[1] = fy * d[1] + cy;
    return true;
  };
}
