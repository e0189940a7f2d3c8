import { describe, expect, it } from 'vitest';
import { cuboidContains, type Cuboid } from '../geometry/cuboid';
import { quatNormalize } from '../geometry/quaternion';
import { countPointsInCuboid, pointColumns, visitPointsInCuboid, visitPointsInCuboidByColumns } from './countPoints';
import { seededRandom } from './syntheticScene';

function randomCloud(n: number, stride: number, seed: number): Float32Array {
  const rnd = seededRandom(seed);
  const out = new Float32Array(n * stride);
  for (let i = 0; i < n; i++) {
    out[i * stride] = (rnd() - 0.5) * 12 + 3;
    out[i * stride + 1] = (rnd() - 0.5) * 12 - 1;
    out[i * stride + 2] = (rnd() - 0.5) * 6;
    for (let e = 3; e < stride; e++) out[i * stride + e] = 99; // must be ignored
  }
  return out;
}

function bruteForce(points: Float32Array, stride: number, c: Cuboid, margin = 0): number {
  let n = 0;
  for (let i = 0; i + stride <= points.length; i += stride) {
    if (cuboidContains(c, [points[i], points[i + 1], points[i + 2]], margin)) n++;
  }
  return n;
}

describe('countPointsInCuboid', () => {
  const tilted: Cuboid = {
    frame: 'lidar',
    center: [3.5, -0.5, 0.3],
    size: [4.5, 1.9, 1.5],
    rotation: quatNormalize([0.1, -0.2, 0.5, 0.8]),
  };

  it.each([3, 4, 5])('matches a brute-force cuboidContains count for a rotated box (stride %i)', (stride) => {
    const points = randomCloud(50_000, stride, stride);
    const expected = bruteForce(points, stride, tilted);
    expect(expected).toBeGreaterThan(500);
    expect(countPointsInCuboid(points, stride, tilted)).toBe(expected);
  });

  it('matches brute force for a yaw-only box and with a margin', () => {
    const points = randomCloud(30_000, 3, 11);
    const yawBox: Cuboid = { ...tilted, rotation: [0, 0, Math.sin(0.6), Math.cos(0.6)] };
    expect(countPointsInCuboid(points, 3, yawBox)).toBe(bruteForce(points, 3, yawBox));
    expect(countPointsInCuboid(points, 3, yawBox, 0.25)).toBe(bruteForce(points, 3, yawBox, 0.25));
    expect(countPointsInCuboid(points, 3, yawBox, 0.25)).toBeGreaterThan(countPointsInCuboid(points, 3, yawBox));
  });

  it('accepts an unnormalised quaternion as the same rotation', () => {
    const points = randomCloud(20_000, 3, 12);
    const scaled: Cuboid = { ...tilted, rotation: [0.3, -0.6, 1.5, 2.4] };
    expect(countPointsInCuboid(points, 3, scaled)).toBe(bruteForce(points, 3, tilted));
  });

  it('counts points on faces and skips non-finite points', () => {
    const box: Cuboid = { frame: 'lidar', center: [0, 0, 0], size: [2, 2, 2], rotation: [0, 0, 0, 1] };
    const pts = new Float32Array([1, 0, 0, 0, -1, 1, 1.001, 0, 0, Number.NaN, 0, 0, 0, 0, Number.POSITIVE_INFINITY]);
    expect(countPointsInCuboid(pts, 3, box)).toBe(2);
  });
});

describe('visitPointsInCuboidByColumns', () => {
  const visited = (visit: (f: (i: number) => void) => void) => {
    const out: number[] = [];
    visit((i) => out.push(i));
    return out.sort((a, b) => a - b);
  };

  it('visits exactly the points visitPointsInCuboid visits, for boxes anywhere over and beyond the sweep', () => {
    const rnd = seededRandom(21);
    const stride = 4;
    const points = randomCloud(20_000, stride, 21);
    // Points no box holds, which must land in no column: non-finite in x, y or z.
    points.set([Number.NaN, 0, 0, 0, 1, Number.POSITIVE_INFINITY, 0, 0, 1, 1, Number.NaN, 0], 0);
    const columns = pointColumns(points, stride);
    expect(columns.nx * columns.ny).toBeGreaterThan(100);
    let inside = 0;
    for (let k = 0; k < 300; k++) {
      const yaw = rnd() * Math.PI;
      const box: Cuboid = {
        frame: 'lidar',
        center: [(rnd() - 0.5) * 16 + 3, (rnd() - 0.5) * 16 - 1, (rnd() - 0.5) * 4],
        size: [0.2 + rnd() * 5, 0.2 + rnd() * 3, 0.2 + rnd() * 3],
        rotation: k % 3 === 0 ? quatNormalize([rnd() - 0.5, rnd() - 0.5, rnd() - 0.5, 1]) : [0, 0, Math.sin(yaw / 2), Math.cos(yaw / 2)],
      };
      const margin = k % 4 === 0 ? 0.3 : 0;
      const expected = visited((f) => visitPointsInCuboid(points, stride, box, margin, f));
      inside += expected.length;
      expect(visited((f) => visitPointsInCuboidByColumns(columns, box, margin, f))).toEqual(expected);
    }
    expect(inside).toBeGreaterThan(3000);
  });

  it('finds points on a column border and on the sweep’s edges, and none in an empty or one-point sweep', () => {
    const points = Float32Array.from([0, 0, 0, 10, 10, 0, 5, 5, 0, 10, 0, 0, 0, 10, 0, 2.5, 7.5, 0]);
    const columns = pointColumns(points, 3);
    const at = (x: number, y: number): Cuboid => ({ frame: 'lidar', center: [x, y, 0], size: [0.5, 0.5, 0.5], rotation: [0, 0, 0, 1] });
    for (const [x, y, i] of [[0, 0, 0], [10, 10, 1], [5, 5, 2], [10, 0, 3], [0, 10, 4], [2.5, 7.5, 5]]) {
      expect(visited((f) => visitPointsInCuboidByColumns(columns, at(x, y), 0, f))).toEqual([i]);
    }
    expect(visited((f) => visitPointsInCuboidByColumns(pointColumns(new Float32Array(0), 3), at(0, 0), 0, f))).toEqual([]);
    expect(visited((f) => visitPointsInCuboidByColumns(pointColumns(Float32Array.from([1, 2, 3]), 3), at(1, 2), 3, f))).toEqual([0]);
  });
});
