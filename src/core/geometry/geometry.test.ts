import { describe, expect, it } from 'vitest';
import { cuboidContains, cuboidCorners, MIN_CUBOID_EDGE, toCuboidLocal, validateCuboid, type Cuboid } from './cuboid';
import {
  IDENTITY_QUAT,
  quatConjugate,
  quatFromYaw,
  quatMultiply,
  quatNormalize,
  rotateVec3,
  yawOf,
  type Quat,
} from './quaternion';
import { add, cross, dot, length, sub, type Vec3 } from './vec3';

const expectVec = (actual: readonly number[], expected: readonly number[], digits = 12) => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], digits));
};

describe('vec3', () => {
  it('does the basic algebra', () => {
    expect(add([1, 2, 3], [4, 5, 6])).toEqual([5, 7, 9]);
    expect(sub([1, 2, 3], [4, 5, 6])).toEqual([-3, -3, -3]);
    expect(dot([1, 2, 3], [4, 5, 6])).toBe(32);
    expect(cross([1, 0, 0], [0, 1, 0])).toEqual([0, 0, 1]);
    expect(length([2, 3, 6])).toBe(7);
  });
});

describe('quaternion', () => {
  it.each([0, 0.3, -0.3, 1.5, Math.PI / 2, -Math.PI / 2, 3, -3, Math.PI - 1e-9])('round-trips yaw %f', (yaw) => {
    const q = quatFromYaw(yaw);
    expect(Math.hypot(...q)).toBeCloseTo(1, 14);
    expect(yawOf(q)).toBeCloseTo(yaw, 12);
  });

  it('wraps yaw beyond ±π into (-π, π]', () => {
    expect(yawOf(quatFromYaw(3 * Math.PI / 2))).toBeCloseTo(-Math.PI / 2, 12);
    expect(yawOf(quatFromYaw(-7))).toBeCloseTo(-7 + 2 * Math.PI, 12);
    // q and -q are the same rotation.
    const q = quatFromYaw(0.8);
    expect(yawOf([-q[0], -q[1], -q[2], -q[3]])).toBeCloseTo(0.8, 12);
  });

  it('rotates vectors as hand-computed', () => {
    // +90° about z: x -> y, y -> -x, z fixed.
    const qz = quatFromYaw(Math.PI / 2);
    expectVec(rotateVec3(qz, [1, 0, 0]), [0, 1, 0]);
    expectVec(rotateVec3(qz, [0, 1, 0]), [-1, 0, 0]);
    expectVec(rotateVec3(qz, [0, 0, 1]), [0, 0, 1]);
    // 30° about z of (2, 1, 5): (2cos30 - sin30, 2sin30 + cos30, 5).
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    expectVec(rotateVec3(quatFromYaw(Math.PI / 6), [2, 1, 5]), [2 * c - s, 2 * s + c, 5]);
    // +90° about x: y -> z, z -> -y.
    const qx: Quat = [Math.SQRT1_2, 0, 0, Math.SQRT1_2];
    expectVec(rotateVec3(qx, [0, 1, 0]), [0, 0, 1]);
    expectVec(rotateVec3(qx, [0, 0, 1]), [0, -1, 0]);
    // +90° about y: z -> x, x -> -z.
    const qy: Quat = [0, Math.SQRT1_2, 0, Math.SQRT1_2];
    expectVec(rotateVec3(qy, [0, 0, 1]), [1, 0, 0]);
    expectVec(rotateVec3(qy, [1, 0, 0]), [0, 0, -1]);
    // 120° about (1,1,1)/√3 cycles the axes: x -> y -> z -> x.
    const q120: Quat = [0.5, 0.5, 0.5, 0.5];
    expectVec(rotateVec3(q120, [1, 0, 0]), [0, 1, 0]);
    expectVec(rotateVec3(q120, [0, 1, 0]), [0, 0, 1]);
    expectVec(rotateVec3(IDENTITY_QUAT, [3, -4, 5]), [3, -4, 5]);
  });

  it('composes: rotating by a*b is rotating by b then a; the conjugate undoes', () => {
    const a = quatNormalize([0.2, -0.1, 0.4, 0.9]);
    const b = quatNormalize([-0.3, 0.5, 0.1, 0.7]);
    const v: Vec3 = [1.5, -2, 0.25];
    expectVec(rotateVec3(quatMultiply(a, b), v), rotateVec3(a, rotateVec3(b, v)));
    expectVec(rotateVec3(quatConjugate(a), rotateVec3(a, v)), v);
    expectVec(quatMultiply(quatFromYaw(0.4), quatFromYaw(0.5)), quatFromYaw(0.9));
    expect(length(rotateVec3(a, v))).toBeCloseTo(length(v), 12);
  });

  it('normalises, and refuses zero or non-finite quaternions', () => {
    expectVec(quatNormalize([0, 0, 2, 0]), [0, 0, 1, 0]);
    expect(() => quatNormalize([0, 0, 0, 0])).toThrow(/zero or non-finite/);
    expect(() => quatNormalize([Number.NaN, 0, 0, 1])).toThrow(/zero or non-finite/);
    expect(() => quatNormalize([Number.POSITIVE_INFINITY, 0, 0, 1])).toThrow(/zero or non-finite/);
  });
});

describe('cuboid', () => {
  const yawed: Cuboid = { frame: 'lidar', center: [10, -2, 0.5], size: [4, 2, 1], rotation: quatFromYaw(Math.PI / 2) };

  it('lists the corners of a rotated box, bottom first, counter-clockwise from +x+y', () => {
    // Yaw 90°: box x is world y, box y is world -x. Local (±2, ±1, ±0.5).
    expect(cuboidCorners(yawed).map((c) => c.map((v) => Number(v.toFixed(12)) + 0))).toEqual([
      [9, 0, 0],
      [9, -4, 0],
      [11, -4, 0],
      [11, 0, 0],
      [9, 0, 1],
      [9, -4, 1],
      [11, -4, 1],
      [11, 0, 1],
    ]);
  });

  it('lists corners that match rotateVec3 for a tilted box', () => {
    const q = quatNormalize([0.1, 0.2, 0.3, 0.9]);
    const box: Cuboid = { frame: 'lidar', center: [1, 2, 3], size: [2, 4, 6], rotation: q };
    const corners = cuboidCorners(box);
    expect(corners).toHaveLength(8);
    expectVec(corners[0], add([1, 2, 3], rotateVec3(q, [1, 2, -3])));
    expectVec(corners[6], add([1, 2, 3], rotateVec3(q, [-1, -2, 3])));
    // Opposite corners are a space diagonal apart; the centre is their mean.
    expect(length(sub(corners[0], corners[6]))).toBeCloseTo(Math.hypot(2, 4, 6), 12);
    const mean = corners.reduce((acc, c) => add(acc, c), [0, 0, 0] as Vec3).map((v) => v / 8);
    expectVec(mean, [1, 2, 3]);
  });

  it('contains points on faces, edges and corners of an axis-aligned box, not past them', () => {
    const box: Cuboid = { frame: 'lidar', center: [1, 2, 3], size: [4, 2, 1], rotation: IDENTITY_QUAT };
    expect(cuboidContains(box, [3, 2, 3])).toBe(true); // +x face
    expect(cuboidContains(box, [3.000001, 2, 3])).toBe(false);
    expect(cuboidContains(box, [1, 1, 3])).toBe(true); // -y face
    expect(cuboidContains(box, [1, 0.999999, 3])).toBe(false);
    expect(cuboidContains(box, [-1, 3, 3.5])).toBe(true); // a corner
    expect(cuboidContains(box, [-1, 3, 3.500001])).toBe(false);
    expect(cuboidContains(box, [3.05, 2, 3], 0.1)).toBe(true);
    expect(cuboidContains(box, [3.15, 2, 3], 0.1)).toBe(false);
  });

  it('contains points just inside the faces of a rotated box, not just outside', () => {
    const e = 1e-9;
    // Box y axis = world -x: local y = +1 is world x = 9; local x = +2 is world y = 0.
    expect(cuboidContains(yawed, [9 + e, -2, 0.5])).toBe(true);
    expect(cuboidContains(yawed, [9 - 1e-6, -2, 0.5])).toBe(false);
    expect(cuboidContains(yawed, [10, -e, 0.5])).toBe(true);
    expect(cuboidContains(yawed, [10, 1e-6, 0.5])).toBe(false);
    expect(cuboidContains(yawed, [10, -2, 1])).toBe(true); // top face (z is not rotated)
    expect(cuboidContains(yawed, [10, -2, 1.000001])).toBe(false);
    expect(cuboidContains(yawed, [10, 0.05, 0.5], 0.1)).toBe(true);
    expect(cuboidContains(yawed, [10, 0.15, 0.5], 0.1)).toBe(false);
    // Inside the unrotated footprint, outside the rotated one.
    expect(cuboidContains(yawed, [11.9, -2, 0.5])).toBe(false);
    expectVec(toCuboidLocal(yawed, [9, 0, 1]), [2, 1, 0.5]);
    // Its own corners are inside only up to rounding: a rotated corner lands 4e-16 outside.
    for (const corner of cuboidCorners(yawed)) expect(cuboidContains(yawed, corner, 1e-9)).toBe(true);
  });

  it('validates: names the bad field, normalises the quaternion', () => {
    const ok: Cuboid = { frame: 'lidar', center: [0, 0, 0], size: [1, 1, 1], rotation: [0, 0, 2, 0] };
    expect(validateCuboid(ok).rotation).toEqual([0, 0, 1, 0]);
    expect(validateCuboid({ ...ok, size: [MIN_CUBOID_EDGE, MIN_CUBOID_EDGE, MIN_CUBOID_EDGE] }).size).toEqual([
      MIN_CUBOID_EDGE,
      MIN_CUBOID_EDGE,
      MIN_CUBOID_EDGE,
    ]);
    expect(() => validateCuboid({ ...ok, frame: '' })).toThrow(/frame/);
    expect(() => validateCuboid({ ...ok, center: [0, Number.NaN, 0] })).toThrow(/centre/);
    expect(() => validateCuboid({ ...ok, center: [Number.POSITIVE_INFINITY, 0, 0] })).toThrow(/centre/);
    expect(() => validateCuboid({ ...ok, size: [1, Number.NaN, 1] })).toThrow(/size must be finite/);
    expect(() => validateCuboid({ ...ok, size: [1, 1, 0.001] })).toThrow(/at least/);
    expect(() => validateCuboid({ ...ok, size: [-1, 1, 1] })).toThrow(/at least/);
    expect(() => validateCuboid({ ...ok, rotation: [0, 0, 0, 0] })).toThrow(/quaternion/);
    expect(() => validateCuboid({ ...ok, rotation: [0, 0, Number.NaN, 1] })).toThrow(/quaternion/);
  });
});
