import { PNG } from 'pngjs';
import { applyTransform, type RigidTransform } from '../../../core/camera';
import { rotateVec3 } from '../../../core/geometry/quaternion';
import type { Vec3 } from '../../../core/geometry/vec3';

/** An upright box standing in a fixture scene: centre, size (length, width, height), yaw about +z. */
export interface SceneBox {
  readonly center: Vec3;
  readonly size: Vec3;
  readonly yaw: number;
  /** sRGB, 0–255. */
  readonly color: readonly [number, number, number];
}

/** Boxes on a flat ground plane z = groundZ, in one "scene" frame (the Velodyne's, the world's). */
export interface RaycastScene {
  readonly groundZ: number;
  readonly boxes: readonly SceneBox[];
}

export interface Hit {
  readonly t: number;
  readonly point: Vec3;
  /** Index into boxes, or -1 for the ground. */
  readonly box: number;
  /** Unit normal at the hit, in the scene frame. */
  readonly normal: Vec3;
  /** For boxes: how close the hit is to an edge of its face (0 at an edge), in metres. */
  readonly edgeDistance: number;
}

/** Nearest hit of the ray origin + t·dir (t > 0, dir need not be unit) with the scene, up to tMax. */
export function castRay(scene: RaycastScene, origin: Vec3, dir: Vec3, tMax = Infinity): Hit | null {
  let best: Hit | null = null;
  if (dir[2] < 0) {
    const t = (scene.groundZ - origin[2]) / dir[2];
    if (t > 0 && t < tMax) {
      best = { t, point: [origin[0] + t * dir[0], origin[1] + t * dir[1], scene.groundZ], box: -1, normal: [0, 0, 1], edgeDistance: Infinity };
    }
  }
  scene.boxes.forEach((box, index) => {
    const hit = hitBox(box, origin, dir);
    if (hit && hit.t < (best?.t ?? tMax)) best = { ...hit, box: index };
  });
  return best;
}

function hitBox(box: SceneBox, origin: Vec3, dir: Vec3): Omit<Hit, 'box'> | null {
  const c = Math.cos(-box.yaw);
  const s = Math.sin(-box.yaw);
  const toLocal = (v: Vec3): Vec3 => [c * v[0] - s * v[1], s * v[0] + c * v[1], v[2]];
  const o = toLocal([origin[0] - box.center[0], origin[1] - box.center[1], origin[2] - box.center[2]]);
  const d = toLocal(dir);
  const half = box.size.map((x) => x / 2);
  let tNear = -Infinity;
  let tFar = Infinity;
  let axis = -1;
  for (let i = 0; i < 3; i++) {
    if (Math.abs(d[i]) < 1e-15) {
      if (Math.abs(o[i]) > half[i]) return null;
      continue;
    }
    let t1 = (-half[i] - o[i]) / d[i];
    let t2 = (half[i] - o[i]) / d[i];
    if (t1 > t2) [t1, t2] = [t2, t1];
    if (t1 > tNear) {
      tNear = t1;
      axis = i;
    }
    tFar = Math.min(tFar, t2);
  }
  if (tNear > tFar || tNear <= 0 || axis < 0) return null;
  const local = [o[0] + tNear * d[0], o[1] + tNear * d[1], o[2] + tNear * d[2]];
  const localNormal: [number, number, number] = [0, 0, 0];
  localNormal[axis] = Math.sign(local[axis]);
  const edgeDistance = Math.min(...[0, 1, 2].filter((i) => i !== axis).map((i) => half[i] - Math.abs(local[i])));
  const cw = Math.cos(box.yaw);
  const sw = Math.sin(box.yaw);
  return {
    t: tNear,
    point: [origin[0] + tNear * dir[0], origin[1] + tNear * dir[1], origin[2] + tNear * dir[2]],
    normal: [cw * localNormal[0] - sw * localNormal[1], sw * localNormal[0] + cw * localNormal[1], localNormal[2]],
    edgeDistance,
  };
}

export interface LidarReturn {
  /** In the sensor frame. */
  readonly point: Vec3;
  /** 0–1: boxes return brighter than the road. */
  readonly intensity: number;
  readonly ring: number;
  readonly box: number;
}

/**
 * A spinning LiDAR at `sceneFromSensor`: `beams` rings evenly between the elevations, `steps`
 * azimuths per turn, returns up to `maxRange` metres, in the sensor frame.
 */
export function simulateLidar(
  scene: RaycastScene,
  sceneFromSensor: RigidTransform,
  options: { beams: number; steps: number; minElevationDeg: number; maxElevationDeg: number; maxRange: number },
): LidarReturn[] {
  const out: LidarReturn[] = [];
  const origin = sceneFromSensor.translation;
  const inverse = (p: Vec3): Vec3 => {
    const d: Vec3 = [p[0] - origin[0], p[1] - origin[1], p[2] - origin[2]];
    const q = sceneFromSensor.rotation;
    return rotateVec3([-q[0], -q[1], -q[2], q[3]], d);
  };
  for (let ring = 0; ring < options.beams; ring++) {
    const el = ((options.minElevationDeg + ((options.maxElevationDeg - options.minElevationDeg) * ring) / Math.max(1, options.beams - 1)) * Math.PI) / 180;
    for (let step = 0; step < options.steps; step++) {
      const az = (2 * Math.PI * step) / options.steps;
      const dirSensor: Vec3 = [Math.cos(el) * Math.cos(az), Math.cos(el) * Math.sin(az), Math.sin(el)];
      const hit = castRay(scene, origin, rotateVec3(sceneFromSensor.rotation, dirSensor), options.maxRange);
      if (!hit) continue;
      const checker = (Math.floor(hit.point[0] / 2) + Math.floor(hit.point[1] / 2)) & 1;
      out.push({ point: inverse(hit.point), intensity: hit.box >= 0 ? 0.6 + 0.05 * (hit.box % 4) : 0.1 + 0.1 * checker, ring, box: hit.box });
    }
  }
  return out;
}

const LIGHT: Vec3 = (() => {
  const l: Vec3 = [0.4, 0.3, 0.85];
  const n = Math.hypot(...l);
  return [l[0] / n, l[1] / n, l[2] / n];
})();

/**
 * A PNG of the scene seen through a camera: `rayFor(u, v)` gives the ray of pixel (u, v) (pixel
 * centres at integers) in the scene frame. Sky above the horizon, a 2 m checkerboard road, boxes
 * in their colours, lit from above, with dark outlines so their extent reads at a glance.
 */
export function renderPng(scene: RaycastScene, width: number, height: number, rayFor: (u: number, v: number) => { origin: Vec3; dir: Vec3 }): Buffer {
  const png = new PNG({ width, height });
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const { origin, dir } = rayFor(u, v);
      const hit = castRay(scene, origin, dir, 200);
      let rgb: [number, number, number];
      if (!hit) {
        const up = Math.max(0, Math.min(1, dir[2] / Math.hypot(...dir)));
        rgb = [190 - 90 * up, 210 - 60 * up, 235 - 10 * up];
      } else if (hit.box < 0) {
        const checker = (Math.floor(hit.point[0] / 2) + Math.floor(hit.point[1] / 2)) & 1;
        const fade = Math.min(1, hit.t / 120);
        const base = checker ? 118 : 92;
        rgb = [base + (175 - base) * fade, base + (185 - base) * fade, base - 4 + (190 - base) * fade];
      } else {
        const box = scene.boxes[hit.box];
        const shade = hit.edgeDistance < 0.04 ? 0.25 : 0.55 + 0.45 * Math.max(0, hit.normal[0] * LIGHT[0] + hit.normal[1] * LIGHT[1] + hit.normal[2] * LIGHT[2]);
        rgb = [box.color[0] * shade, box.color[1] * shade, box.color[2] * shade];
      }
      const i = (v * width + u) * 4;
      png.data[i] = Math.round(rgb[0]);
      png.data[i + 1] = Math.round(rgb[1]);
      png.data[i + 2] = Math.round(rgb[2]);
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** Pixel rays of a pinhole camera at sceneFromCamera (OpenCV optical frame). */
export function pinholeRays(k: { fx: number; fy: number; cx: number; cy: number }, sceneFromCamera: RigidTransform) {
  return (u: number, v: number) => ({
    origin: sceneFromCamera.translation,
    dir: rotateVec3(sceneFromCamera.rotation, [(u - k.cx) / k.fx, (v - k.cy) / k.fy, 1]),
  });
}

/**
 * Pixel rays of a 3×4 projection matrix M = [A | b] (row-major) mapping scene points to pixels:
 * the camera centre is −A⁻¹·b and the ray of (u, v) is A⁻¹·(u, v, 1).
 */
export function projectionRays(m: readonly number[]) {
  const a = [m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]];
  const inv = invert3(a);
  const mul = (x: Vec3): Vec3 => [
    inv[0] * x[0] + inv[1] * x[1] + inv[2] * x[2],
    inv[3] * x[0] + inv[4] * x[1] + inv[5] * x[2],
    inv[6] * x[0] + inv[7] * x[1] + inv[8] * x[2],
  ];
  const c = mul([m[3], m[7], m[11]]);
  const origin: Vec3 = [-c[0], -c[1], -c[2]];
  return (u: number, v: number) => ({ origin, dir: mul([u, v, 1]) });
}

export function invert3(a: readonly number[]): number[] {
  const [a0, a1, a2, a3, a4, a5, a6, a7, a8] = a;
  const c0 = a4 * a8 - a5 * a7;
  const c1 = a5 * a6 - a3 * a8;
  const c2 = a3 * a7 - a4 * a6;
  const det = a0 * c0 + a1 * c1 + a2 * c2;
  return [
    c0 / det, (a2 * a7 - a1 * a8) / det, (a1 * a5 - a2 * a4) / det,
    c1 / det, (a0 * a8 - a2 * a6) / det, (a2 * a3 - a0 * a5) / det,
    c2 / det, (a1 * a6 - a0 * a7) / det, (a0 * a4 - a1 * a3) / det,
  ];
}

/** Projects a scene point through a 3×4 matrix; null behind the camera. */
export function projectThrough(m: readonly number[], p: Vec3): { u: number; v: number } | null {
  const w = m[8] * p[0] + m[9] * p[1] + m[10] * p[2] + m[11];
  if (!(w > 0)) return null;
  return { u: (m[0] * p[0] + m[1] * p[1] + m[2] * p[2] + m[3]) / w, v: (m[4] * p[0] + m[5] * p[1] + m[6] * p[2] + m[7]) / w };
}

/** The eight corners of a scene box. */
export function boxCorners(box: Pick<SceneBox, 'center' | 'size' | 'yaw'>): Vec3[] {
  const q = [0, 0, Math.sin(box.yaw / 2), Math.cos(box.yaw / 2)] as const;
  const out: Vec3[] = [];
  for (const sx of [-1, 1]) for (const sy of [-1, 1]) for (const sz of [-1, 1]) {
    out.push(applyTransform({ translation: box.center, rotation: q }, [(sx * box.size[0]) / 2, (sy * box.size[1]) / 2, (sz * box.size[2]) / 2]));
  }
  return out;
}
