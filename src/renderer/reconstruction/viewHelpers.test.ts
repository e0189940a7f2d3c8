import { describe, expect, it } from 'vitest';
import { colorize, colorScale, NO_VALUE_COLOR, turbo } from './colorScale';
import { storePath } from './fetchModelFiles';
import type { ReconstructionImage } from './reconstructionData';
import { sortImages } from './sortImages';
import { estimateUp, eyeDistance, frustumDepth, reach, robustExtent } from './viewFraming';

describe('colour scale', () => {
  it('spans 0 to the 98th percentile of errors and says when larger ones are clipped', () => {
    const errors = Float32Array.from({ length: 100 }, (_, i) => i / 100);
    errors[99] = 40;
    const s = colorScale(errors, 'error');
    expect(s).toMatchObject({ min: 0, clipped: true, unit: 'px' });
    expect(s.max).toBeCloseTo(0.98, 5);
    expect(colorScale([NaN, NaN], 'error')).toEqual({ min: 0, max: 1, clipped: false, unit: 'px' });
  });

  it('spans track lengths from the shortest, at least one step wide', () => {
    expect(colorScale(Uint32Array.from([2, 2, 2]), 'track')).toEqual({ min: 2, max: 3, clipped: false, unit: 'images' });
    expect(colorScale(Uint32Array.from([2, 3, 9]), 'track')).toMatchObject({ min: 2, max: 9 });
  });

  it('colours by turbo, grey where there is no value', () => {
    const out = colorize(Float32Array.from([0, 1, NaN]), { min: 0, max: 1, clipped: false, unit: 'px' }, new Float32Array(9));
    expect([...out.subarray(0, 3)]).toEqual(turbo(0).map((v) => Math.fround(v)));
    expect([...out.subarray(3, 6)]).toEqual(turbo(1).map((v) => Math.fround(v)));
    expect([...out.subarray(6, 9)]).toEqual(NO_VALUE_COLOR.map((v) => Math.fround(v)));
    // Blue low on the ramp, dark red at the top, as the shaders draw it.
    expect(turbo(0.15)[2]).toBeGreaterThan(turbo(0.15)[0]);
    expect(turbo(1)[0]).toBeGreaterThan(turbo(1)[2]);
  });
});

describe('framing helpers', () => {
  it('takes the median and the 90th-percentile radius, ignoring far outliers', () => {
    const xyz: number[] = [];
    for (let i = 0; i < 99; i++) xyz.push(10 + Math.cos(i), 20 + Math.sin(i), 30);
    xyz.push(1e6, 1e6, 1e6);
    const { centre, radius } = robustExtent(Float64Array.from(xyz), 100);
    expect(Math.hypot(centre[0] - 10, centre[1] - 20, centre[2] - 30)).toBeLessThan(1);
    expect(radius).toBeLessThan(2.5);
    expect(robustExtent(new Float64Array(0), 0)).toEqual({ centre: [0, 0, 0], radius: 1 });
  });

  it('keeps +z up when there are no cameras, and frustums within the camera spacing', () => {
    expect(estimateUp([])).toEqual([0, 0, 1]);
    const row = Array.from({ length: 10 }, (_, i) => [i * 0.5, 0, 0] as const);
    expect(frustumDepth(row, 10, 20)).toBeCloseTo(0.25, 6);
    expect(frustumDepth(row, 10, 1)).toBeCloseTo(0.2, 6);
    expect(frustumDepth([[0, 0, 0]], 10, 30)).toBe(3);
  });

  it('fits the points, or everything with the cameras and their frustums', () => {
    const fit = (1 / Math.sin((25 * Math.PI) / 180)) * 1.1;
    expect(eyeDistance({ radius: 1, wholeRadius: 6 }, 50, 'points')).toBeCloseTo(fit, 9);
    expect(eyeDistance({ radius: 1, wholeRadius: 6 }, 50, 'all')).toBeCloseTo(6 * fit, 9);
    expect(reach([[3, 0, 0], [0, 1, 0]], [0, 0, 0], 1)).toBe(3);
    expect(reach([], [0, 0, 0], 1)).toBe(1);
  });

  it('joins store paths, "." being the store root', () => {
    expect(storePath('.', 'cameras.bin')).toBe('cameras.bin');
    expect(storePath('dense/0/sparse', 'images.bin')).toBe('dense/0/sparse/images.bin');
    expect(storePath('images', 'cam1/000.jpg')).toBe('images/cam1/000.jpg');
  });
});

describe('sortImages', () => {
  const im = (imageId: number, name: string, meanError: number): ReconstructionImage => ({
    imageId,
    name,
    cameraId: 1,
    cameraModel: 'PINHOLE',
    width: 1,
    height: 1,
    registered: true,
    points2D: 10 - imageId,
    triangulated: 0,
    meanError,
  });
  const images = [im(1, 'img10.jpg', 0.5), im(2, 'img9.jpg', NaN), im(3, 'img2.jpg', 1.5), im(4, 'img1.jpg', 0.5)];

  it('sorts numbers either way with unknowns last, names naturally, ties by id', () => {
    expect(sortImages(images, 'meanError', true).map((i) => i.imageId)).toEqual([3, 1, 4, 2]);
    expect(sortImages(images, 'meanError', false).map((i) => i.imageId)).toEqual([1, 4, 3, 2]);
    expect(sortImages(images, 'name', false).map((i) => i.name)).toEqual(['img1.jpg', 'img2.jpg', 'img9.jpg', 'img10.jpg']);
    expect(sortImages(images, 'points2D', true).map((i) => i.imageId)).toEqual([1, 2, 3, 4]);
  });
});
