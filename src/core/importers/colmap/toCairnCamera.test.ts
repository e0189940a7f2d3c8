import { describe, expect, it } from 'vitest';
import { makeProjector, unprojectPixel } from '../../camera/cameraModel';
import type { ColmapCamera } from './colmapModel';
import { makeColmapProjector } from './colmapProjection';
import { allModelCameras } from './testing/colmapFixture';
import { colmapPixelToCairn, toCairnCamera } from './toCairnCamera';

const withParams = (c: ColmapCamera, params: number[]): ColmapCamera => ({ ...c, params });
const byModel = (name: string) => [...allModelCameras().values()].find((c) => c.model === name)!;

/** Rays across the field of view, all well inside every fixture camera's valid range. */
const RAYS: [number, number, number][] = [];
for (let x = -0.5; x <= 0.5; x += 0.25) for (let y = -0.4; y <= 0.4; y += 0.2) RAYS.push([x, y, 1]);

describe('toCairnCamera', () => {
  it('maps the pinhole and fisheye models exactly: Cairn projects every ray to COLMAP’s pixel minus half a pixel', () => {
    const mapped: string[] = [];
    for (const c of allModelCameras().values()) {
      const r = toCairnCamera(c);
      if (!r.ok) continue;
      mapped.push(c.model);
      const cairn = makeProjector(r.model);
      const colmap = makeColmapProjector(c);
      const a = new Float64Array(2);
      const b = new Float64Array(2);
      for (const [x, y, z] of RAYS) {
        expect(cairn(x, y, z, a)).toBe(true);
        expect(colmap(x, y, z, b)).toBe(true);
        const want = colmapPixelToCairn(b[0], b[1]);
        expect(a[0]).toBeCloseTo(want.u, 9);
        expect(a[1]).toBeCloseTo(want.v, 9);
      }
    }
    // The fixture's FULL_OPENCV has rational terms, its FOV ω ≠ 0 and its THIN_PRISM_FISHEYE prism terms.
    expect(mapped).toEqual(['SIMPLE_PINHOLE', 'PINHOLE', 'SIMPLE_RADIAL', 'RADIAL', 'OPENCV', 'OPENCV_FISHEYE', 'SIMPLE_RADIAL_FISHEYE', 'RADIAL_FISHEYE']);
  });

  it('converts the principal point from COLMAP’s corner origin to Cairn’s pixel centres', () => {
    // A principal point at the exact image centre: (320, 240) in COLMAP is between pixels 319 and
    // 320, i.e. (319.5, 239.5) when pixel centres are integers.
    const r = toCairnCamera({ id: 1, modelId: 1, model: 'PINHOLE', width: 640, height: 480, params: [500, 500, 320, 240] });
    if (!r.ok) throw new Error(r.reason);
    expect(r.model).toMatchObject({ kind: 'pinhole', fx: 500, fy: 500, cx: 319.5, cy: 239.5 });
    expect(r.model.distortion).toBeUndefined();
    // The optical axis goes through the middle of the 640 × 480 pixel grid, pixel centres 0 … 639.
    const ray = unprojectPixel(r.model, (640 - 1) / 2, (480 - 1) / 2)!;
    expect(ray[0]).toBeCloseTo(0, 15);
    expect(ray[1]).toBeCloseTo(0, 15);
    expect(colmapPixelToCairn(0.5, 0.5)).toEqual({ u: 0, v: 0 });
  });

  it('carries the distortion terms over by name', () => {
    const radial = toCairnCamera(byModel('RADIAL'));
    expect(radial.ok && radial.model).toMatchObject({ kind: 'pinhole', fx: 500, fy: 500, distortion: { k1: -0.05, k2: 0.01, p1: 0, p2: 0, k3: 0 } });
    const opencv = toCairnCamera(byModel('OPENCV'));
    expect(opencv.ok && opencv.model).toMatchObject({ distortion: { k1: -0.05, k2: 0.01, p1: 0.001, p2: -0.002, k3: 0 } });
    const fisheye = toCairnCamera(byModel('OPENCV_FISHEYE'));
    expect(fisheye.ok && fisheye.model).toMatchObject({ kind: 'fisheye', fx: 300, fy: 302, cx: 319.5, cy: 239.5, distortion: { k1: 0.02, k2: -0.01, k3: 0.003, k4: -0.001 } });
    const simple = toCairnCamera(byModel('SIMPLE_RADIAL_FISHEYE'));
    expect(simple.ok && simple.model).toMatchObject({ kind: 'fisheye', fx: 300, fy: 300, distortion: { k1: 0.02, k2: 0, k3: 0, k4: 0 } });
  });

  it('maps the special cases that are exact and refuses the rest with a reason', () => {
    const full = byModel('FULL_OPENCV');
    const refused = toCairnCamera(full);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reason).toMatch(/k4, k5, k6/);
    const polynomial = toCairnCamera(withParams(full, [500, 505, 321, 241, -0.05, 0.01, 0.001, -0.002, 0.004, 0, 0, 0]));
    expect(polynomial.ok && polynomial.model).toMatchObject({ distortion: { k1: -0.05, k2: 0.01, p1: 0.001, p2: -0.002, k3: 0.004 } });

    const fov = byModel('FOV');
    expect(toCairnCamera(fov)).toMatchObject({ ok: false, reason: expect.stringMatching(/FOV/) });
    expect(toCairnCamera(withParams(fov, [400, 402, 320, 240, 0]))).toMatchObject({ ok: true, model: { kind: 'pinhole', cx: 319.5 } });

    const prism = byModel('THIN_PRISM_FISHEYE');
    expect(toCairnCamera(prism)).toMatchObject({ ok: false, reason: expect.stringMatching(/p1, p2, sx1, sy1/) });
    const plain = toCairnCamera(withParams(prism, [300, 302, 320, 240, 0.02, -0.01, 0, 0, 0.003, -0.001, 0, 0]));
    expect(plain.ok && plain.model).toMatchObject({ kind: 'fisheye', distortion: { k1: 0.02, k2: -0.01, k3: 0.003, k4: -0.001 } });
  });

  it('refuses intrinsics Cairn cannot project with, rather than throwing', () => {
    const r = toCairnCamera({ id: 1, modelId: 0, model: 'SIMPLE_PINHOLE', width: 10, height: 10, params: [0, 5, 5] });
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/fx/) });
  });
});
