import { describe, expect, it } from 'vitest';
import { suggestFitOptions } from './fitOptions';

describe('suggestFitOptions', () => {
  it('widens the neighbour distance with range, within bounds', () => {
    expect(suggestFitOptions([2, 0, -1], [4.5, 1.9, 1.6]).neighbourDistance).toBe(0.4);
    expect(suggestFitOptions([9, 12, -1], [4.5, 1.9, 1.6]).neighbourDistance).toBe(1.4);
    expect(suggestFitOptions([8, 0, -1], [4.5, 1.9, 1.6]).neighbourDistance).toBeCloseTo(0.8);
    expect(suggestFitOptions([80, 0, -1], [4.5, 1.9, 1.6]).neighbourDistance).toBe(1.4);
  });

  it('caps the extent by the class size, never below 2 m', () => {
    expect(suggestFitOptions([10, 0, 0], [4.5, 1.9, 1.6]).maxExtent).toBeCloseTo(6.075);
    expect(suggestFitOptions([10, 0, 0], [0.7, 0.7, 1.75]).maxExtent).toBe(2);
  });
});
