import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../geometry/vec3';
import { parseSceneManifest } from '../scene/manifest';
import { brownConradyMaxR2 } from './brownConrady';
import { projectPoint, unprojectPixel, validateCameraModel, type CameraModel, type FisheyeModel, type PinholeModel } from './cameraModel';
import { kannalaBrandtMaxTheta } from './kannalaBrandt';
import { cameraModelFromIntrinsics } from './manifestCamera';
import { realRootsIn } from './polynomial';

const SAMPLE = path.resolve(__dirname, '../../../resources/sample/scene.json');

const ideal: PinholeModel = { kind: 'pinhole', fx: 700, fy: 650, cx: 480.5, cy: 300.25 };

const project = (m: CameraModel, p: Vec3): [number, number] => {
  const px = projectPoint(m, p);
  if (!px) throw new Error(`(${p.join(', ')}) did not project`);
  return [px.u, px.v];
};

const expectClose = (a: readonly number[], b: readonly number[], tol: number, what = ''): void => {
  a.forEach((v, i) => expect(Math.abs(v - b[i]), `${what} component ${i}: ${v} vs ${b[i]}`).toBeLessThan(tol));
};

/** Pixel grid covering the image, its border pixels included. */
function grid(width: number, height: number, step: number): [number, number][] {
  const us = [...Array.from({ length: Math.floor((width - 1) / step) + 1 }, (_, i) => i * step), width - 1];
  const vs = [...Array.from({ length: Math.floor((height - 1) / step) + 1 }, (_, i) => i * step), height - 1];
  return us.flatMap((u) => vs.map((v): [number, number] => [u, v]));
}

/** Every pixel maps to a ray that maps back onto the same pixel, and the ray is a unit vector. */
function expectPixelRoundTrips(model: CameraModel, width: number, height: number, step: number): number {
  let worst = 0;
  for (const [u, v] of grid(width, height, step)) {
    const ray = unprojectPixel(model, u, v);
    expect(ray, `pixel (${u}, ${v}) has a ray`).not.toBeNull();
    if (!ray) continue;
    expect(Math.abs(Math.hypot(...ray) - 1)).toBeLessThan(1e-14);
    // Scale the ray: projection must not care about distance along it.
    const [pu, pv] = project(model, [ray[0] * 7.3, ray[1] * 7.3, ray[2] * 7.3]);
    worst = Math.max(worst, Math.abs(pu - u), Math.abs(pv - v));
  }
  expect(worst).toBeLessThan(1e-9);
  return worst;
}

describe('pinhole projection', () => {
  it('puts a point on the optical axis at the principal point, at any distance', () => {
    for (const z of [0.01, 1, 1000]) expectClose(project(ideal, [0, 0, z]), [480.5, 300.25], 1e-12);
  });

  it('offsets by f·X/Z (x right, y down)', () => {
    // X/Z = 0.5 → 350 px right; Y/Z = −0.25 → 162.5 px up.
    expectClose(project(ideal, [1, -0.5, 2]), [480.5 + 350, 300.25 - 162.5], 1e-12);
  });

  it('returns null behind or at the camera plane', () => {
    expect(projectPoint(ideal, [0, 0, 0])).toBeNull();
    expect(projectPoint(ideal, [1, 1, -2])).toBeNull();
    expect(projectPoint(ideal, [0, 0, -1e-9])).toBeNull();
  });

  it('applies Brown–Conrady radial and tangential terms as OpenCV does', () => {
    const radial: PinholeModel = { ...ideal, distortion: { k1: 0.1, k2: 0.01, k3: 0.001, p1: 0, p2: 0 } };
    // x = 0.5, y = 0: r² = 0.25, radial factor 1 + 0.025 + 0.000625 + 0.000015625.
    expectClose(project(radial, [0.5, 0, 1]), [480.5 + 700 * 0.5 * 1.025640625, 300.25], 1e-9);
    const tangential: PinholeModel = { ...ideal, distortion: { k1: 0, k2: 0, k3: 0, p1: 0.01, p2: -0.02 } };
    // x = 0.2, y = 0.1: r² = 0.05.
    // x' = 0.2 + 2·0.01·0.02 + (−0.02)(0.05 + 0.08) = 0.2 + 0.0004 − 0.0026 = 0.1978
    // y' = 0.1 + 0.01·(0.05 + 0.02) + 2·(−0.02)·0.02 = 0.1 + 0.0007 − 0.0008 = 0.0999
    expectClose(project(tangential, [0.4, 0.2, 2]), [480.5 + 700 * 0.1978, 300.25 + 650 * 0.0999], 1e-9);
  });

  it('rejects points beyond the radius where the radial polynomial folds back', () => {
    // k1 only: d/dr[r(1 + k1 r²)] = 1 + 3 k1 r² = 0 at r² = −1/(3 k1).
    const d = { k1: -0.3, k2: 0, k3: 0, p1: 0, p2: 0 };
    const maxR2 = brownConradyMaxR2(d);
    expect(maxR2).toBeCloseTo(1 / 0.9, 12);
    const model: PinholeModel = { ...ideal, distortion: d };
    const r = Math.sqrt(maxR2);
    expect(projectPoint(model, [r * 0.999, 0, 1])).not.toBeNull();
    expect(projectPoint(model, [r * 1.001, 0, 1])).toBeNull();
    // Without the limit, this far-off-axis point would fold back to a pixel near the centre.
    expect(projectPoint(model, [3, 0, 1])).toBeNull();
    // A pixel past the fold's image radius has no ray.
    const rdMax = r * (1 - 0.3 * maxR2);
    expect(unprojectPixel(model, ideal.cx + ideal.fx * rdMax * 0.999, ideal.cy)).not.toBeNull();
    expect(unprojectPixel(model, ideal.cx + ideal.fx * rdMax * 1.01, ideal.cy)).toBeNull();
  });

  it('has no limit when the polynomial never turns', () => {
    expect(brownConradyMaxR2({ k1: 0.1, k2: 0.01, k3: 0, p1: 0, p2: 0 })).toBe(Infinity);
    expect(brownConradyMaxR2({ k1: 0, k2: 0, k3: 0, p1: 0, p2: 0 })).toBe(Infinity);
  });

  it('round-trips every pixel of a grid for an ideal pinhole', () => {
    expectPixelRoundTrips(ideal, 960, 600, 20);
  });

  it('rejects intrinsics that would project garbage', () => {
    expect(() => validateCameraModel({ ...ideal, fx: 0 })).toThrow(/fx/);
    expect(() => validateCameraModel({ ...ideal, cy: NaN })).toThrow(/cy/);
    expect(() => validateCameraModel({ ...ideal, distortion: { k1: Infinity, k2: 0, k3: 0, p1: 0, p2: 0 } })).toThrow(/k1/);
  });
});

describe('the sample scene cameras', () => {
  const manifest = parseSceneManifest(JSON.parse(readFileSync(SAMPLE, 'utf8')), SAMPLE);
  const cameras = manifest.sensors.flatMap((s) => (s.kind === 'camera' ? [s] : []));

  it('has distorted cameras to test against', () => {
    expect(cameras.length).toBeGreaterThanOrEqual(2);
    for (const c of cameras) expect(c.intrinsics.distortion).toBeDefined();
  });

  it.each(cameras.map((c) => [c.sensorId, c] as const))('%s: every pixel of a grid round-trips through its ray', (_id, cam) => {
    const model = cameraModelFromIntrinsics(cam.intrinsics);
    const worst = expectPixelRoundTrips(model, cam.intrinsics.width, cam.intrinsics.height, 8);
    expect(worst).toBeLessThan(1e-9);
  });

  it.each(cameras.map((c) => [c.sensorId, c] as const))('%s: rays round-trip through pixels, corners included', (_id, cam) => {
    const model = cameraModelFromIntrinsics(cam.intrinsics);
    const { width, height } = cam.intrinsics;
    for (const [u, v] of grid(width, height, 40)) {
      const ray = unprojectPixel(model, u, v)!;
      const p: Vec3 = [ray[0] * 12, ray[1] * 12, ray[2] * 12];
      const px = project(model, p);
      const back = unprojectPixel(model, px[0], px[1])!;
      expectClose(back, ray, 1e-13, `(${u}, ${v})`);
    }
  });

  it.each(cameras.map((c) => [c.sensorId, c] as const))('%s: distortion is large enough for the round trip to mean something', (_id, cam) => {
    const model = cameraModelFromIntrinsics(cam.intrinsics) as PinholeModel;
    const undistorted: PinholeModel = { ...model, distortion: undefined };
    const ray = unprojectPixel(model, 0, 0)!;
    const [u, v] = project(undistorted, ray);
    // The corner ray lands tens of pixels away without distortion.
    expect(Math.hypot(u, v)).toBeGreaterThan(10);
    // And the image corners lie well inside the model's valid radius.
    const d = model.distortion!;
    const maxR2 = brownConradyMaxR2(d);
    expect(maxR2).toBeGreaterThan(((ray[0] / ray[2]) ** 2 + (ray[1] / ray[2]) ** 2) * 2);
  });
});

describe('fisheye (Kannala–Brandt) projection', () => {
  const fisheye: FisheyeModel = {
    kind: 'fisheye',
    fx: 520,
    fy: 521,
    cx: 639.5,
    cy: 399.5,
    distortion: { k1: -0.012, k2: 0.0035, k3: -0.0011, k4: 0.0001 },
  };

  it('maps the ray angle θ, not tan θ, to the radius', () => {
    const plain: FisheyeModel = { ...fisheye, distortion: { k1: 0, k2: 0, k3: 0, k4: 0 } };
    // 45° to the right: radius f·π/4 (a pinhole would give f·1).
    expectClose(project(plain, [1, 0, 1]), [639.5 + 520 * (Math.PI / 4), 399.5], 1e-12);
    // 60° down: θ = π/3.
    expectClose(project(plain, [0, Math.sqrt(3), 1]), [639.5, 399.5 + 521 * (Math.PI / 3)], 1e-12);
    // With k1: θd = θ (1 + k1 θ²).
    const k1: FisheyeModel = { ...fisheye, distortion: { k1: 0.05, k2: 0, k3: 0, k4: 0 } };
    const t = Math.PI / 4;
    expectClose(project(k1, [1, 0, 1]), [639.5 + 520 * t * (1 + 0.05 * t * t), 399.5], 1e-12);
    expectClose(project(fisheye, [0, 0, 3]), [639.5, 399.5], 1e-12);
  });

  it('sees points far off axis that a pinhole could not, but nothing behind', () => {
    const deg80: Vec3 = [Math.sin((80 * Math.PI) / 180), 0, Math.cos((80 * Math.PI) / 180)];
    expect(projectPoint(fisheye, deg80)).not.toBeNull();
    expect(projectPoint(fisheye, [1, 0, 0])).toBeNull();
    expect(projectPoint(fisheye, [1, 0, -0.1])).toBeNull();
  });

  it('round-trips rays over the whole hemisphere it can see', () => {
    for (let theta = 0; theta < (89 * Math.PI) / 180; theta += 0.05) {
      for (let phi = -Math.PI; phi < Math.PI; phi += 0.3) {
        const ray: Vec3 = [Math.sin(theta) * Math.cos(phi), Math.sin(theta) * Math.sin(phi), Math.cos(theta)];
        const [u, v] = project(fisheye, [ray[0] * 4, ray[1] * 4, ray[2] * 4]);
        const back = unprojectPixel(fisheye, u, v);
        expect(back).not.toBeNull();
        expectClose(back!, ray, 1e-12, `θ=${theta} φ=${phi}`);
      }
    }
  });

  it('round-trips every pixel of a grid, corners at ~85° off axis', () => {
    const corner = unprojectPixel(fisheye, 0, 0)!;
    expect(Math.acos(corner[2])).toBeGreaterThan((80 * Math.PI) / 180);
    expectPixelRoundTrips(fisheye, 1280, 800, 16);
  });

  it('stops at the angle where θd(θ) folds back', () => {
    // k1 only: dθd/dθ = 1 + 3 k1 θ² = 0 at θ = √(−1/(3 k1)).
    const d = { k1: -0.2, k2: 0, k3: 0, k4: 0 };
    const max = kannalaBrandtMaxTheta(d);
    expect(max).toBeCloseTo(Math.sqrt(1 / 0.6), 12);
    const model: FisheyeModel = { ...fisheye, distortion: d };
    const at = (theta: number): Vec3 => [Math.sin(theta), 0, Math.cos(theta)];
    expect(projectPoint(model, at(max * 0.999))).not.toBeNull();
    expect(projectPoint(model, at(max * 1.001))).toBeNull();
    const rdMax = max * (1 - 0.2 * max * max);
    expect(unprojectPixel(model, fisheye.cx + fisheye.fx * rdMax * 1.01, fisheye.cy)).toBeNull();
    // No fold before 90°: the limit is the hemisphere.
    expect(kannalaBrandtMaxTheta(fisheye.distortion)).toBe(Math.PI / 2);
  });
});

describe('polynomial roots', () => {
  it('finds every root, close pairs included', () => {
    // (x − 1)(x − 2)(x − 3) = x³ − 6x² + 11x − 6
    expectClose(realRootsIn([-6, 11, -6, 1], 0, 10), [1, 2, 3], 1e-12);
    // (x − 1)(x − 1.001) = x² − 2.001x + 1.001: a sampling search could step over both.
    const roots = realRootsIn([1.001, -2.001, 1], 0, 10);
    expect(roots.length).toBe(2);
    expectClose(roots, [1, 1.001], 1e-12);
    expect(realRootsIn([1, 0, 1], -10, 10)).toEqual([]);
  });
});
