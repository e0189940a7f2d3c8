import { describe, expect, it } from 'vitest';
import { readColmapModel } from './readColmapModel';
import { computeReconstructionStats, histogram, REPROJECTION_ERROR_EDGES, TRACK_LENGTH_EDGES } from './reconstructionStats';
import { pointObservations } from './reprojection';
import { fixtureModel } from './testing/colmapFixture';
import { writeColmapBinary, writeColmapText } from './testing/writeColmapModel';

const countsOf = (h: { bins: readonly { count: number }[] }) => h.bins.map((b) => b.count);

describe('computeReconstructionStats on the fixture (every camera model, one observation moved by (3, 4) px)', () => {
  for (const rigs of [false, true]) {
    it(`gives the known figures${rigs ? ' in the rig layout' : ''}, read from text and binary alike`, () => {
      for (const files of [writeColmapBinary(fixtureModel({ rigs })), writeColmapText(fixtureModel({ rigs }))]) {
        const stats = computeReconstructionStats(readColmapModel(files, 'm'));
        const s = stats.summary;
        expect({ ...s, meanReprojectionError: 0, meanStoredError: 0 }).toEqual({
          cameras: 11,
          cameraModels: {
            SIMPLE_PINHOLE: 1, PINHOLE: 1, SIMPLE_RADIAL: 1, RADIAL: 1, OPENCV: 1, OPENCV_FISHEYE: 1,
            FULL_OPENCV: 1, FOV: 1, SIMPLE_RADIAL_FISHEYE: 1, RADIAL_FISHEYE: 1, THIN_PRISM_FISHEYE: 1,
          },
          images: 11,
          registeredImages: 11,
          points3D: 8,
          points2D: 99,
          observations: 88,
          meanTrackLength: 11,
          meanObservationsPerImage: 8,
          meanReprojectionError: 0,
          meanStoredError: 0,
          unprojectableObservations: 0,
        });
        // Point 1 has one observation 5 px off among 11; the other seven points are exact.
        expect(s.meanReprojectionError).toBeCloseTo(5 / 11 / 8, 9);
        expect(s.meanStoredError).toBeCloseTo(5 / 11 / 8, 12);
        expect(stats.points.error[0]).toBeCloseTo(5 / 11, 9);
        expect(stats.points.storedError[0]).toBeCloseTo(5 / 11, 12);
        for (let i = 1; i < 8; i++) expect(stats.points.error[i]).toBeLessThan(1e-9);
        expect([...stats.points.trackLength]).toEqual(new Array(8).fill(11));
        expect([...stats.points.ids]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

        expect(stats.images[0]).toMatchObject({ imageId: 1, name: 'img_01.jpg', cameraId: 1, registered: true, points2D: 9, triangulated: 8 });
        expect(stats.images[0].meanError).toBeCloseTo(5 / 8, 9);
        for (const im of stats.images.slice(1)) expect(im.meanError).toBeLessThan(1e-9);

        expect(countsOf(stats.histograms.trackLength)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0]);
        expect(countsOf(stats.histograms.reprojectionError)).toEqual([7, 1, 0, 0, 0, 0, 0, 0, 0]);
      }
    });
  }

  it('recomputes the error of a shifted observation whatever the shift, and keeps the stored error apart', () => {
    const model = fixtureModel({ shift: [-6, 8] });
    const points3D = new Map(model.points3D);
    points3D.set(1, { ...points3D.get(1)!, error: 42 });
    const stats = computeReconstructionStats({ ...model, points3D });
    expect(stats.points.error[0]).toBeCloseTo(10 / 11, 9);
    expect(stats.points.storedError[0]).toBe(42);
    expect(stats.histograms.reprojectionError.bins[3]).toEqual({ from: 0.75, to: 1, count: 1 });
  });

  it('keeps observations behind their camera out of the means and counts them', () => {
    const model = fixtureModel();
    const points3D = new Map(model.points3D);
    // Far behind camera 1 (which sits at (4 cos 33°, 4 sin 33°, 1) looking at the origin) only.
    const c = [4 * Math.cos((2 * Math.PI) / 11), 4 * Math.sin((2 * Math.PI) / 11), 1];
    const only = { ...points3D.get(2)!, xyz: [c[0] * 1.01, c[1] * 1.01, c[2] * 1.01] as [number, number, number], imageIds: Uint32Array.of(1), point2DIdxs: Uint32Array.of(1) };
    points3D.set(2, only);
    const stats = computeReconstructionStats({ ...model, points3D });
    expect(stats.summary.unprojectableObservations).toBe(1);
    expect(Number.isNaN(stats.points.error[1])).toBe(true);
    expect(stats.histograms.reprojectionError.outside).toBe(1);
    expect(stats.summary.meanReprojectionError).toBeCloseTo(5 / 11 / 7, 9);
  });

  it('lists a point’s observations with observed and projected pixels', () => {
    const model = fixtureModel();
    const obs = pointObservations(model, 1);
    expect(obs).toHaveLength(11);
    expect(obs[0]).toMatchObject({ imageId: 1, imageName: 'img_01.jpg', point2DIdx: 0 });
    expect(obs[0].error).toBeCloseTo(5, 9);
    expect(obs[0].observed[0] - obs[0].projected![0]).toBeCloseTo(3, 9);
    expect(obs[0].observed[1] - obs[0].projected![1]).toBeCloseTo(4, 9);
    expect(pointObservations(model, 999)).toEqual([]);
  });

  it('gives NaN means, not 0, for an empty model', () => {
    const model = { ...fixtureModel(), points3D: new Map() };
    const s = computeReconstructionStats(model).summary;
    expect([s.points3D, s.observations]).toEqual([0, 0]);
    expect(s.meanTrackLength).toBeNaN();
    expect(s.meanReprojectionError).toBeNaN();
  });
});

describe('histogram', () => {
  it('bins by [from, to) with an open last bin and counts what falls outside', () => {
    const h = histogram('x', 'px', [0, 1, 2], [0, 0.5, 1, 1.999, 2, 1e9, -1, NaN]);
    expect(h.bins).toEqual([
      { from: 0, to: 1, count: 2 },
      { from: 1, to: 2, count: 2 },
      { from: 2, to: null, count: 2 },
    ]);
    expect(h.outside).toBe(2);
  });

  it('has fixed, increasing edges', () => {
    for (const edges of [TRACK_LENGTH_EDGES, REPROJECTION_ERROR_EDGES]) {
      expect(edges[0]).toBe(0);
      for (let i = 1; i < edges.length; i++) expect(edges[i]).toBeGreaterThan(edges[i - 1]);
    }
  });
});
