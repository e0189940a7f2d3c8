/**
 * Calibrated cameras and their images.
 *
 * Conventions the manifest promises (and tests check independently):
 * - optical frame is OpenCV: x right, y down, z forward; `egoFromSensor` maps camera points to ego;
 * - pixel (u, v) = (column, row) with integer values at pixel centres: the top-left pixel's centre
 *   is (0, 0), so a projected point shows in pixel (round(u), round(v));
 * - distortion is OpenCV's Brown–Conrady (k1, k2, p1, p2, k3) applied to normalised coordinates.
 *
 * Each pixel is rendered by inverting the distortion for its centre and casting that ray, so a 3D
 * point projected with the forward model lands exactly on the pixel that shows it.
 */
import { composePoses, mat3ToQuat, quatFromAxisAngle, quatMultiply, quatToMat3, type Pose, type Quat } from './geometry';
import { Hit, type RayScene, type Surface } from './raycast';

export interface BrownConrady {
  k1: number;
  k2: number;
  p1: number;
  p2: number;
  k3: number;
}

export interface Intrinsics {
  width: number;
  height: number;
  fx: number;
  fy: number;
  cx: number;
  cy: number;
  distortion: BrownConrady;
}

export interface CameraSpec {
  sensorId: string;
  egoFromSensor: Pose;
  intrinsics: Intrinsics;
}

/** Normalised undistorted (x, y) → normalised distorted (x, y). */
export function distort(x: number, y: number, d: BrownConrady): [number, number] {
  const r2 = x * x + y * y;
  const radial = 1 + r2 * (d.k1 + r2 * (d.k2 + r2 * d.k3));
  return [
    x * radial + 2 * d.p1 * x * y + d.p2 * (r2 + 2 * x * x),
    y * radial + d.p1 * (r2 + 2 * y * y) + 2 * d.p2 * x * y,
  ];
}

/**
 * Inverse of `distort` by Newton's method on the 2×2 system (a fixed-point iteration, as OpenCV
 * uses, would leave errors of ~1e-4 px at the corners; Newton converges to machine precision).
 */
export function undistort(xd: number, yd: number, d: BrownConrady): [number, number] {
  let x = xd;
  let y = yd;
  for (let i = 0; i < 30; i++) {
    const [fx, fy] = distort(x, y, d);
    const ex = fx - xd;
    const ey = fy - yd;
    if (Math.abs(ex) < 1e-15 && Math.abs(ey) < 1e-15) break;
    const r2 = x * x + y * y;
    const radial = 1 + r2 * (d.k1 + r2 * (d.k2 + r2 * d.k3));
    const dRadial = 2 * (d.k1 + r2 * (2 * d.k2 + 3 * r2 * d.k3)); // d(radial)/d(r2) × 2
    const j00 = radial + x * x * dRadial + 2 * d.p1 * y + 6 * d.p2 * x;
    const j01 = x * y * dRadial + 2 * d.p1 * x + 2 * d.p2 * y;
    const j10 = x * y * dRadial + 2 * d.p1 * x + 2 * d.p2 * y;
    const j11 = radial + y * y * dRadial + 6 * d.p1 * y + 2 * d.p2 * x;
    const det = j00 * j11 - j01 * j10;
    x -= (j11 * ex - j01 * ey) / det;
    y -= (-j10 * ex + j00 * ey) / det;
  }
  return [x, y];
}

/** Rotation taking OpenCV optical axes to ego axes when the camera looks straight along ego +x. */
const EGO_FROM_OPTICAL_LEVEL: Quat = mat3ToQuat([0, 0, 1, -1, 0, 0, 0, -1, 0]);

/**
 * Camera orientation from yaw (left positive) and pitch (down positive), both in degrees.
 * Quaternion components are rounded so that the manifest and the renderer use the same numbers.
 */
export function egoFromOptical(yawDeg: number, pitchDownDeg: number): Quat {
  const yaw = quatFromAxisAngle([0, 0, 1], (yawDeg * Math.PI) / 180);
  // Positive rotation about +y tips +x towards -z, i.e. nose down.
  const pitch = quatFromAxisAngle([0, 1, 0], (pitchDownDeg * Math.PI) / 180);
  const q = quatMultiply(quatMultiply(yaw, pitch), EGO_FROM_OPTICAL_LEVEL);
  const r = (v: number): number => Math.round(v * 1e12) / 1e12;
  return [r(q[0]), r(q[1]), r(q[2]), r(q[3])];
}

/** The two cameras at full resolution; `scaleIntrinsics` makes small variants for tests. */
export const CAMERAS: CameraSpec[] = [
  {
    sensorId: 'cam_front',
    egoFromSensor: { translation: [1.5, 0.05, 1.6], rotation: egoFromOptical(0, 2) },
    intrinsics: {
      width: 960,
      height: 600,
      fx: 712.4,
      fy: 709.8,
      cx: 481.3,
      cy: 297.6,
      distortion: { k1: -0.092, k2: 0.031, p1: 0.0006, p2: -0.0004, k3: -0.004 },
    },
  },
  {
    sensorId: 'cam_front_left',
    egoFromSensor: { translation: [1.4, 0.45, 1.6], rotation: egoFromOptical(55, 1.5) },
    intrinsics: {
      width: 960,
      height: 600,
      fx: 705.9,
      fy: 704.2,
      cx: 478.6,
      cy: 301.9,
      distortion: { k1: -0.085, k2: 0.027, p1: -0.0005, p2: 0.0003, k3: -0.003 },
    },
  },
];

/** Resizes the image; pixel centres stay on integers, so the principal point shifts by half a pixel. */
export function scaleIntrinsics(k: Intrinsics, scale: number): Intrinsics {
  if (scale === 1) return k;
  const width = Math.max(1, Math.round(k.width * scale));
  const height = Math.max(1, Math.round(k.height * scale));
  const sx = width / k.width;
  const sy = height / k.height;
  return {
    width,
    height,
    fx: k.fx * sx,
    fy: k.fy * sy,
    cx: (k.cx + 0.5) * sx - 0.5,
    cy: (k.cy + 0.5) * sy - 0.5,
    distortion: k.distortion,
  };
}

/** Unit ray direction per pixel in the optical frame; depends only on the intrinsics, so reused for every frame. */
export function pixelRays(k: Intrinsics): Float64Array {
  const rays = new Float64Array(k.width * k.height * 3);
  for (let v = 0; v < k.height; v++) {
    for (let u = 0; u < k.width; u++) {
      const [x, y] = undistort((u - k.cx) / k.fx, (v - k.cy) / k.fy, k.distortion);
      const n = Math.hypot(x, y, 1);
      const o = (v * k.width + u) * 3;
      rays[o] = x / n;
      rays[o + 1] = y / n;
      rays[o + 2] = 1 / n;
    }
  }
  return rays;
}

const SUN = ((): [number, number, number] => {
  const v: [number, number, number] = [-0.45, 0.3, 0.84];
  const n = Math.hypot(...v);
  return [v[0] / n, v[1] / n, v[2] / n];
})();
const HORIZON: [number, number, number] = [206, 222, 238];
const ZENITH: [number, number, number] = [98, 148, 214];
const AMBIENT = 0.5;
/** Shadowed surfaces keep this share of the sun's light, so shade never hides a colour. */
const SHADOW = 0.35;
const HAZE_DISTANCE = 450;
const MAX_VIEW = 2000;

/** RGB (3 bytes per pixel) image of the scene seen from `streetFromEgo ∘ egoFromSensor`. */
export function renderImage(scene: RayScene, camera: CameraSpec, intrinsics: Intrinsics, rays: Float64Array, streetFromEgo: Pose): Buffer {
  const streetFromCamera = composePoses(streetFromEgo, camera.egoFromSensor);
  const m = quatToMat3(streetFromCamera.rotation);
  const [ox, oy, oz] = streetFromCamera.translation;
  const n = intrinsics.width * intrinsics.height;
  const out = Buffer.alloc(n * 3);
  const hit = new Hit();
  const surf: Surface = { r: 0, g: 0, b: 0, reflectivity: 0 };
  for (let i = 0; i < n; i++) {
    const cx = rays[i * 3], cy = rays[i * 3 + 1], cz = rays[i * 3 + 2];
    const dx = m[0] * cx + m[1] * cy + m[2] * cz;
    const dy = m[3] * cx + m[4] * cy + m[5] * cz;
    const dz = m[6] * cx + m[7] * cy + m[8] * cz;
    let r: number, g: number, b: number;
    if (scene.intersect(ox, oy, oz, dx, dy, dz, MAX_VIEW, hit) && hit.material) {
      const px = ox + hit.t * dx, py = oy + hit.t * dy, pz = oz + hit.t * dz;
      hit.material.surface(px, py, pz, hit.nx, hit.ny, hit.nz, surf);
      let lambert = Math.max(0, hit.nx * SUN[0] + hit.ny * SUN[1] + hit.nz * SUN[2]);
      if (lambert > 0) {
        const t = hit.t;
        const nx = hit.nx, ny = hit.ny, nz = hit.nz;
        // Hard sun shadows anchor objects to the ground; the offset avoids self-shadowing.
        if (scene.intersect(px + nx * 1e-3, py + ny * 1e-3, pz + nz * 1e-3, SUN[0], SUN[1], SUN[2], 500, hit)) lambert *= SHADOW;
        hit.t = t;
      }
      const light = AMBIENT + (1 - AMBIENT) * lambert;
      // Distance haze: smooth, so it adds depth without adding noise that would bloat the PNGs.
      const f = 1 - Math.exp(-hit.t / HAZE_DISTANCE);
      r = surf.r * light * (1 - f) + HORIZON[0] * f;
      g = surf.g * light * (1 - f) + HORIZON[1] * f;
      b = surf.b * light * (1 - f) + HORIZON[2] * f;
    } else {
      const s = Math.min(1, Math.max(0, dz / 0.6));
      r = HORIZON[0] + (ZENITH[0] - HORIZON[0]) * s;
      g = HORIZON[1] + (ZENITH[1] - HORIZON[1]) * s;
      b = HORIZON[2] + (ZENITH[2] - HORIZON[2]) * s;
    }
    out[i * 3] = Math.min(255, Math.max(0, Math.round(r)));
    out[i * 3 + 1] = Math.min(255, Math.max(0, Math.round(g)));
    out[i * 3 + 2] = Math.min(255, Math.max(0, Math.round(b)));
  }
  return out;
}
