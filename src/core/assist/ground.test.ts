import { describe, expect, it } from 'vitest';
import { estimateGroundHeight, fitGroundPlane, groundHeightAt } from './ground';
import { makeScene, seededRandom } from './syntheticScene';

describe('estimateGroundHeight', () => {
  it('finds level ground at z = -1.8 under and beside the car', () => {
    const scene = makeScene({ seed: 3 });
    for (const at of [[12, 3, 0], [0, 0, 0], [24, 0, 0], [10.4, 5.8, 0]] as const) {
      const z = estimateGroundHeight(scene.points, scene.stride, at, 6);
      expect(z).not.toBeNull();
      expect(Math.abs((z as number) + 1.8)).toBeLessThan(0.03);
    }
  });

  it('follows a sloped plane with objects on it', () => {
    const scene = makeScene({ seed: 5, slope: [0.06, -0.04], groundHeight: 0.7 });
    for (const [x, y] of [[12, 3], [-10, 8], [20, -12], [24, 0], [5, 5]]) {
      const z = estimateGroundHeight(scene.points, scene.stride, [x, y, 100], 6);
      expect(z).not.toBeNull();
      expect(Math.abs((z as number) - scene.groundAt(x, y))).toBeLessThan(0.05);
    }
    const plane = fitGroundPlane(scene.points, scene.stride, [0, 0, 0], 8);
    expect(plane).not.toBeNull();
    expect(plane!.slopeX).toBeCloseTo(0.06, 2);
    expect(plane!.slopeY).toBeCloseTo(-0.04, 2);
    expect(groundHeightAt(plane!, 3, -2)).toBeCloseTo(scene.groundAt(3, -2), 1);
  });

  it('keeps to the ground where parked cars and walls fill half the disc and a crop cuts off the rest', () => {
    // A scan cropped to a camera's view, clicked on a car parked at its edge (KITTI 000008's
    // nearest car): the ground shows on one side only, and the cells beside it hold the lowest
    // points of car bodies and walls, 0.2-1.4 m above it, that a plane fitted through everything
    // within a metre leans towards.
    const rnd = seededRandom(4);
    const xyz: number[] = [];
    for (let x = -8; x <= 8; x += 0.2) for (let y = -8; y < 0.6; y += 0.2) if (y < 0.6 - 0.5 * Math.max(0, x)) xyz.push(x, y, -1.7 + 0.02 * (rnd() - 0.5));
    for (let x = -3; x <= 8; x += 0.1) {
      for (let y = 0.6; y <= 6; y += 0.25) {
        const low = -1.35 + 0.35 * (y - 0.6) + 0.15 * Math.sin(2 * x);
        for (let z = low; z < 0.5; z += 0.3) xyz.push(x, y, z);
      }
    }
    const points = Float32Array.from(xyz);
    const plane = fitGroundPlane(points, 3, [0, 1.5, 0], 8);
    expect(plane).not.toBeNull();
    for (const [x, y] of [[0, 1.5], [3, 3], [-2, -4]]) expect(groundHeightAt(plane!, x, y)).toBeCloseTo(-1.7, 1);
  });

  it('ignores a few points far below the ground (multipath)', () => {
    const scene = makeScene({ seed: 9 });
    const rnd = seededRandom(10);
    const extra = new Float32Array(scene.points.length + 20 * 3);
    extra.set(scene.points);
    for (let k = 0; k < 20; k++) {
      const o = scene.points.length + 3 * k;
      extra[o] = (rnd() - 0.5) * 6;
      extra[o + 1] = (rnd() - 0.5) * 6;
      extra[o + 2] = -6;
    }
    const z = estimateGroundHeight(extra, 3, [0, 0, 0], 5);
    expect(Math.abs((z as number) + 1.8)).toBeLessThan(0.05);
  });

  it('reads stride-4 buffers (intensity interleaved)', () => {
    const scene = makeScene({ seed: 3, stride: 4, groundHeight: 2.5 });
    const z = estimateGroundHeight(scene.points, 4, [0, 0, 0], 5);
    expect(Math.abs((z as number) - 2.5)).toBeLessThan(0.03);
  });

  it('returns null with too few points and throws on a bad radius or stride', () => {
    const sparse = new Float32Array([0, 0, -1.8, 1, 0, -1.8, 0, 1, -1.8, 50, 50, -1.8]);
    expect(estimateGroundHeight(sparse, 3, [0, 0, 0], 5)).toBeNull();
    expect(estimateGroundHeight(new Float32Array(0), 3, [0, 0, 0], 5)).toBeNull();
    const scene = makeScene({ seed: 1 });
    expect(estimateGroundHeight(scene.points, 3, [500, 500, 0], 5)).toBeNull();
    expect(() => estimateGroundHeight(scene.points, 3, [0, 0, 0], 0)).toThrow(/radius/);
    expect(() => estimateGroundHeight(scene.points, 2, [0, 0, 0], 5)).toThrow(/stride/);
  });
});
