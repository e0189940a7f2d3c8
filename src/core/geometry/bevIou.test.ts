import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random/seededRandom';
import { bevBoxOf, bevCorners, bevIou, cuboidBevIou, type BevBox } from './bevIou';
import { quatFromYaw } from './quaternion';

const box = (cx: number, cy: number, length: number, width: number, yaw = 0): BevBox => ({ cx, cy, length, width, yaw });

/** Fraction of a fine grid over both boxes inside each: an independent estimate of the IoU. */
function gridIou(a: BevBox, b: BevBox, steps = 400): number {
  const inside = (r: BevBox, x: number, y: number) => {
    const dx = x - r.cx;
    const dy = y - r.cy;
    const u = Math.cos(r.yaw) * dx + Math.sin(r.yaw) * dy;
    const v = -Math.sin(r.yaw) * dx + Math.cos(r.yaw) * dy;
    return Math.abs(u) <= r.length / 2 && Math.abs(v) <= r.width / 2;
  };
  const xs = [...bevCorners(a), ...bevCorners(b)];
  const px = xs.filter((_, i) => i % 2 === 0);
  const py = xs.filter((_, i) => i % 2 === 1);
  const [x0, x1, y0, y1] = [Math.min(...px), Math.max(...px), Math.min(...py), Math.max(...py)];
  let both = 0;
  let either = 0;
  for (let i = 0; i < steps; i++) {
    for (let j = 0; j < steps; j++) {
      const x = x0 + ((i + 0.5) * (x1 - x0)) / steps;
      const y = y0 + ((j + 0.5) * (y1 - y0)) / steps;
      const ia = inside(a, x, y);
      const ib = inside(b, x, y);
      if (ia && ib) both++;
      if (ia || ib) either++;
    }
  }
  return either ? both / either : 0;
}

describe('bevIou', () => {
  it('is exactly 1 for identical boxes, rotated or not', () => {
    expect(bevIou(box(0, 0, 4.5, 1.9), box(0, 0, 4.5, 1.9))).toBe(1);
    expect(bevIou(box(12.3, -7.1, 4.5, 1.9, 0.7), box(12.3, -7.1, 4.5, 1.9, 0.7))).toBe(1);
    expect(bevIou(box(3, 4, 0.6, 0.6, -2.1), box(3, 4, 0.6, 0.6, -2.1))).toBe(1);
  });

  it('is 0 for disjoint boxes and for boxes that only touch', () => {
    expect(bevIou(box(0, 0, 2, 2), box(5, 0, 2, 2))).toBe(0);
    expect(bevIou(box(0, 0, 2, 2), box(2, 0, 2, 2))).toBe(0); // shared edge
    expect(bevIou(box(0, 0, 2, 2), box(2, 2, 2, 2))).toBe(0); // shared corner
    // A diamond whose corner touches the square's right edge at (1, 0).
    expect(bevIou(box(0, 0, 2, 2), box(1 + Math.SQRT2, 0, 2, 2, Math.PI / 4))).toBe(0);
  });

  it('gives the smaller area over the larger for nested boxes', () => {
    expect(bevIou(box(0, 0, 4, 2), box(0.5, 0.2, 2, 1))).toBeCloseTo(2 / 8, 12);
    expect(bevIou(box(0.5, 0.2, 2, 1), box(0, 0, 4, 2))).toBeCloseTo(2 / 8, 12);
  });

  it('matches hand-derived values for shifted and rotated boxes', () => {
    // Half overlap of two 2×2 squares: 2 / 6.
    expect(bevIou(box(0, 0, 2, 2), box(1, 0, 2, 2))).toBeCloseTo(1 / 3, 12);
    // A 2×2 square and itself turned 45°: a regular octagon of area 8√2 − 8, IoU 1/√2.
    expect(bevIou(box(0, 0, 2, 2), box(0, 0, 2, 2, Math.PI / 4))).toBeCloseTo(Math.SQRT1_2, 12);
    // A 4×2 box and itself turned 90°: a 2×2 overlap, 4 / 12.
    expect(bevIou(box(0, 0, 4, 2), box(0, 0, 4, 2, Math.PI / 2))).toBeCloseTo(1 / 3, 12);
    // Turned half a turn it is the same rectangle.
    expect(bevIou(box(1, 2, 4, 2, 0.3), box(1, 2, 4, 2, 0.3 + Math.PI))).toBeCloseTo(1, 12);
    // A 2×2 square and a 45° diamond of side 2 centred on its corner (1, 1): the overlap is the
    // triangle |x − 1| + |y − 1| ≤ √2 with x, y ≤ 1, legs √2, area 1; union 4 + 4 − 1.
    expect(bevIou(box(0, 0, 2, 2), box(1, 1, 2, 2, Math.PI / 4))).toBeCloseTo(1 / 7, 12);
  });

  it('keeps its precision at georeferenced coordinates (millions of metres)', () => {
    const rnd = seededRandom(11);
    for (let k = 0; k < 200; k++) {
      const size = [0.05, 0.6, 4.5][k % 3];
      const a = box(rnd(), rnd(), size, size * 0.8, rnd() * 6);
      const b = box(a.cx + size * 0.1 * (rnd() - 0.5), a.cy + size * 0.1 * (rnd() - 0.5), size * 1.01, size * 0.8, a.yaw + 0.05 * rnd());
      const far = (r: BevBox): BevBox => ({ ...r, cx: r.cx + 4.5e6, cy: r.cy + 5.4e6 });
      expect(Math.abs(bevIou(far(a), far(b)) - bevIou(a, b))).toBeLessThan(1e-6);
    }
  });

  it('is 0 for degenerate boxes', () => {
    expect(bevIou(box(0, 0, 0, 2), box(0, 0, 2, 2))).toBe(0);
    expect(bevIou(box(0, 0, 2, 2), box(0, 0, 2, -1))).toBe(0);
    expect(bevIou(box(0, 0, Number.NaN, 2), box(0, 0, 2, 2))).toBe(0);
  });

  it('agrees with a grid estimate and is symmetric on random boxes', () => {
    const rnd = seededRandom(7);
    for (let k = 0; k < 40; k++) {
      const a = box(rnd() * 2, rnd() * 2, 0.5 + rnd() * 4, 0.5 + rnd() * 2, rnd() * 7 - 3.5);
      const b = box(rnd() * 2, rnd() * 2, 0.5 + rnd() * 4, 0.5 + rnd() * 2, rnd() * 7 - 3.5);
      const iou = bevIou(a, b);
      expect(iou).toBeGreaterThanOrEqual(0);
      expect(iou).toBeLessThanOrEqual(1);
      expect(Math.abs(iou - bevIou(b, a))).toBeLessThan(1e-12);
      expect(Math.abs(iou - gridIou(a, b))).toBeLessThan(0.01);
    }
  });

  it('reads a cuboid footprint by its yaw', () => {
    const c = { frame: 'lidar', center: [3, 4, 1] as const, size: [4, 2, 1.5] as const, rotation: quatFromYaw(0.4) };
    expect(bevBoxOf(c)).toMatchObject({ cx: 3, cy: 4, length: 4, width: 2 });
    expect(bevBoxOf(c).yaw).toBeCloseTo(0.4, 12);
    expect(cuboidBevIou(c, { ...c, center: [5, 4, 0] })).toBeCloseTo(gridIou(bevBoxOf(c), { ...bevBoxOf(c), cx: 5 }), 2);
  });
});
