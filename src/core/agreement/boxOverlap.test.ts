import { describe, expect, it } from 'vitest';
import { bevIou as geometryBevIou } from '../geometry/bevIou';
import { seededRandom } from '../random/seededRandom';
import { bevIntersection, bevIouOf, centreDistance, iou3dOf, overlapOf, type UprightBox } from './boxOverlap';

const box = (x: number, y: number, l: number, w: number, yaw = 0, z = 0, h = 1): UprightBox => ({ center: [x, y, z], size: [l, w, h], yaw });

/**
 * Independent reference for the footprint intersection, by a different method: the intersection
 * of two convex polygons is the convex hull of (corners of each inside the other) and (crossings of
 * their edges); its area by the shoelace formula over those points sorted by angle about their mean.
 */
function referenceIntersection(a: UprightBox, b: UprightBox): number {
  const corners = (r: UprightBox) => {
    const c = Math.cos(r.yaw);
    const s = Math.sin(r.yaw);
    return [[1, 1], [-1, 1], [-1, -1], [1, -1]].map(([u, v]) => {
      const du = (u * r.size[0]) / 2;
      const dv = (v * r.size[1]) / 2;
      return [r.center[0] + c * du - s * dv, r.center[1] + s * du + c * dv];
    });
  };
  const inside = (r: UprightBox, p: number[]) => {
    const dx = p[0] - r.center[0];
    const dy = p[1] - r.center[1];
    const u = Math.cos(r.yaw) * dx + Math.sin(r.yaw) * dy;
    const v = -Math.sin(r.yaw) * dx + Math.cos(r.yaw) * dy;
    return Math.abs(u) <= r.size[0] / 2 + 1e-9 && Math.abs(v) <= r.size[1] / 2 + 1e-9;
  };
  const pa = corners(a);
  const pb = corners(b);
  const points = [...pa.filter((p) => inside(b, p)), ...pb.filter((p) => inside(a, p))];
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const [p, p2, q, q2] = [pa[i], pa[(i + 1) % 4], pb[j], pb[(j + 1) % 4]];
      const rx = p2[0] - p[0];
      const ry = p2[1] - p[1];
      const sx = q2[0] - q[0];
      const sy = q2[1] - q[1];
      const den = rx * sy - ry * sx;
      if (Math.abs(den) < 1e-15) continue;
      const t = ((q[0] - p[0]) * sy - (q[1] - p[1]) * sx) / den;
      const u = ((q[0] - p[0]) * ry - (q[1] - p[1]) * rx) / den;
      if (t >= 0 && t <= 1 && u >= 0 && u <= 1) points.push([p[0] + t * rx, p[1] + t * ry]);
    }
  }
  if (points.length < 3) return 0;
  const mx = points.reduce((s, p) => s + p[0], 0) / points.length;
  const my = points.reduce((s, p) => s + p[1], 0) / points.length;
  points.sort((p, q) => Math.atan2(p[1] - my, p[0] - mx) - Math.atan2(q[1] - my, q[0] - mx));
  let twice = 0;
  points.forEach((p, i) => {
    const q = points[(i + 1) % points.length];
    twice += p[0] * q[1] - q[0] * p[1];
  });
  return Math.abs(twice) / 2;
}

describe('box overlap', () => {
  it('is exactly 1 for identical boxes, wherever they are and however turned', () => {
    const rnd = seededRandom(3);
    for (let k = 0; k < 200; k++) {
      const b = box(rnd() * 2e4 - 1e4, rnd() * 2e4 - 1e4, 0.2 + rnd() * 10, 0.2 + rnd() * 4, rnd() * 20 - 10, rnd() * 10 - 5, 0.1 + rnd() * 3);
      expect(bevIouOf(b, { ...b })).toBe(1);
      expect(iou3dOf(b, { ...b })).toBe(1);
      expect(overlapOf(b, { ...b })).toEqual({ iou3d: 1, bevIou: 1, centreDistance: 0 });
    }
    // A half turn is the same footprint.
    expect(bevIouOf(box(1, 2, 4, 2, 0.3), box(1, 2, 4, 2, 0.3 + Math.PI))).toBe(1);
  });

  it('gives 2(√2 − 1) for a unit square against itself turned 45°', () => {
    // Both squares have inradius 1/2, so the overlap is the regular octagon of inradius 1/2:
    // 8 · (1/2)² · tan(π/8) = 2 tan(π/8) = 2(√2 − 1).
    const inter = bevIntersection(box(0, 0, 1, 1), box(0, 0, 1, 1, Math.PI / 4));
    expect(inter).toBeCloseTo(2 * (Math.SQRT2 - 1), 14);
    const union = 2 - inter;
    expect(bevIouOf(box(0, 0, 1, 1), box(0, 0, 1, 1, Math.PI / 4))).toBeCloseTo((2 * (Math.SQRT2 - 1)) / union, 14);
  });

  it('is 0 for touching boxes (edge or corner) and far apart ones', () => {
    expect(bevIouOf(box(0, 0, 2, 2), box(2, 0, 2, 2))).toBe(0);
    expect(bevIouOf(box(0, 0, 2, 2), box(2, 2, 2, 2))).toBe(0);
    // Turned 0.7 rad and shifted by one side length along the heading: a shared edge.
    expect(bevIouOf(box(0, 0, 2, 2, 0.7), box(2 * Math.cos(0.7), 2 * Math.sin(0.7), 2, 2, 0.7))).toBe(0);
    expect(bevIouOf(box(0, 0, 2, 2), box(1 + Math.SQRT2, 0, 2, 2, Math.PI / 4))).toBe(0);
    expect(bevIouOf(box(0, 0, 2, 2), box(500, -300, 2, 2))).toBe(0);
    // Stacked: the same footprint, one box on top of the other.
    expect(iou3dOf(box(0, 0, 2, 2, 0, 0, 1), box(0, 0, 2, 2, 0, 1, 1))).toBe(0);
  });

  it('gives the smaller over the larger for nested boxes, in BEV and in 3D', () => {
    expect(bevIouOf(box(0, 0, 4, 2), box(0.5, 0.2, 2, 1, 0.1))).toBeCloseTo(2 / 8, 14);
    // 2×1×1 inside 4×2×2: volume 2 over 16.
    expect(iou3dOf(box(0, 0, 4, 2, 0, 0, 2), box(0.5, 0.2, 2, 1, 0.1, 0.3, 1))).toBeCloseTo(2 / 16, 14);
  });

  it('multiplies footprint by height overlap in 3D', () => {
    // Two 2×2×2 cubes shifted 1 in x and 1 in z: intersection 1·2·1 = 2, union 8 + 8 − 2 = 14.
    expect(iou3dOf(box(0, 0, 2, 2, 0, 0, 2), box(1, 0, 2, 2, 0, 1, 2))).toBeCloseTo(2 / 14, 14);
  });

  it('is 0, not NaN, for degenerate boxes', () => {
    for (const bad of [box(0, 0, 0, 2), box(0, 0, 2, 0), box(0, 0, 2, 2, 0, 0, 0), box(0, 0, -1, 2), box(0, 0, Number.NaN, 2), box(0, 0, 2, 2, Number.NaN)]) {
      expect(iou3dOf(bad, box(0, 0, 2, 2))).toBe(0);
      expect(iou3dOf(box(0, 0, 2, 2), bad)).toBe(0);
      expect(overlapOf(bad, bad).iou3d).toBe(0);
    }
    expect(bevIouOf(box(0, 0, 0, 2), box(0, 0, 0, 2))).toBe(0);
    expect(centreDistance(box(0, 0, 1, 1), box(3, 4, 1, 1, 0, 12))).toBe(13);
  });

  it('agrees with an independent hull construction and with the geometry module on 4,000 random pairs', () => {
    const rnd = seededRandom(12);
    let worst = 0;
    for (let k = 0; k < 4000; k++) {
      const a = box(rnd() * 4, rnd() * 4, 0.3 + rnd() * 5, 0.3 + rnd() * 3, rnd() * 8 - 4);
      // Every tenth pair shares a centre or a heading: the cases with vertices on edges.
      const b = box(k % 10 === 0 ? a.center[0] : rnd() * 4, rnd() * 4, 0.3 + rnd() * 5, 0.3 + rnd() * 3, k % 10 === 5 ? a.yaw : rnd() * 8 - 4);
      const inter = bevIntersection(a, b);
      const ref = referenceIntersection(a, b);
      worst = Math.max(worst, Math.abs(inter - ref), Math.abs(inter - bevIntersection(b, a)));
      const iou = bevIouOf(a, b);
      const geo = geometryBevIou(
        { cx: a.center[0], cy: a.center[1], length: a.size[0], width: a.size[1], yaw: a.yaw },
        { cx: b.center[0], cy: b.center[1], length: b.size[0], width: b.size[1], yaw: b.yaw },
      );
      worst = Math.max(worst, Math.abs(iou - geo));
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it('keeps its precision at georeferenced coordinates (millions of metres)', () => {
    const rnd = seededRandom(8);
    for (let k = 0; k < 200; k++) {
      const size = [0.05, 0.6, 4.5][k % 3];
      const a = box(rnd(), rnd(), size, size * 0.8, rnd() * 6);
      const b = box(a.center[0] + size * 0.1 * (rnd() - 0.5), a.center[1] + size * 0.1 * (rnd() - 0.5), size * 1.01, size * 0.8, a.yaw + 0.05 * rnd());
      const far = (r: UprightBox): UprightBox => ({ ...r, center: [r.center[0] + 4.5e6, r.center[1] + 5.4e6, r.center[2]] });
      expect(Math.abs(iou3dOf(far(a), far(b)) - iou3dOf(a, b))).toBeLessThan(1e-6);
    }
  });

  it('agrees with area sampling on random pairs (within the sampling error)', () => {
    const rnd = seededRandom(5);
    const inside = (r: UprightBox, x: number, y: number) => {
      const dx = x - r.center[0];
      const dy = y - r.center[1];
      return Math.abs(Math.cos(r.yaw) * dx + Math.sin(r.yaw) * dy) <= r.size[0] / 2 && Math.abs(-Math.sin(r.yaw) * dx + Math.cos(r.yaw) * dy) <= r.size[1] / 2;
    };
    for (let k = 0; k < 20; k++) {
      const a = box(rnd() * 2, rnd() * 2, 1 + rnd() * 3, 1 + rnd() * 2, rnd() * 7);
      const b = box(rnd() * 2, rnd() * 2, 1 + rnd() * 3, 1 + rnd() * 2, rnd() * 7);
      // A 600 × 600 grid over [−4, 6]²: cell area (10/600)², the error stays well under 0.01 m².
      const steps = 600;
      let both = 0;
      for (let i = 0; i < steps; i++) {
        for (let j = 0; j < steps; j++) {
          const x = -4 + ((i + 0.5) * 10) / steps;
          const y = -4 + ((j + 0.5) * 10) / steps;
          if (inside(a, x, y) && inside(b, x, y)) both++;
        }
      }
      expect(Math.abs(bevIntersection(a, b) - (both * 100) / (steps * steps))).toBeLessThan(0.02);
    }
  });
});
