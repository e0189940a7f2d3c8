import { describe, expect, it } from 'vitest';
import type { Cuboid } from '../geometry/cuboid';
import type { Vec3 } from '../geometry/vec3';
import type { FisheyeModel, PinholeModel } from './cameraModel';
import { projectCuboidBox } from './projectCuboidBox';
import { IDENTITY_TRANSFORM } from './rigidTransform';

const W = 1000;
const H = 800;
const pinhole: PinholeModel = { kind: 'pinhole', fx: 100, fy: 100, cx: 499.5, cy: 399.5 };
const K1 = -0.05;
const fisheye: FisheyeModel = { kind: 'fisheye', fx: 100, fy: 100, cx: 499.5, cy: 399.5, distortion: { k1: K1, k2: 0, k3: 0, k4: 0 } };
/** θd of the fisheye above, by hand: θ (1 + k1 θ²) for the ray at distance ρ from the axis (normalised). */
const thetaD = (rho: number) => {
  const t = Math.atan(rho);
  return t * (1 + K1 * t * t);
};

/** A box given in the camera's optical frame (x right, y down, z forward); size along x, y, z. */
const box = (center: Vec3, size: Vec3): Cuboid => ({ frame: 'camera', center, size, rotation: [0, 0, 0, 1] });
const project = (c: Cuboid, model: PinholeModel | FisheyeModel, near = 0.5) => projectCuboidBox(c, IDENTITY_TRANSFORM, model, W, H, { near });

function expectBox(actual: { x0: number; y0: number; x1: number; y1: number } | null, expected: [number, number, number, number], digits = 9): void {
  expect(actual).not.toBeNull();
  [actual!.x0, actual!.y0, actual!.x1, actual!.y1].forEach((v, i) => expect(v, ['x0', 'y0', 'x1', 'y1'][i]).toBeCloseTo(expected[i], digits));
}

describe('projectCuboidBox', () => {
  it('pinhole: the corners of the near face bound a box in front of the camera', () => {
    // x, y in ±1 at z = 9 (the near face): u = 499.5 ± 100 / 9.
    expectBox(project(box([0, 0, 10], [2, 2, 2]), pinhole), [499.5 - 100 / 9, 399.5 - 100 / 9, 499.5 + 100 / 9, 399.5 + 100 / 9]);
  });

  it('pinhole: a box crossing the near plane is bounded by its cut at z = near, then clipped to the image', () => {
    // x in [2, 4], y in ±1, z in [−1, 3]; cut at z = 0.5. Left: x = 2 at z = 3; right: x = 4 at z = 0.5
    // (1299.5, past the image's right edge at 999.5); top and bottom: y = ±1 at z = 0.5.
    expectBox(project(box([3, 0, 1], [2, 2, 4]), pinhole), [499.5 + 200 / 3, 399.5 - 200, 999.5, 399.5 + 200]);
  });

  it('fisheye: a bent edge reaches furthest between its corners, and the cut face counts', () => {
    // Right side of a box ahead: the edge x = 1, z = 9 is furthest right at y = 0 (the barrel bends it inwards at its ends).
    const ahead = project(box([0, 0, 10], [2, 2, 2]), fisheye)!;
    expect(ahead.x1).toBeCloseTo(499.5 + 100 * thetaD(1 / 9), 9);
    expect(ahead.x1).toBeGreaterThan(499.5 + 100 * thetaD(Math.SQRT2 / 9) / Math.SQRT2 + 1e-3);
    // Crossing the near plane: right = the middle of the cut face's edge x = 4 (u − cx = 100 θd(atan 8));
    // left = the far corners (2, ±1, 3); top and bottom = the cut corners (2, ±1, 0.5).
    const rho = (x: number, y: number, z: number) => Math.hypot(x, y) / z;
    const left = 100 * (thetaD(rho(2, 1, 3)) / rho(2, 1, 3)) * (2 / 3);
    const vertical = 100 * (thetaD(rho(2, 1, 0.5)) / rho(2, 1, 0.5)) * (1 / 0.5);
    expectBox(project(box([3, 0, 1], [2, 2, 4]), fisheye), [499.5 + left, 399.5 - vertical, 499.5 + 100 * thetaD(8), 399.5 + vertical]);
  });

  it('gives nothing for a box behind the camera or wholly outside the image', () => {
    expect(project(box([0, 0, -5], [2, 2, 2]), pinhole)).toBeNull();
    expect(project(box([200, 0, 10], [2, 2, 2]), pinhole)).toBeNull();
  });
});
