import { describe, expect, it } from 'vitest';
import { scanCoverage, unseenBetween } from './scanCoverage';

const deg = (d: number) => (d * Math.PI) / 180;

/** One ring of points every `step` degrees from `from` to `to`, at range `r` around (sx, sy). */
function ring(from: number, to: number, step: number, r = 10, sx = 0, sy = 0): Float32Array {
  const out: number[] = [];
  for (let a = from; a <= to + 1e-9; a += step) out.push(sx + r * Math.cos(deg(a)), sy + r * Math.sin(deg(a)), -1.7);
  return Float32Array.from(out);
}

describe('scanCoverage', () => {
  it('is null for a scan that looked all round, even one as sparse as a 32-beam ring (0.33°)', () => {
    expect(scanCoverage(ring(-180, 179.9, 0.33), 3, [0, 0, 0])).toBeNull();
  });

  it('marks what a scan cropped to a camera view (±40°) did not look at, and nothing inside it', () => {
    const coverage = scanCoverage(ring(-40, 40, 0.17), 3, [0, 0, 0]);
    expect(coverage).not.toBeNull();
    expect(unseenBetween(coverage!, deg(-39), deg(39))).toBe(false);
    expect(unseenBetween(coverage!, deg(39), deg(42))).toBe(true);
    expect(unseenBetween(coverage!, deg(-43), deg(-41))).toBe(true);
    expect(unseenBetween(coverage!, deg(90), deg(91))).toBe(true);
    // Either order, and across the turn at ±180°.
    expect(unseenBetween(coverage!, deg(42), deg(39))).toBe(true);
    expect(unseenBetween(coverage!, deg(179), deg(181))).toBe(true);
  });

  it('takes a gap of a degree or two for a dropout, not an edge', () => {
    const points = new Float32Array([...ring(-180, 10, 0.2), ...ring(12, 179.9, 0.2)]);
    expect(scanCoverage(points, 3, [0, 0, 0])).toBeNull();
  });

  it('measures azimuths from the sensor, reads strided buffers and skips points left out (NaN)', () => {
    const cropped = ring(-40, 40, 0.2, 10, 5, -3);
    const strided = new Float32Array((cropped.length / 3) * 4 + 4);
    for (let i = 0; i < cropped.length / 3; i++) strided.set(cropped.subarray(3 * i, 3 * i + 3), 4 * i);
    strided.set([NaN, NaN, NaN, 0], strided.length - 4);
    const coverage = scanCoverage(strided, 4, [5, -3, 0]);
    expect(coverage).not.toBeNull();
    expect(unseenBetween(coverage!, deg(-30), deg(30))).toBe(false);
    expect(unseenBetween(coverage!, deg(100), deg(120))).toBe(true);
    expect(scanCoverage(new Float32Array([NaN, NaN, NaN]), 3, [0, 0, 0])).toBeNull();
  });
});
