import type { Cuboid } from '../geometry/cuboid';
import { quatFromYaw } from '../geometry/quaternion';
import { seededRandom } from '../random/seededRandom';

export { seededRandom };

/**
 * Seeded synthetic LiDAR-like scenes for tests and benchmarks of the assists: noisy ground
 * (optionally sloped), a car-sized box, a pedestrian cylinder 2 m from it, a long wall, clutter.
 */

export const SceneLabel = { Ground: 0, Car: 1, Pedestrian: 2, Wall: 3, Clutter: 4 } as const;
export type SceneLabel = (typeof SceneLabel)[keyof typeof SceneLabel];

export interface SceneOptions {
  readonly seed?: number;
  /** 3 (x, y, z) or more (intensity etc. interleaved after z). Default 3. */
  readonly stride?: number;
  readonly groundHeight?: number;
  /** dz/dx and dz/dy of the ground. Default 0. */
  readonly slope?: readonly [number, number];
  /** Half side of the square of ground sampled around the origin. Default 30 m. */
  readonly groundHalfSize?: number;
  /** Ground points per square metre. Default 8. */
  readonly groundDensity?: number;
  readonly groundNoise?: number;
  /** Extra randomly placed small boxes (bins, bollards) at least 6 m from the car. Default 0. */
  readonly clutter?: number;
  /** Where the car stands (x, y) and its heading: a car moving along a known track, frame by frame. Default CAR_CENTER_XY, CAR_YAW. */
  readonly carCenter?: readonly [number, number];
  readonly carYaw?: number;
  /** The car's length, width, height. Default CAR_SIZE. */
  readonly carSize?: readonly [number, number, number];
}

export interface Scene {
  readonly points: Float32Array;
  readonly stride: number;
  readonly labels: Uint8Array;
  readonly car: Cuboid;
  readonly pedestrian: { readonly center: readonly [number, number]; readonly radius: number; readonly height: number };
  readonly groundAt: (x: number, y: number) => number;
}

export const CAR_CENTER_XY = [12, 3] as const;
export const CAR_SIZE = [4.5, 1.9, 1.5] as const;
export const CAR_YAW = Math.PI / 6;

export function makeScene(options: SceneOptions = {}): Scene {
  const rnd = seededRandom(options.seed ?? 1);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const stride = options.stride ?? 3;
  const g0 = options.groundHeight ?? -1.8;
  const [sx, sy] = options.slope ?? [0, 0];
  const groundAt = (x: number, y: number) => g0 + sx * x + sy * y;
  const xyz: number[] = [];
  const labels: number[] = [];
  const push = (x: number, y: number, z: number, label: SceneLabel) => {
    xyz.push(x, y, z);
    labels.push(label);
  };

  // Ground.
  const half = options.groundHalfSize ?? 30;
  const groundCount = Math.round((2 * half) ** 2 * (options.groundDensity ?? 8));
  const gn = options.groundNoise ?? 0.02;
  for (let i = 0; i < groundCount; i++) {
    const x = (rnd() * 2 - 1) * half;
    const y = (rnd() * 2 - 1) * half;
    push(x, y, groundAt(x, y) + gn * gauss(), SceneLabel.Ground);
  }

  // Car: surface samples of an upright box standing on the ground below its centre.
  const [cx, cy] = options.carCenter ?? CAR_CENTER_XY;
  const [l, w, h] = options.carSize ?? CAR_SIZE;
  const carYaw = options.carYaw ?? CAR_YAW;
  const base = groundAt(cx, cy);
  const c = Math.cos(carYaw);
  const s = Math.sin(carYaw);
  const carDensity = 60;
  const faces: Array<[number, (u: number, v: number) => [number, number, number]]> = [
    [w * h, (u, v) => [l / 2, (u - 0.5) * w, v * h]],
    [w * h, (u, v) => [-l / 2, (u - 0.5) * w, v * h]],
    [l * h, (u, v) => [(u - 0.5) * l, w / 2, v * h]],
    [l * h, (u, v) => [(u - 0.5) * l, -w / 2, v * h]],
    [l * w, (u, v) => [(u - 0.5) * l, (v - 0.5) * w, h]],
    [l * w, (u, v) => [(u - 0.5) * l, (v - 0.5) * w, 0]],
  ];
  for (const [area, at] of faces) {
    const count = Math.round(area * carDensity);
    for (let i = 0; i < count; i++) {
      const [lx, ly, lz] = at(rnd(), rnd());
      push(cx + c * lx - s * ly + 0.01 * gauss(), cy + s * lx + c * ly + 0.01 * gauss(), base + lz + 0.01 * gauss(), SceneLabel.Car);
    }
  }
  const car: Cuboid = { frame: 'lidar', center: [cx, cy, base + h / 2], size: [l, w, h], rotation: quatFromYaw(carYaw) };

  // Pedestrian: a cylinder whose surface is 2 m from the car's left side.
  const radius = 0.25;
  const pedHeight = 1.75;
  const off = w / 2 + 2 + radius;
  const px = cx - s * off;
  const py = cy + c * off;
  const pedBase = groundAt(px, py);
  for (let i = 0; i < 500; i++) {
    const a = rnd() * 2 * Math.PI;
    push(px + radius * Math.cos(a), py + radius * Math.sin(a), pedBase + rnd() * pedHeight, SceneLabel.Pedestrian);
  }

  // Wall: 20 m long, 3 m high, across x = 25.
  for (let i = 0; i < 2000; i++) {
    const y = (rnd() * 2 - 1) * 10;
    push(25 + 0.02 * gauss(), y, groundAt(25, y) + rnd() * 3, SceneLabel.Wall);
  }

  // Clutter: small boxes away from the car and pedestrian.
  for (let k = 0; k < (options.clutter ?? 0); k++) {
    let bx = 0;
    let by = 0;
    do {
      bx = (rnd() * 2 - 1) * (half - 1);
      by = (rnd() * 2 - 1) * (half - 1);
    } while (Math.hypot(bx - cx, by - cy) < 6 || Math.abs(bx - 25) < 2);
    const bb = groundAt(bx, by);
    for (let i = 0; i < 150; i++) push(bx + rnd() * 0.6, by + rnd() * 0.6, bb + rnd() * 1.0, SceneLabel.Clutter);
  }

  const n = labels.length;
  const points = new Float32Array(n * stride);
  for (let i = 0; i < n; i++) {
    points[i * stride] = xyz[3 * i];
    points[i * stride + 1] = xyz[3 * i + 1];
    points[i * stride + 2] = xyz[3 * i + 2];
    for (let e = 3; e < stride; e++) points[i * stride + e] = 0.5; // intensity and the like
  }
  return {
    points,
    stride,
    labels: Uint8Array.from(labels),
    car,
    pedestrian: { center: [px, py], radius, height: pedHeight },
    groundAt,
  };
}

/** Index of the first point with this label whose height above ground is within [lo, hi]. */
export function findPoint(scene: Scene, label: SceneLabel, lo = 0.5, hi = 1.2): number {
  const { points, stride, labels, groundAt } = scene;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== label) continue;
    const h = points[i * stride + 2] - groundAt(points[i * stride], points[i * stride + 1]);
    if (h >= lo && h <= hi) return i;
  }
  throw new Error(`no point labelled ${label} between ${lo} and ${hi} m above ground`);
}
