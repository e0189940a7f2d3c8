import { describe, expect, it } from 'vitest';
import { quatFromYaw } from '../../geometry/quaternion';
import { groundUnderRay, pickCuboid, rayAtHeight, rayCuboidEntry } from './ray';

const box = (x: number, y: number, yaw = 0) => ({ frame: 'lidar', center: [x, y, 1] as const, size: [4, 2, 2] as const, rotation: quatFromYaw(yaw) });

describe('rays', () => {
  it('meet a height plane ahead of the eye, never behind it or when parallel', () => {
    expect(rayAtHeight({ origin: [1, 2, 10], direction: [0, 0, -2] }, 0)).toEqual([1, 2, 0]);
    expect(rayAtHeight({ origin: [0, 0, 10], direction: [0, 0, 1] }, 0)).toBeNull();
    expect(rayAtHeight({ origin: [0, 0, 10], direction: [1, 0, 0] }, 0)).toBeNull();
  });

  it('enter a yawed box through its own faces', () => {
    const yawed = box(0, 0, Math.PI / 2); // 4 m along y, 2 m along x
    expect(rayCuboidEntry({ origin: [1.5, 0, 10], direction: [0, 0, -1] }, yawed)).toBeNull();
    expect(rayCuboidEntry({ origin: [0, 1.5, 10], direction: [0, 0, -1] }, yawed)).toBeCloseTo(8);
    expect(rayCuboidEntry({ origin: [-10, 0, 1], direction: [1, 0, 0] }, yawed)).toBeCloseTo(9);
    expect(rayCuboidEntry({ origin: [0, 0, 1], direction: [1, 0, 0] }, yawed)).toBe(0);
  });

  it('pick the box met first along the ray', () => {
    const boxes = [
      { objectId: 'far', cuboid: box(20, 0) },
      { objectId: 'near', cuboid: box(10, 0) },
    ];
    expect(pickCuboid({ origin: [0, 0, 1], direction: [1, 0, 0] }, boxes)).toBe('near');
    expect(pickCuboid({ origin: [0, 5, 1], direction: [1, 0, 0] }, boxes)).toBeNull();
  });

  it('land on the local ground where the points say it is', () => {
    // A ground patch at z = 0.5 around (10, 0), while the frame's ground estimate says 0.
    const pts: number[] = [];
    for (let x = 7; x <= 13; x += 0.25) for (let y = -3; y <= 3; y += 0.25) pts.push(x, y, 0.5);
    const ray = { origin: [0, 0, 10.5] as const, direction: [1, 0, -1] as const };
    const p = groundUnderRay(ray, new Float32Array(pts), 3, 0)!;
    expect(p[2]).toBeCloseTo(0.5, 2);
    expect(p[0]).toBeCloseTo(10, 2);
    expect(groundUnderRay(ray, new Float32Array(0), 3, 0)).toEqual([10.5, 0, 0]);
  });
});
