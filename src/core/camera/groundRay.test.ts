import { describe, expect, it } from 'vitest';
import { quatFromYaw, quatMultiply } from '../geometry/quaternion';
import type { Vec3 } from '../geometry/vec3';
import { projectPoint, type FisheyeModel, type PinholeModel } from './cameraModel';
import { MAX_PLANE_RANGE_M, pixelOnPlane, pixelRayIn } from './groundRay';
import { applyTransform, inverseTransform, mat3ToQuat, type RigidTransform } from './rigidTransform';

const pinhole: PinholeModel = { kind: 'pinhole', fx: 500, fy: 500, cx: 320, cy: 240 };
const distorted: PinholeModel = { ...pinhole, distortion: { k1: -0.2, k2: 0, p1: 0, p2: 0, k3: 0 } };

// The optical axes in the LiDAR frame, as columns: x right = −y, y down = −z, z forward = +x.
const LIDAR_FROM_OPTICAL = mat3ToQuat([0, 0, 1, -1, 0, 0, 0, -1, 0]);

/** cameraFromLidar of a camera 1.5 m above the LiDAR origin looking along +x, turned by `yaw` about z. */
function forwardCamera(yaw = 0): RigidTransform {
  return inverseTransform({ translation: [0, 0, 1.5], rotation: quatMultiply(quatFromYaw(yaw), LIDAR_FROM_OPTICAL) });
}

const expectVec = (a: Vec3 | null, b: Vec3, digits = 9) => {
  expect(a).not.toBeNull();
  a!.forEach((x, i) => expect(x, `component ${i}`).toBeCloseTo(b[i], digits));
};

describe('pixel rays onto the ground', () => {
  it('pinhole: 50 px below the principal point is a 0.1 slope, so 15 m ahead from 1.5 m up; 100 px right is 3 m right', () => {
    const cam = forwardCamera();
    expectVec(pixelOnPlane(pinhole, cam, 320, 290, 0), [15, 0, 0]);
    expectVec(pixelOnPlane(pinhole, cam, 420, 290, 0), [15, -3, 0]);
    // The plane of a box bottom 0.5 m up: 1 m of drop at the same slope is 10 m ahead.
    expectVec(pixelOnPlane(pinhole, cam, 320, 290, 0.5), [10, 0, 0.5]);
    const ray = pixelRayIn(pinhole, cam, 320, 290)!;
    expectVec(ray.origin, [0, 0, 1.5]);
  });

  it('distorted pinhole: the pixel where k1 = −0.2 puts (0.2, 0.1) is undistorted back onto the same ground point', () => {
    // r² = 0.05, radial = 1 − 0.2·0.05 = 0.99: distorted (0.198, 0.099), so u = 320 + 99, v = 240 + 49.5.
    const cam = forwardCamera();
    expectVec(pixelOnPlane(distorted, cam, 419, 289.5, 0), [15, -3, 0], 6);
    // Without undistorting, the same pixel would land short and to the left: the model matters.
    const naive = pixelOnPlane(pinhole, cam, 419, 289.5, 0)!;
    expect(naive[0]).toBeGreaterThan(15.1);
  });

  it('fisheye (Kannala–Brandt): the pixel θd = θ(1 + 0.1 θ²) puts the ground point at is cast back onto it', () => {
    const fisheye: FisheyeModel = { kind: 'fisheye', fx: 500, fy: 500, cx: 320, cy: 240, distortion: { k1: 0.1, k2: 0, k3: 0, k4: 0 } };
    // (15, −3, 0) from 1.5 m up is (3, 1.5, 15) in the optical frame: r = √11.25 off axis, θ = atan(r / 15).
    const r = Math.sqrt(11.25);
    const theta = Math.atan2(r, 15);
    const s = (theta * (1 + 0.1 * theta * theta)) / r;
    expectVec(pixelOnPlane(fisheye, forwardCamera(), 320 + 500 * 3 * s, 240 + 500 * 1.5 * s, 0), [15, -3, 0], 6);
  });

  it('follows the extrinsics: a camera turned 90° left sees the same pixel on the +y side', () => {
    const cam = forwardCamera(Math.PI / 2);
    expectVec(pixelOnPlane(pinhole, cam, 420, 290, 0), [3, 15, 0]);
    // And projecting that point back gives the pixel.
    const px = projectPoint(pinhole, applyTransform(cam, [3, 15, 0]))!;
    expect(px.u).toBeCloseTo(420, 9);
    expect(px.v).toBeCloseTo(290, 9);
  });

  it('refuses pixels at or above the horizon, and hits beyond the range limit', () => {
    const cam = forwardCamera();
    expect(pixelOnPlane(pinhole, cam, 320, 240, 0)).toBeNull();
    expect(pixelOnPlane(pinhole, cam, 320, 200, 0)).toBeNull();
    // 1.5 m of drop over 500 m is 1.5 px below the horizon: just past the limit.
    expect(pixelOnPlane(pinhole, cam, 320, 241.4, 0)).toBeNull();
    expect(pixelOnPlane(pinhole, cam, 320, 242, 0)![0]).toBeLessThan(MAX_PLANE_RANGE_M);
    // A plane above the camera is met only by rays going up.
    expectVec(pixelOnPlane(pinhole, cam, 320, 190, 3), [15, 0, 3]);
    expect(pixelOnPlane(pinhole, cam, 320, 290, 3)).toBeNull();
  });
});
