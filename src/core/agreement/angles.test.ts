import { describe, expect, it } from 'vitest';
import { circularMean, wrapAngle, yawDifference } from './angles';

const DEG = Math.PI / 180;

describe('angles', () => {
  it('wraps to (−π, π]', () => {
    expect(wrapAngle(Math.PI)).toBe(Math.PI);
    expect(wrapAngle(-Math.PI)).toBe(Math.PI);
    expect(wrapAngle(3 * Math.PI)).toBeCloseTo(Math.PI, 12);
    expect(wrapAngle(-0.5)).toBe(-0.5);
  });

  it('measures the smallest heading difference modulo 2π or π', () => {
    expect(yawDifference(179 * DEG, -179 * DEG)).toBeCloseTo(2 * DEG, 12);
    expect(yawDifference(0, Math.PI)).toBeCloseTo(Math.PI, 12);
    expect(yawDifference(0, Math.PI, 'half')).toBeCloseTo(0, 12);
    expect(yawDifference(10 * DEG, 200 * DEG, 'half')).toBeCloseTo(10 * DEG, 12);
  });

  it('averages on the circle', () => {
    expect(Math.abs(circularMean([179 * DEG, -179 * DEG]))).toBeCloseTo(Math.PI, 12);
    expect(circularMean([-10 * DEG, 30 * DEG])).toBeCloseTo(10 * DEG, 12);
    expect(circularMean([0, Math.PI])).toBeNaN();
    expect(circularMean([0, Math.PI], 'half')).toBeCloseTo(0, 12);
    expect(circularMean([])).toBeNaN();
  });
});
