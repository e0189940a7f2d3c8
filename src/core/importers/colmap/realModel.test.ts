import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProjector } from '../../camera/cameraModel';
import { applyTransform } from '../../camera/rigidTransform';
import type { ColmapModel } from './colmapModel';
import { readColmapModel } from './readColmapModel';
import { computeReconstructionStats } from './reconstructionStats';
import { expectSameModel } from './testing/expectSameModel';
import { writeColmapText } from './testing/writeColmapModel';
import { colmapPixelToCairn, toCairnCamera } from './toCairnCamera';

const ROOT = path.resolve(__dirname, '../../../../../shared/data/colmap/test_colmap');
const SPARSE = path.join(ROOT, 'sparse/0');
const DENSE = path.join(ROOT, 'dense/0/sparse');

function load(dir: string): ColmapModel {
  return readColmapModel((name) => (existsSync(path.join(dir, name)) ? new Uint8Array(readFileSync(path.join(dir, name))) : undefined), dir);
}

/** Width and height from a JPEG's start-of-frame segment. */
function jpegSize(bytes: Uint8Array): [number, number] {
  for (let i = 2; i + 9 < bytes.length; ) {
    const marker = bytes[i + 1];
    const length = (bytes[i + 2] << 8) | bytes[i + 3];
    if (marker >= 0xc0 && marker <= 0xc3) return [(bytes[i + 7] << 8) | bytes[i + 8], (bytes[i + 5] << 8) | bytes[i + 6]];
    i += 2 + length;
  }
  throw new Error('no SOF segment');
}

describe.skipIf(!existsSync(SPARSE))('the real COLMAP model in shared/data (bartoszek/test_colmap)', () => {
  it('sparse/0: 23 SIMPLE_RADIAL cameras, 23 images, 1,443 points, 16,646 keypoints; errors recomputed as stored', () => {
    const model = load(SPARSE);
    expect(model.format).toBe('binary');
    expect(model.warnings).toEqual([]);
    expect([...model.cameras.values()].every((c) => c.model === 'SIMPLE_RADIAL' && c.width === 3031 && c.height === 2006)).toBe(true);
    const stats = computeReconstructionStats(model);
    expect(stats.summary).toMatchObject({ cameras: 23, images: 23, registeredImages: 23, points3D: 1443, points2D: 16646, observations: 5931, unprojectableObservations: 0 });
    expect(stats.summary.meanTrackLength).toBeCloseTo(5931 / 1443, 12);
    // COLMAP's SIMPLE_RADIAL equations reproduce its stored per-point errors to rounding.
    expect(Math.abs(stats.summary.meanReprojectionError - stats.summary.meanStoredError)).toBeLessThan(1e-9);
    for (let i = 0; i < stats.points.ids.length; i++) expect(Math.abs(stats.points.error[i] - stats.points.storedError[i])).toBeLessThan(1e-9);
    expect(stats.summary.meanReprojectionError).toBeCloseTo(0.848, 3);
  });

  it('dense/0: the undistorted PINHOLE model has the same poses and points and projects every point near its keypoints', () => {
    const sparse = load(SPARSE);
    const dense = load(DENSE);
    expect([...dense.cameras.values()].every((c) => c.model === 'PINHOLE')).toBe(true);
    for (const [id, image] of sparse.images) {
      expect(dense.images.get(id)!.name).toBe(image.name);
      expect(dense.images.get(id)!.camFromWorld).toEqual(image.camFromWorld);
    }
    for (const [id, p] of sparse.points3D) expect(dense.points3D.get(id)).toMatchObject({ xyz: p.xyz, error: p.error, imageIds: p.imageIds });

    const stats = computeReconstructionStats(dense);
    expect(stats.summary).toMatchObject({ points3D: 1443, observations: 5931, points2D: 16646 });
    // The undistorter keeps the stored errors of the 3031-px originals but scales the images to
    // 1000 px: the recomputed mean is the stored one times the focal length ratio.
    let ratio = 0;
    for (const [id, c] of sparse.cameras) ratio += dense.cameras.get(id)!.params[0] / c.params[0] / sparse.cameras.size;
    expect(stats.summary.meanStoredError).toBe(computeReconstructionStats(sparse).summary.meanStoredError);
    expect(Math.abs(stats.summary.meanReprojectionError / (stats.summary.meanStoredError * ratio) - 1)).toBeLessThan(0.01);
    expect(Math.max(...stats.points.error)).toBeLessThan(1);
  });

  it('dense/0 through Cairn’s own camera model: every observation lands within 1.5 px of its keypoint', () => {
    const dense = load(DENSE);
    const out = new Float64Array(2);
    let worst = 0;
    for (const p of dense.points3D.values()) {
      for (let k = 0; k < p.imageIds.length; k++) {
        const image = dense.images.get(p.imageIds[k])!;
        const r = toCairnCamera(dense.cameras.get(image.cameraId)!);
        if (!r.ok) throw new Error(r.reason);
        const [x, y, z] = applyTransform(image.camFromWorld, p.xyz);
        expect(makeProjector(r.model)(x, y, z, out)).toBe(true);
        const idx = p.point2DIdxs[k];
        const want = colmapPixelToCairn(image.xys[2 * idx], image.xys[2 * idx + 1]);
        worst = Math.max(worst, Math.hypot(out[0] - want.u, out[1] - want.v));
      }
    }
    // The worst single observation is 1.28 px off (the worst point's mean, 0.85 px).
    expect(worst).toBeLessThan(1.5);
  });

  it('dense/0/images holds every image, at its camera’s size', () => {
    const dense = load(DENSE);
    for (const image of dense.images.values()) {
      const camera = dense.cameras.get(image.cameraId)!;
      expect(jpegSize(new Uint8Array(readFileSync(path.join(ROOT, 'dense/0/images', image.name))))).toEqual([camera.width, camera.height]);
    }
  });

  it('survives a text round trip unchanged', () => {
    const model = load(SPARSE);
    expectSameModel(readColmapModel(writeColmapText(model), SPARSE), model, 1e-15);
  });
});
