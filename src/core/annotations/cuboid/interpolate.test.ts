import { describe, expect, it } from 'vitest';
import type { Cuboid } from '../../geometry/cuboid';
import { quatFromYaw, yawOf, type Quat } from '../../geometry/quaternion';
import type { Vec3 } from '../../geometry/vec3';
import { BOX_STRIDE, boxAt, evaluateTrack, interpolateCuboid, type CuboidKey } from './interpolate';

const DEG = Math.PI / 180;

function key(frameIndex: number, center: Vec3, yaw = 0, size: Vec3 = [4.5, 1.9, 1.6], rotation: Quat = quatFromYaw(yaw)): CuboidKey {
  return { frameIndex, cuboid: { frame: 'lidar', center, size, rotation } };
}

function at(keys: readonly CuboidKey[], frame: number, options = {}): Cuboid {
  const box = interpolateCuboid(keys, frame, options);
  if (!box) throw new Error(`no box at frame ${frame}`);
  return box;
}

/** Signed angle from b to a wrapped to (−π, π]. */
function angleBetween(a: number, b: number): number {
  return Math.atan2(Math.sin(a - b), Math.cos(a - b));
}

describe('interpolateCuboid', () => {
  it('moves the centre linearly between two keyframes and returns each keyframe as stored', () => {
    const keys = [key(10, [0, 0, 1]), key(20, [10, -5, 2])];
    expect(at(keys, 10)).toBe(keys[0].cuboid);
    expect(at(keys, 20)).toBe(keys[1].cuboid);
    const mid = at(keys, 14);
    [4, -2, 1.4].forEach((v, i) => expect(mid.center[i]).toBeCloseTo(v, 12));
    expect(mid.frame).toBe('lidar');
  });

  it('gives nothing outside the span: before the first keyframe, after the last, and for an empty track', () => {
    const keys = [key(10, [0, 0, 1]), key(20, [10, 0, 1])];
    expect(interpolateCuboid(keys, 9)).toBeNull();
    expect(interpolateCuboid(keys, 21)).toBeNull();
    expect(interpolateCuboid([], 0)).toBeNull();
  });

  it('a single keyframe is a box on its own frame only', () => {
    const keys = [key(5, [1, 2, 3])];
    expect(at(keys, 5)).toBe(keys[0].cuboid);
    expect(interpolateCuboid(keys, 4)).toBeNull();
    expect(interpolateCuboid(keys, 6)).toBeNull();
  });

  it('turns along the shortest arc: +179° to −179° passes through 180°, not through 0°', () => {
    const keys = [key(0, [0, 0, 0], 179 * DEG), key(2, [0, 0, 0], -179 * DEG)];
    const mid = yawOf(at(keys, 1).rotation);
    expect(Math.abs(angleBetween(mid, Math.PI))).toBeLessThan(1e-9);
    const quarter = yawOf(interpolateCuboid([key(0, [0, 0, 0], 179 * DEG), key(4, [0, 0, 0], -179 * DEG)], 1)!.rotation);
    // Two degrees apart slerp blends linearly and normalises: within a microradian.
    expect(Math.abs(angleBetween(quarter, 179.5 * DEG))).toBeLessThan(1e-6);
  });

  it('treats q and −q as the same keyframe (no full turn when a keyframe is stored with the other sign)', () => {
    const q = quatFromYaw(30 * DEG);
    const minusQ: Quat = [-q[0], -q[1], -q[2], -q[3]];
    const keys = [key(0, [0, 0, 0], 0, undefined, quatFromYaw(10 * DEG)), key(10, [0, 0, 0], 0, undefined, minusQ)];
    for (let f = 0; f <= 10; f++) {
      expect(angleBetween(yawOf(at(keys, f).rotation), (10 + 2 * f) * DEG)).toBeCloseTo(0, 9);
    }
  });

  it('after a keyframe between two others is deleted, frames interpolate between its neighbours', () => {
    const first = key(0, [0, 0, 0], 0);
    const middle = key(5, [50, 50, 0], 90 * DEG);
    const last = key(10, [10, 0, 0], 20 * DEG);
    expect(at([first, middle, last], 5).center).toEqual([50, 50, 0]);
    const without = [first, last];
    const box = at(without, 5);
    [5, 0, 0].forEach((v, i) => expect(box.center[i]).toBeCloseTo(v, 12));
    expect(yawOf(box.rotation)).toBeCloseTo(10 * DEG, 9);
  });

  it('keeps the size of a locked track and blends it when the track is unlocked', () => {
    const keys = [key(0, [0, 0, 0], 0, [4, 2, 1.5]), key(10, [10, 0, 0], 0, [6, 2, 2.5])];
    expect(at(keys, 5).size).toEqual([4, 2, 1.5]);
    expect(at(keys, 5, { lockedSize: [5, 2.1, 1.7] }).size).toEqual([5, 2.1, 1.7]);
    const blended = at(keys, 5, { size: 'linear' });
    [5, 2, 2].forEach((v, i) => expect(blended.size[i]).toBeCloseTo(v, 12));
  });

  it('catmull-rom passes through known points of a parabola that the linear centre misses', () => {
    // x = f², sampled every 10 frames: central differences are exact for a quadratic, so the
    // spline reproduces it exactly inside the track; the chord overshoots.
    const keys = [0, 10, 20, 30].map((f) => key(f, [f * f, 2 * f, 0]));
    const spline = at(keys, 15, { centre: 'catmull-rom' });
    expect(spline.center[0]).toBeCloseTo(225, 9);
    expect(spline.center[1]).toBeCloseTo(30, 9);
    expect(at(keys, 15).center[0]).toBeCloseTo(250, 9);
    expect(at(keys, 17, { centre: 'catmull-rom' }).center[0]).toBeCloseTo(289, 9);
  });

  it('catmull-rom keeps straight motion straight, at even speed, across unevenly spaced keyframes', () => {
    const keys = [0, 3, 10, 11, 30].map((f) => key(f, [2 * f, -f, 0.5]));
    for (let f = 0; f <= 30; f++) {
      const c = at(keys, f, { centre: 'catmull-rom' }).center;
      expect(c[0]).toBeCloseTo(2 * f, 9);
      expect(c[1]).toBeCloseTo(-f, 9);
    }
  });
});

describe('evaluateTrack', () => {
  const keys = [key(3, [0, 0, 0], 170 * DEG), key(7, [4, 0, 0], -170 * DEG), key(12, [4, 5, 1], -100 * DEG)];

  it('gives, frame by frame, the boxes interpolateCuboid gives, and NaN outside the span', () => {
    for (const options of [{}, { centre: 'catmull-rom' as const }, { size: 'linear' as const }]) {
      const out = evaluateTrack(keys, 0, 15, options);
      expect(out.length).toBe(16 * BOX_STRIDE);
      for (let f = 0; f <= 15; f++) {
        const expected = interpolateCuboid(keys, f, options);
        const got = boxAt(out, f * BOX_STRIDE, 'lidar');
        if (!expected) {
          expect(got).toBeNull();
          continue;
        }
        expect(got).not.toBeNull();
        for (const field of ['center', 'size', 'rotation'] as const) {
          expected[field].forEach((v, i) => expect(got![field][i]).toBeCloseTo(v, 12));
        }
      }
    }
  });

  it('evaluates a range that starts inside the track, into a reused buffer', () => {
    const out = new Float64Array(3 * BOX_STRIDE).fill(7);
    evaluateTrack(keys, 11, 13, {}, out);
    expect(boxAt(out, 0, 'lidar')!.center[1]).toBeCloseTo(4, 12);
    expect(boxAt(out, BOX_STRIDE, 'lidar')!.center).toEqual([4, 5, 1]);
    expect(boxAt(out, 2 * BOX_STRIDE, 'lidar')).toBeNull();
    expect(() => evaluateTrack(keys, 0, 10, {}, out)).toThrow(/out holds 30 numbers/);
  });
});
