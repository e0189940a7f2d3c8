import { describe, expect, it } from 'vitest';
import { SEPARATING_GAP, suggestFitOptions } from './fitOptions';

describe('suggestFitOptions', () => {
  it('keeps neighbours closer than the gap that separates objects, at any range', () => {
    for (const seed of [[2, 0, -1], [9, 12, -1], [80, 0, -1]] as const) {
      const o = suggestFitOptions(seed, [4.5, 1.9, 1.6]);
      expect(o.neighbourDistance).toBeLessThan(SEPARATING_GAP);
      expect(o.depthDistance).toBeGreaterThan(o.neighbourDistance!);
    }
  });

  it('caps the extent by the class size, never below 2 m, and completes to the class size', () => {
    expect(suggestFitOptions([10, 0, 0], [4.5, 1.9, 1.6]).maxExtent).toBeCloseTo(6.075);
    expect(suggestFitOptions([10, 0, 0], [0.7, 0.7, 1.75]).maxExtent).toBe(2);
    expect(suggestFitOptions([10, 0, 0], [0.7, 0.7, 1.75]).classSize).toEqual([0.7, 0.7, 1.75]);
  });

  it('widens the ground disc with the range from the sensor, within bounds', () => {
    expect(suggestFitOptions([5, 0, -1], [4.5, 1.9, 1.6]).groundRadius).toBe(8);
    expect(suggestFitOptions([60, 0, -1], [4.5, 1.9, 1.6]).groundRadius).toBeCloseTo(18);
    expect(suggestFitOptions([500_060, 4e6, 0], [4.5, 1.9, 1.6], [500_000, 4e6, 0]).groundRadius).toBeCloseTo(18);
    expect(suggestFitOptions([500_060, 4e6, 0], [4.5, 1.9, 1.6]).groundRadius).toBe(30);
  });
});
