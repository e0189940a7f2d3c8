import { describe, expect, it } from 'vitest';
import { quatFromYaw } from '../geometry/quaternion';
import { seededRandom } from '../random/seededRandom';
import { labelWord } from './labelWord';
import { insidePolygon, regionGrow, selectInCuboid, selectInCylinder, selectInImagePolygon, selectInSphere, selectInViewPolygon } from './selectPoints';

const random = seededRandom(11);
/** 4,000 points in a 20 m cube around the origin, stride 4 as the app keeps them. */
const N = 4000;
const points = new Float32Array(4 * N);
for (let i = 0; i < N; i++) points.set([random() * 20 - 10, random() * 20 - 10, random() * 20 - 10, 0], 4 * i);
const xyz = (i: number) => [points[4 * i], points[4 * i + 1], points[4 * i + 2]];
const brute = (keep: (p: number[]) => boolean) => Uint32Array.from(Array.from({ length: N }, (_, i) => i).filter((i) => keep(xyz(i))));

describe('point selections', () => {
  it('box, sphere and cylinder select what their definitions say, in index order', () => {
    const yaw = 0.6;
    const box = { frame: 'lidar', center: [1, 2, 0] as const, size: [6, 3, 4] as const, rotation: quatFromYaw(yaw) };
    const inBox = (p: number[]) => {
      const dx = p[0] - 1;
      const dy = p[1] - 2;
      const lx = Math.cos(yaw) * dx + Math.sin(yaw) * dy;
      const ly = -Math.sin(yaw) * dx + Math.cos(yaw) * dy;
      return Math.abs(lx) <= 3 && Math.abs(ly) <= 1.5 && Math.abs(p[2]) <= 2;
    };
    const got = selectInCuboid(points, 4, box);
    expect(got.length).toBeGreaterThan(20);
    expect(got).toEqual(brute(inBox));
    expect(selectInSphere(points, 4, [0, 0, 0], 4)).toEqual(brute((p) => Math.hypot(p[0], p[1], p[2]) <= 4));
    expect(selectInCylinder(points, 4, [2, -1, 0], 3, -1, 5)).toEqual(brute((p) => Math.hypot(p[0] - 2, p[1] + 1) <= 3 && p[2] >= -1 && p[2] <= 5));
  });

  it('a lasso through the 3D view takes every point in front of the camera projecting inside it, at any depth', () => {
    // Looking down +x from x = -20: device x = -y / z-ish; a simple perspective with w = x + 20.
    const m = new Float64Array(16);
    m[4] = -1; // u·w = -y
    m[9] = 1; // v·w = z
    m[3] = 1;
    m[15] = 20; // w = x + 20
    const triangle = [-0.2, -0.2, 0.3, -0.2, 0, 0.3];
    const got = selectInViewPolygon(points, 4, m, triangle);
    expect(got).toEqual(brute((p) => p[0] + 20 > 0 && insidePolygon(triangle, -p[1] / (p[0] + 20), p[2] / (p[0] + 20))));
    expect(got.length).toBeGreaterThan(20);
  });

  it('a lasso through a camera image takes the points its projection puts inside, none behind the camera', () => {
    const project = (x: number, y: number, z: number): [number, number] | null => (x > 0.5 ? [500 - (400 * y) / x, 300 - (400 * z) / x] : null);
    const square = [400, 200, 600, 200, 600, 400, 400, 400];
    const got = selectInImagePolygon(points, 4, project, square);
    expect(got).toEqual(brute((p) => p[0] > 0.5 && Math.abs((400 * p[1]) / p[0]) <= 100 && Math.abs((400 * p[2]) / p[0]) <= 100));
  });

  it('region growing takes one object and not its neighbour across a gap wider than the step', () => {
    // Two dense 1 m cubes of points 0.5 m apart, and a labelled wall touching the second.
    const cloud: number[] = [];
    const grid = (x0: number, n: number, step: number) => {
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) for (let c = 0; c < n; c++) cloud.push(x0 + a * step, b * step, c * step, 0);
    };
    grid(0, 6, 0.2); // 216 points, x 0 – 1
    grid(1.5, 6, 0.2); // 216 points, x 1.5 – 2.5
    const first = regionGrow(new Float32Array(cloud), 4, 10, { radius: 0.3 });
    expect(first.truncated).toBe(false);
    expect([...first.indices]).toEqual(Array.from({ length: 216 }, (_, i) => i));
    const capped = regionGrow(new Float32Array(cloud), 4, 10, { radius: 0.3, maxPoints: 50 });
    expect(capped.indices.length).toBe(50);
    expect(capped.truncated).toBe(true);
    const wide = regionGrow(new Float32Array(cloud), 4, 10, { radius: 0.6 });
    expect(wide.indices.length).toBe(432);
    // The second cube labelled and locked: a wide step stops at it.
    const labels = new Uint32Array(432);
    labels.fill(labelWord(50), 216);
    expect(regionGrow(new Float32Array(cloud), 4, 10, { radius: 0.6, locked: new Set([50]), labels }).indices.length).toBe(216);
  });

  it('region growing by voxels finds exactly the points a point-by-point search reaches', () => {
    const random = seededRandom(11);
    const n = 3000;
    const cloud = new Float32Array(4 * n);
    // Clumps and stragglers, so some steps are just inside the radius and some just outside.
    for (let i = 0; i < n; i++) {
      const clump = i % 7;
      cloud[4 * i] = clump * 1.1 + random() * 0.9;
      cloud[4 * i + 1] = random() * 1.5;
      cloud[4 * i + 2] = random() * 0.4;
    }
    const labels = new Uint32Array(n);
    for (let i = 0; i < n; i += 5) labels[i] = labelWord(40);
    const bfs = (seed: number, radius: number, locked: boolean): number[] => {
      const seen = new Uint8Array(n);
      seen[seed] = 1;
      const queue = [seed];
      for (let h = 0; h < queue.length; h++) {
        const s = queue[h];
        for (let t = 0; t < n; t++) {
          if (seen[t] || (locked && labels[t] === labelWord(40))) continue;
          const d = Math.hypot(cloud[4 * t] - cloud[4 * s], cloud[4 * t + 1] - cloud[4 * s + 1], cloud[4 * t + 2] - cloud[4 * s + 2]);
          if (d <= radius) {
            seen[t] = 1;
            queue.push(t);
          }
        }
      }
      return queue.sort((a, b) => a - b);
    };
    for (const [seed, radius, locked] of [[1, 0.12, false], [2, 0.2, false], [3, 0.11, true], [6, 0.25, true]] as const) {
      const got = regionGrow(cloud, 4, seed, { radius, ...(locked ? { locked: new Set([40]), labels } : {}) });
      expect([...got.indices]).toEqual(bfs(seed, radius, locked));
    }
  });
});
