import { describe, expect, it } from 'vitest';
import { COLMAP_CAMERA_MODELS, type ColmapCameraModelName } from './cameraModels';
import type { ColmapCamera } from './colmapModel';
import { makeColmapProjector } from './colmapProjection';

function camera(model: ColmapCameraModelName, params: number[]): ColmapCamera {
  const info = COLMAP_CAMERA_MODELS.find((m) => m.name === model)!;
  expect(params).toHaveLength(info.params.length);
  return { id: 1, modelId: info.id, model, width: 100, height: 80, params };
}

function project(c: ColmapCamera, x: number, y: number, z: number): [number, number] | null {
  const out = new Float64Array(2);
  return makeColmapProjector(c)(x, y, z, out) ? [out[0], out[1]] : null;
}

function expectPixel(got: [number, number] | null, u: number, v: number): void {
  expect(got).not.toBeNull();
  expect(got![0]).toBeCloseTo(u, 10);
  expect(got![1]).toBeCloseTo(v, 10);
}

// The perspective cases project (0.2, −0.1, 2), i.e. normalised (u, v) = (0.1, −0.05), r² = 0.0125.
describe('COLMAP projection, hand-computed values', () => {
  it('SIMPLE_PINHOLE and PINHOLE', () => {
    expectPixel(project(camera('SIMPLE_PINHOLE', [100, 50, 40]), 0.2, -0.1, 2), 60, 35);
    expectPixel(project(camera('PINHOLE', [100, 200, 50, 40]), 0.2, -0.1, 2), 60, 30);
  });

  it('SIMPLE_RADIAL: (u, v)·(1 + k r²)', () => {
    // 1 + 0.4·0.0125 = 1.005
    expectPixel(project(camera('SIMPLE_RADIAL', [100, 50, 40, 0.4]), 0.2, -0.1, 2), 60.05, 34.975);
  });

  it('RADIAL: (u, v)·(1 + k1 r² + k2 r⁴)', () => {
    // 1 + 0.005 + 2·0.00015625 = 1.0053125
    expectPixel(project(camera('RADIAL', [100, 50, 40, 0.4, 2]), 0.2, -0.1, 2), 60.053125, 34.9734375);
  });

  it('OPENCV: radial plus tangential p1, p2', () => {
    // x' = 0.1·1.0053125 + 2·0.01·(−0.005) + 0.02·(0.0125 + 0.02) = 0.10108125
    // y' = −0.05·1.0053125 + 2·0.02·(−0.005) + 0.01·(0.0125 + 0.005) = −0.050290625
    expectPixel(project(camera('OPENCV', [100, 200, 50, 40, 0.4, 2, 0.01, 0.02]), 0.2, -0.1, 2), 60.108125, 29.941875);
  });

  it('FULL_OPENCV: the rational radial term', () => {
    // (1 + 0.4 r² + 2 r⁴ + 10 r⁶) / (1 + 0.5 r²) with r² = 0.0125
    const s = 1.00533203125 / 1.00625;
    const x = 0.1 * s - 0.0001 + 0.00065;
    const y = -0.05 * s - 0.0002 + 0.000175;
    expectPixel(project(camera('FULL_OPENCV', [100, 200, 50, 40, 0.4, 2, 0.01, 0.02, 10, 0.5, 0, 0]), 0.2, -0.1, 2), 100 * x + 50, 200 * y + 40);
  });

  it('FOV: atan(2 r tan(ω/2)) / (r ω), and its Taylor branches agree with it', () => {
    const r = Math.sqrt(0.0125);
    const f = Math.atan(2 * r * Math.tan(0.25)) / (r * 0.5);
    expectPixel(project(camera('FOV', [100, 200, 50, 40, 0.5]), 0.2, -0.1, 2), 100 * 0.1 * f + 50, 200 * -0.05 * f + 40);
    // r² < 1e-4: COLMAP's expansion in r.
    const small = Math.atan(2 * 0.001 * Math.tan(0.25)) / (0.001 * 0.5);
    expectPixel(project(camera('FOV', [100, 200, 50, 40, 0.5]), 0.001, 0, 1), 100 * 0.001 * small + 50, 40);
    // ω² < 1e-4: COLMAP's expansion 1 + ω²r²/3 − ω²/12, which is the inverse mapping's (the
    // forward one has both O(ω²) signs flipped); reproduced as COLMAP has it, off the closed form
    // by less than ω²/6.
    const w = 0.005;
    const closed = Math.atan(2 * r * Math.tan(w / 2)) / (r * w);
    const got = project(camera('FOV', [100, 200, 50, 40, w]), 0.2, -0.1, 2)!;
    expect((got[0] - 50) / 10).toBeCloseTo(1 + (w * w * 0.0125) / 3 - (w * w) / 12, 14);
    expect(Math.abs((got[0] - 50) / 10 - closed)).toBeLessThan((w * w) / 6);
  });

  it('OPENCV_FISHEYE: θd = θ(1 + k1θ² + k2θ⁴ + k3θ⁶ + k4θ⁸) along the ray direction', () => {
    const c = camera('OPENCV_FISHEYE', [100, 200, 50, 40, 0.1, 0.01, 0.001, 0.0001]);
    const thetaD = (t: number) => t * (1 + 0.1 * t ** 2 + 0.01 * t ** 4 + 0.001 * t ** 6 + 0.0001 * t ** 8);
    expectPixel(project(c, 1, 0, 1), 100 * thetaD(Math.PI / 4) + 50, 40);
    // (0.3, 0.4, 1): r = 0.5 in the direction (0.6, 0.8).
    const t = thetaD(Math.atan(0.5));
    expectPixel(project(c, 0.3, 0.4, 1), 100 * t * 0.6 + 50, 200 * t * 0.8 + 40);
    expectPixel(project(c, 0, 0, 3), 50, 40);
  });

  it('SIMPLE_RADIAL_FISHEYE and RADIAL_FISHEYE', () => {
    const t = Math.PI / 4;
    expectPixel(project(camera('SIMPLE_RADIAL_FISHEYE', [100, 50, 40, 0.1]), 1, 0, 1), 100 * t * (1 + 0.1 * t * t) + 50, 40);
    expectPixel(project(camera('RADIAL_FISHEYE', [100, 50, 40, 0.1, 0.01]), 0, 2, 2), 50, 100 * t * (1 + 0.1 * t ** 2 + 0.01 * t ** 4) + 40);
  });

  it('THIN_PRISM_FISHEYE: fisheye radial plus tangential and thin-prism terms on (θ, 0)', () => {
    const [k1, k2, p1, p2, k3, k4, sx1, sy1] = [0.1, 0.01, 0.001, 0.002, 0.001, 0.0001, 0.003, 0.004];
    const t = Math.PI / 4;
    const t2 = t * t;
    const x = t * (1 + k1 * t2 + k2 * t2 ** 2 + k3 * t2 ** 3 + k4 * t2 ** 4) + p2 * 3 * t2 + sx1 * t2;
    const y = p1 * t2 + sy1 * t2;
    expectPixel(project(camera('THIN_PRISM_FISHEYE', [100, 200, 50, 40, k1, k2, p1, p2, k3, k4, sx1, sy1]), 1, 0, 1), 100 * x + 50, 200 * y + 40);
  });

  it('rejects points at or behind the camera plane, as COLMAP does (depth below machine epsilon)', () => {
    for (const m of COLMAP_CAMERA_MODELS) {
      const c: ColmapCamera = { id: 1, modelId: m.id, model: m.name, width: 100, height: 80, params: m.params.map((_, i) => (i < 2 ? 100 : 0)) };
      expect(project(c, 0.1, 0.1, 0)).toBeNull();
      expect(project(c, 0.1, 0.1, -1)).toBeNull();
      expect(project(c, 0.1, 0.1, 1e-17)).toBeNull();
      expect(project(c, 0.1, 0.1, 1)).not.toBeNull();
    }
  });
});
