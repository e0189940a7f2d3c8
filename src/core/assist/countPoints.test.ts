import { describe, expect, it } from 'vitest';
import { cuboidContains, type Cuboid } from '../geometry/cuboid';
import { quatNormalize } from '../geometry/quaternion';
import { countPointsInCuboid } from './countPoints';
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
