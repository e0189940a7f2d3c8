import { describe, expect, it } from 'vitest';
import { convexHull, halfTurn, minAreaRectangle } from './minAreaRectangle';
import { seededRandom } from './syntheticScene';

/** Samples of a length x width rectangle (corners, edges, interior), rotated by yaw about (cx, cy). */
function rectanglePoints(cx: number, cy: number, length: number, width: number, yaw: number, rnd: () => number, n = 60) {
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  const local: Array<[number, number]> = [
    [length / 2, width / 2],
    [-length / 2, width / 2],
    [-length / 2, -width / 2],
    [length / 2, -width / 2],
  ];
  for (let i = 0; i < n; i++) local.push([(rnd() - 0.5) * length, (rnd() - 0.5) * width]);
  return local.map(([x, y]) => [cx + c * x - s * y, cy + s * x + c * y] as [number, number]);
}

/** Unsigned angle between two axis directions, modulo π. */
function axisError(a: number, b: number): number {
  return Math.abs(halfTurn(a - b));
}

/** O(h²) reference: the smallest rectangle with a side on some hull edge. */
function bruteForceMinArea(pts: Array<[number, number]>): number {
  const hull = convexHull(pts);
  const m = hull.length / 2;
  let best = Infinity;
  for (let i = 0; i < m; i++) {
    const j = (i + 1) % m;
    const ex = hull[2 * j] - hull[2 * i];
    const ey = hull[2 * j + 1] - hull[2 * i + 1];
    const len = Math.hypot(ex, ey);
    const ux = ex / len;
    const uy = ey / len;
    let lo = Infinity;
    let hi = -Infinity;
    let vlo = Infinity;
    let vhi = -Infinity;
    for (const [x, y] of pts) {
      const a = x * ux + y * uy;
      const b = -x * uy + y * ux;
      lo = Math.min(lo, a);
      hi = Math.max(hi, a);
      vlo = Math.min(vlo, b);
      vhi = Math.max(vhi, b);
    }
    best = Math.min(best, (hi - lo) * (vhi - vlo));
  }
  return best;
}

function expectEncloses(rect: ReturnType<typeof minAreaRectangle>, pts: Array<[number, number]>, eps = 1e-9) {
  const c = Math.cos(rect.yaw);
  const s = Math.sin(rect.yaw);
  for (const [x, y] of pts) {
    const dx = x - rect.center[0];
    const dy = y - rect.center[1];
    expect(Math.abs(c * dx + s * dy)).toBeLessThanOrEqual(rect.length / 2 + eps);
    expect(Math.abs(-s * dx + c * dy)).toBeLessThanOrEqual(rect.width / 2 + eps);
  }
}

describe('convexHull', () => {
  it('returns the corners counter-clockwise, without interior or collinear edge points', () => {
    const pts: Array<[number, number]> = [
      [0, 0], [1, 0], [2, 0], [2, 1], [2, 2], [1, 2], [0, 2], [0, 1], [1, 1], [0.5, 0.5], [2, 0],
    ];
    const hull = convexHull(pts);
    expect(Array.from(hull)).toEqual([0, 0, 2, 0, 2, 2, 0, 2]);
  });

  it('keeps one vertex for repeated points and two for collinear ones', () => {
    expect(Array.from(convexHull([[3, 4], [3, 4], [3, 4]]))).toEqual([3, 4]);
    expect(Array.from(convexHull([[0, 0], [2, 2], [1, 1], [3, 3]]))).toEqual([0, 0, 3, 3]);
    expect(convexHull([]).length).toBe(0);
  });
});

describe('minAreaRectangle', () => {
  it('recovers an axis-aligned rectangle', () => {
    const rect = minAreaRectangle(rectanglePoints(1, -2, 4, 2, 0, seededRandom(1)));
    expect(rect.center[0]).toBeCloseTo(1, 9);
    expect(rect.center[1]).toBeCloseTo(-2, 9);
    expect(rect.length).toBeCloseTo(4, 9);
    expect(rect.width).toBeCloseTo(2, 9);
    expect(rect.yaw).toBeCloseTo(0, 9);
  });

  it.each([0.3, -0.7, 1.2, Math.PI / 2, 2.5, -2.9, Math.PI / 6, (3 * Math.PI) / 4])(
    'recovers a 4.5 x 1.9 rectangle rotated by %f rad, long axis yaw in (-π/2, π/2]',
    (yaw) => {
      const pts = rectanglePoints(10, 5, 4.5, 1.9, yaw, seededRandom(7));
      const rect = minAreaRectangle(pts);
      expect(rect.center[0]).toBeCloseTo(10, 9);
      expect(rect.center[1]).toBeCloseTo(5, 9);
      expect(rect.length).toBeCloseTo(4.5, 9);
      expect(rect.width).toBeCloseTo(1.9, 9);
      expect(rect.yaw).toBeGreaterThan(-Math.PI / 2);
      expect(rect.yaw).toBeLessThanOrEqual(Math.PI / 2);
      expect(axisError(rect.yaw, yaw)).toBeLessThan(1e-9);
      expectEncloses(rect, pts);
    },
  );

  it('reports the long axis when the points are taller than wide', () => {
    const rect = minAreaRectangle(rectanglePoints(0, 0, 1, 3, 0, seededRandom(2)));
    expect(rect.length).toBeCloseTo(3, 9);
    expect(rect.width).toBeCloseTo(1, 9);
    expect(rect.yaw).toBeCloseTo(Math.PI / 2, 9);
  });

  it('matches an O(h²) reference on random clouds and encloses every point', () => {
    const rnd = seededRandom(42);
    for (let trial = 0; trial < 200; trial++) {
      const n = 3 + Math.floor(rnd() * 60);
      const sx = 0.2 + rnd() * 5;
      const sy = 0.2 + rnd() * 5;
      const pts: Array<[number, number]> = [];
      for (let i = 0; i < n; i++) pts.push([(rnd() - 0.5) * sx + rnd() * 0.3 * i, (rnd() - 0.5) * sy]);
      const rect = minAreaRectangle(pts);
      const reference = bruteForceMinArea(pts);
      expect(rect.length * rect.width).toBeCloseTo(reference, 9);
      expect(rect.length).toBeGreaterThanOrEqual(rect.width);
      expectEncloses(rect, pts, 1e-9);
    }
  });

  it('accepts interleaved Float64Array input with the same result', () => {
    const pts = rectanglePoints(-3, 8, 2.2, 0.8, -0.4, seededRandom(3));
    const flat = new Float64Array(pts.flat());
    expect(minAreaRectangle(flat)).toEqual(minAreaRectangle(pts));
  });

  it('stays exact far from the origin (georeferenced coordinates)', () => {
    const rect = minAreaRectangle(rectanglePoints(512_345.25, 4_123_456.5, 4.5, 1.9, 0.5, seededRandom(4)));
    expect(rect.center[0]).toBeCloseTo(512_345.25, 6);
    expect(rect.center[1]).toBeCloseTo(4_123_456.5, 6);
    expect(rect.length).toBeCloseTo(4.5, 6);
    expect(rect.width).toBeCloseTo(1.9, 6);
    expect(rect.yaw).toBeCloseTo(0.5, 6);
  });

  it('gives zero width for collinear points', () => {
    const rect = minAreaRectangle([[0, 0], [1, 1], [3, 3], [2, 2]]);
    expect(rect.center).toEqual([1.5, 1.5]);
    expect(rect.length).toBeCloseTo(3 * Math.SQRT2, 12);
    expect(rect.width).toBe(0);
    expect(rect.yaw).toBeCloseTo(Math.PI / 4, 12);
  });

  it('maps a vertical segment to yaw +π/2 (not -π/2)', () => {
    const rect = minAreaRectangle([[1, 5], [1, -1]]);
    expect(rect.yaw).toBeCloseTo(Math.PI / 2, 12);
    expect(rect.length).toBeCloseTo(6, 12);
    expect(rect.center).toEqual([1, 2]);
  });

  it('gives a zero-size rectangle for one point, repeated or not', () => {
    expect(minAreaRectangle([[2, -3]])).toEqual({ center: [2, -3], length: 0, width: 0, yaw: 0 });
    expect(minAreaRectangle([[2, -3], [2, -3], [2, -3]])).toEqual({ center: [2, -3], length: 0, width: 0, yaw: 0 });
  });

  it('throws on no points, odd interleaved input and non-finite coordinates', () => {
    expect(() => minAreaRectangle([])).toThrow(/at least one point/);
    expect(() => minAreaRectangle(new Float64Array(3))).toThrow(/even length/);
    expect(() => minAreaRectangle([[0, 0], [Number.NaN, 1]])).toThrow(/not finite/);
  });
});

describe('halfTurn', () => {
  it('folds any angle into (-π/2, π/2]', () => {
    expect(halfTurn(Math.PI)).toBeCloseTo(0, 12);
    expect(halfTurn(-Math.PI / 2)).toBeCloseTo(Math.PI / 2, 12);
    expect(halfTurn((3 * Math.PI) / 4)).toBeCloseTo(-Math.PI / 4, 12);
    expect(halfTurn(7)).toBeCloseTo(7 - 2 * Math.PI, 12);
  });
});
