import type { Cuboid } from '../geometry/cuboid';
import { bevIou } from '../geometry/bevIou';
import { quatFromYaw } from '../geometry/quaternion';
import { seededRandom } from '../random/seededRandom';

/**
 * Generated labelled LiDAR frames for the fit's tests and benchmark: road users of every class
 * (amodal ground-truth boxes known exactly) on flat ground, scanned by a spinning 64-beam sensor
 * by ray casting, so that only the sensor-facing sides return points and nearer objects shadow
 * farther ones, as in a real scan. Some objects stand side by side 0.3–0.5 m apart.
 */

export type SyntheticClass = 'car' | 'truck' | 'bus' | 'pedestrian' | 'cyclist' | 'motorcycle';
export const SYNTHETIC_CLASSES: readonly SyntheticClass[] = ['car', 'truck', 'bus', 'pedestrian', 'cyclist', 'motorcycle'];

export interface SyntheticObject {
  readonly classId: SyntheticClass;
  /** Amodal box in the sensor frame. */
  readonly cuboid: Cuboid;
}

export interface SyntheticFrame {
  /** x, y, z, intensity per point (stride 4), sensor frame, sensor at the origin. */
  readonly points: Float32Array;
  /** Per point: index into `objects`, or -1 (ground, poles, walls). */
  readonly objectOf: Int32Array;
  readonly objects: readonly SyntheticObject[];
  readonly groundZ: number;
}

export interface SyntheticFrameOptions {
  readonly seed: number;
  /** Road users placed (pairs count twice). Default 16. */
  readonly objects?: number;
  readonly minRange?: number;
  readonly maxRange?: number;
  /** Azimuth steps per turn. Default 2000 (0.18°, as KITTI's HDL-64E). */
  readonly azimuthSteps?: number;
  /** Probability that an object gets a neighbour 0.3–0.5 m beside it. Default 0.35. */
  readonly pairProbability?: number;
  /** Force every object to this class. */
  readonly classes?: readonly SyntheticClass[];
}

/** An upright prism: a yawed box, or a vertical cylinder when `radius` is set. */
interface Part {
  readonly cx: number;
  readonly cy: number;
  readonly z0: number;
  readonly z1: number;
  readonly hl: number;
  readonly hw: number;
  readonly yaw: number;
  readonly radius?: number;
  readonly owner: number;
}

const SENSOR_HEIGHT = 1.73;
const BEAMS = 64;
const TOP_DEG = 2;
const BOTTOM_DEG = -24.8;
const RANGE_NOISE = 0.02;

/**
 * Length × width (m) of every pedestrian labelled in the nuScenes sample of the mmdetection3d
 * demo (shared/data/driving/mmdet3d_demo/nuscenes, its info pickle, read by bench/fit/realFrames.ts):
 * 30 people, 0.62–1.04 m long (mean 0.84) and 0.62–1.02 m wide (mean 0.78). The one KITTI
 * pedestrian at hand (1.20 × 0.48 m, mid-stride) is no smaller. Generated people of 0.55–0.70 m
 * were smaller than anyone labelled in either set, and the fit was scored against them.
 */
export const PEDESTRIAN_FOOTPRINTS: ReadonlyArray<readonly [number, number]> = [
  [0.67, 0.62], [0.77, 0.78], [0.82, 0.75], [0.70, 0.66], [0.71, 0.65], [0.92, 1.02],
  [0.89, 0.93], [0.91, 0.80], [0.90, 0.87], [0.74, 0.79], [0.95, 0.77], [0.87, 0.80],
  [0.88, 0.84], [0.86, 0.71], [0.78, 0.73], [0.75, 0.73], [0.87, 0.91], [1.00, 0.79],
  [0.84, 0.76], [0.77, 0.74], [0.90, 0.69], [0.81, 0.75], [0.96, 0.78], [1.04, 0.94],
  [0.72, 0.69], [0.96, 0.90], [0.86, 0.73], [0.87, 0.77], [0.62, 0.63], [0.94, 0.97],
];

type Rnd = () => number;
const between = (rnd: Rnd, a: number, b: number) => a + (b - a) * rnd();

function sizeOf(cls: SyntheticClass, rnd: Rnd): [number, number, number] {
  switch (cls) {
    case 'car': return [between(rnd, 3.9, 4.9), between(rnd, 1.7, 2.0), between(rnd, 1.4, 1.7)];
    case 'truck': return [between(rnd, 6.5, 9.5), between(rnd, 2.3, 2.6), between(rnd, 2.8, 3.5)];
    case 'bus': return [between(rnd, 10, 12.5), between(rnd, 2.5, 2.7), between(rnd, 3.0, 3.4)];
    case 'pedestrian': {
      // Footprints drawn from labelled people, not a guess: the fit is scored against boxes as
      // annotators draw them (stride and arm swing included), which are larger than the body.
      const [l, w] = PEDESTRIAN_FOOTPRINTS[Math.floor(rnd() * PEDESTRIAN_FOOTPRINTS.length)];
      // A few centimetres of spread, about a label's own uncertainty, so that 30 labels do not
      // become 30 exact sizes; one draw for both keeps the stream of draws as long as before.
      const spread = between(rnd, -0.02, 0.02);
      return [l + spread, w + spread, between(rnd, 1.55, 1.9)];
    }
    case 'cyclist': return [between(rnd, 1.6, 1.9), between(rnd, 0.55, 0.75), between(rnd, 1.6, 1.85)];
    case 'motorcycle': return [between(rnd, 1.9, 2.3), between(rnd, 0.7, 0.95), between(rnd, 1.3, 1.6)];
  }
}

/** The surfaces a class shows the sensor, inside its amodal box (local x along the heading). */
function partsOf(cls: SyntheticClass, cx: number, cy: number, yaw: number, l: number, w: number, h: number, g: number, owner: number, rnd: Rnd): Part[] {
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  const at = (u: number, v: number) => [cx + c * u - s * v, cy + s * u + c * v] as const;
  const box = (u: number, v: number, hl: number, hw: number, z0: number, z1: number): Part => {
    const [x, y] = at(u, v);
    return { cx: x, cy: y, z0: g + z0, z1: g + z1, hl, hw, yaw, owner };
  };
  const cyl = (u: number, v: number, radius: number, z0: number, z1: number): Part => {
    const [x, y] = at(u, v);
    return { cx: x, cy: y, z0: g + z0, z1: g + z1, hl: radius, hw: radius, yaw, radius, owner };
  };
  switch (cls) {
    case 'car': {
      const roof = between(rnd, 0.45, 0.6) * l;
      return [box(0, 0, l / 2, w / 2, 0.3, 0.6 * h), box(-0.05 * l, 0, roof / 2, 0.45 * w, 0.6 * h, h)];
    }
    case 'truck': {
      const cab = 1.9;
      return [box(l / 2 - cab / 2, 0, cab / 2, w / 2, 0.4, 0.85 * h), box(-cab / 2, 0, (l - cab) / 2, w / 2, 0.5, h)];
    }
    case 'bus':
      return [box(0, 0, l / 2, w / 2, 0.35, h)];
    case 'pedestrian': {
      // A torso about 0.24 m deep and 0.42 m across, legs apart by the stride inside the box.
      const stride = between(rnd, -0.5, 0.5) * (l / 2 - 0.08);
      return [
        box(0, 0, 0.12, Math.min(0.21, w / 2 - 0.05), 0.85, 0.6 * h + 0.42),
        cyl(0, 0, 0.1, 0.6 * h + 0.42, h),
        cyl(stride, 0.1, 0.07, 0, 0.88),
        cyl(-stride, -0.1, 0.07, 0, 0.88),
      ];
    }
    case 'cyclist':
    case 'motorcycle': {
      const wheel = cls === 'cyclist' ? 0.35 : 0.32;
      return [
        box(0, 0, l / 2, cls === 'cyclist' ? 0.05 : 0.2, 0.05, 2 * wheel + 0.05),
        box(-0.1 * l, 0, 0.18, w / 2 - 0.05, 2 * wheel + 0.15, 0.8 * h),
        cyl(-0.05 * l, 0, 0.1, 0.8 * h, h),
        cyl(0, 0.15, 0.06, 0.3, 2 * wheel + 0.15),
      ];
    }
  }
}

/**
 * One frame. Deterministic in `seed`. Objects are placed with at least 0.3 m between footprints
 * (or 0.3–0.5 m for a side-by-side pair), poles and a few walls add clutter farther out.
 */
export function makeSyntheticFrame(options: SyntheticFrameOptions): SyntheticFrame {
  const rnd = seededRandom(options.seed);
  const g = -SENSOR_HEIGHT;
  const count = options.objects ?? 16;
  const minRange = options.minRange ?? 4;
  const maxRange = options.maxRange ?? 60;
  const pairP = options.pairProbability ?? 0.35;
  const pool = options.classes ?? (['car', 'car', 'car', 'car', 'truck', 'bus', 'pedestrian', 'pedestrian', 'pedestrian', 'cyclist', 'cyclist', 'motorcycle'] as const);
  const objects: SyntheticObject[] = [];
  const footprints: Array<{ cx: number; cy: number; length: number; width: number; yaw: number }> = [];
  const parts: Part[] = [];
  // Footprints grown by 0.14 m a side must not overlap: the gap between any two is ≥ 0.28 m.
  const free = (cx: number, cy: number, l: number, w: number, yaw: number) =>
    Math.hypot(cx, cy) > 3 && footprints.every((f) => bevIou(f, { cx, cy, length: l + 0.28, width: w + 0.28, yaw }) === 0);
  const place = (cls: SyntheticClass, cx: number, cy: number, yaw: number, size: [number, number, number]): boolean => {
    const [l, w, h] = size;
    if (!free(cx, cy, l, w, yaw)) return false;
    footprints.push({ cx, cy, length: l + 0.28, width: w + 0.28, yaw });
    objects.push({ classId: cls, cuboid: { frame: 'lidar', center: [cx, cy, g + h / 2], size: [l, w, h], rotation: quatFromYaw(yaw) } });
    parts.push(...partsOf(cls, cx, cy, yaw, l, w, h, g, objects.length - 1, rnd));
    return true;
  };
  for (let attempt = 0; objects.length < count && attempt < 50 * count; attempt++) {
    const cls = pool[Math.floor(rnd() * pool.length)];
    const r = between(rnd, minRange, maxRange);
    const az = rnd() * 2 * Math.PI;
    const cx = r * Math.cos(az);
    const cy = r * Math.sin(az);
    const yaw = rnd() < 0.6 ? Math.round(rnd()) * Math.PI + between(rnd, -0.15, 0.15) : between(rnd, -Math.PI, Math.PI);
    const size = sizeOf(cls, rnd);
    if (!place(cls, cx, cy, yaw, size)) continue;
    if (rnd() < pairP && objects.length < count) {
      const mate = rnd() < 0.5 ? cls : pool[Math.floor(rnd() * pool.length)];
      const mateSize = sizeOf(mate, rnd);
      const gap = between(rnd, 0.3, 0.5);
      const side = rnd() < 0.5 ? -1 : 1;
      const off = side * (size[1] / 2 + mateSize[1] / 2 + gap);
      const shift = between(rnd, -0.3, 0.3) * size[0];
      const mx = cx - Math.sin(yaw) * off + Math.cos(yaw) * shift;
      const my = cy + Math.cos(yaw) * off + Math.sin(yaw) * shift;
      // The pair's own gap is exact by construction; only the others are checked against.
      const first = footprints.pop()!;
      const ok = free(mx, my, mateSize[0], mateSize[1], yaw);
      footprints.push(first);
      if (ok) {
        footprints.push({ cx: mx, cy: my, length: mateSize[0] + 0.28, width: mateSize[1] + 0.28, yaw });
        objects.push({ classId: mate, cuboid: { frame: 'lidar', center: [mx, my, g + mateSize[2] / 2], size: mateSize, rotation: quatFromYaw(yaw) } });
        parts.push(...partsOf(mate, mx, my, yaw, mateSize[0], mateSize[1], mateSize[2], g, objects.length - 1, rnd));
      }
    }
  }
  // Clutter that belongs to no object: poles, and walls beyond the road users.
  for (let k = 0; k < 12; k++) {
    const r = between(rnd, 6, maxRange);
    const az = rnd() * 2 * Math.PI;
    const [cx, cy] = [r * Math.cos(az), r * Math.sin(az)];
    if (!free(cx, cy, 0.3, 0.3, 0)) continue;
    parts.push({ cx, cy, z0: g, z1: g + 3.5, hl: 0.08, hw: 0.08, yaw: 0, radius: 0.08, owner: -1 });
  }
  for (let k = 0; k < 3; k++) {
    const az = rnd() * 2 * Math.PI;
    const r = maxRange + 8;
    parts.push({ cx: r * Math.cos(az), cy: r * Math.sin(az), z0: g, z1: g + 6, hl: 0.3, hw: 15, yaw: az, owner: -1 });
  }
  return { ...scan(parts, g, options.azimuthSteps ?? 2000, maxRange + 25, rnd), objects, groundZ: g };
}

function scan(parts: readonly Part[], g: number, steps: number, maxRange: number, rnd: Rnd): { points: Float32Array; objectOf: Int32Array } {
  // Which parts each azimuth step can hit, from each part's angular extent seen from the sensor.
  const byStep: number[][] = Array.from({ length: steps }, () => []);
  parts.forEach((p, i) => {
    const reach = Math.hypot(p.hl, p.hw);
    const d = Math.hypot(p.cx, p.cy);
    const half = d <= reach ? Math.PI : Math.asin(reach / d);
    const mid = Math.atan2(p.cy, p.cx);
    const a0 = Math.floor(((mid - half) / (2 * Math.PI)) * steps);
    const a1 = Math.ceil(((mid + half) / (2 * Math.PI)) * steps);
    for (let a = a0; a <= a1 && a - a0 < steps; a++) byStep[((a % steps) + steps) % steps].push(i);
  });
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const xyz: number[] = [];
  const owner: number[] = [];
  for (let a = 0; a < steps; a++) {
    const az = (2 * Math.PI * a) / steps;
    const ca = Math.cos(az);
    const sa = Math.sin(az);
    for (let b = 0; b < BEAMS; b++) {
      const el = ((TOP_DEG + ((BOTTOM_DEG - TOP_DEG) * b) / (BEAMS - 1)) * Math.PI) / 180;
      const dx = Math.cos(el) * ca;
      const dy = Math.cos(el) * sa;
      const dz = Math.sin(el);
      let best = dz < 0 ? g / dz : Infinity;
      let who = -1;
      for (const i of byStep[a]) {
        const t = hitPart(parts[i], dx, dy, dz);
        if (t < best) {
          best = t;
          who = parts[i].owner;
        }
      }
      if (!(best <= maxRange)) continue;
      const t = best + RANGE_NOISE * gauss();
      xyz.push(dx * t, dy * t, dz * t, who >= 0 ? 0.6 : 0.15);
      owner.push(who);
    }
  }
  return { points: Float32Array.from(xyz), objectOf: Int32Array.from(owner) };
}

/** Distance along the unit ray from the origin to the part, Infinity when it misses. */
function hitPart(p: Part, dx: number, dy: number, dz: number): number {
  let tNear = 0;
  let tFar = Infinity;
  if (p.radius !== undefined) {
    // |o + t d − c|² = r² in the plane: o is the origin.
    const a = dx * dx + dy * dy;
    const bh = -(dx * p.cx + dy * p.cy);
    const cc = p.cx * p.cx + p.cy * p.cy - p.radius * p.radius;
    const disc = bh * bh - a * cc;
    if (!(a > 0) || disc < 0) return Infinity;
    const sq = Math.sqrt(disc);
    tNear = (-bh - sq) / a;
    tFar = (-bh + sq) / a;
  } else {
    const c = Math.cos(p.yaw);
    const s = Math.sin(p.yaw);
    const ox = c * -p.cx + s * -p.cy;
    const oy = -s * -p.cx + c * -p.cy;
    const lx = c * dx + s * dy;
    const ly = -s * dx + c * dy;
    for (const [o, d, h] of [[ox, lx, p.hl], [oy, ly, p.hw]] as const) {
      if (Math.abs(d) < 1e-12) {
        if (Math.abs(o) > h) return Infinity;
        continue;
      }
      const t1 = (-h - o) / d;
      const t2 = (h - o) / d;
      tNear = Math.max(tNear, Math.min(t1, t2));
      tFar = Math.min(tFar, Math.max(t1, t2));
    }
  }
  if (Math.abs(dz) > 1e-12) {
    const t1 = p.z0 / dz;
    const t2 = p.z1 / dz;
    tNear = Math.max(tNear, Math.min(t1, t2));
    tFar = Math.min(tFar, Math.max(t1, t2));
  } else if (p.z0 > 0 || p.z1 < 0) return Infinity;
  return tNear <= tFar && tNear > 0 ? tNear : Infinity;
}
