import { describe, expect, it } from 'vitest';
import { xyOf } from './points';

describe('xyOf', () => {
  it('packs the named points’ x and y in the order named, at any stride', () => {
    // x, y, z, intensity: the intensity must never leak into the packing.
    const points = Float32Array.from([0, 1, 2, 9, 10, 11, 12, 9, 20, 21, 22, 9]);
    expect(Array.from(xyOf(points, [2, 0], 4))).toEqual([20, 21, 0, 1]);
    expect(Array.from(xyOf(Float64Array.from([1, 2, 3, 4, 5, 6]), Uint32Array.from([1])))).toEqual([4, 5]);
    expect(xyOf(points, [], 4).length).toBe(0);
  });
});
