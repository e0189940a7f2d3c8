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
});
