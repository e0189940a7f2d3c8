import { describe, expect, it } from 'vitest';
import { bevIouOf } from '../../agreement/boxOverlap';
import type { Detection3D } from './box3d';
import { rotatedNms } from './rotatedNms';

/** IoU of two footprints by its definition: count the points of a fine lattice inside each and both. */
function latticeIou(a: Detection3D, b: Detection3D, step = 0.01): number {
  const inside = (d: Detection3D, x: number, y: number) => {
    const dx = x - d.center[0];
    const dy = y - d.center[1];
    const u = Math.cos(d.yaw) * dx + Math.sin(d.yaw) * dy;
    const v = -Math.sin(d.yaw) * dx + Math.cos(d.yaw) * dy;
    return Math.abs(u) <= d.size[0] / 2 && Math.abs(v) <= d.size[1] / 2;
  };
  let both = 0;
  let either = 0;
  for (let x = -4; x <= 4; x += step) {
    for (let y = -4; y <= 4; y += step) {
      const ia = inside(a, x, y);
      const ib = inside(b, x, y);
      if (ia && ib) both++;
      if (ia || ib) either++;
    }
  }
  return both / either;
}

const box = (x: number, y: number, yaw: number, score: number, classIndex = 0): Detection3D => ({ center: [x, y, 0], size: [4, 2, 1.5], yaw, classIndex, score });

describe('rotated BEV NMS', () => {
  const a = box(0, 0, 0.3, 0.9);
  const b = box(0.8, 0.5, 1.0, 0.8);
  const c = box(0, 0, 0.3 + Math.PI / 2, 0.7, 1);
  const far = box(30, 0, 0, 0.5);

  it('measures overlap as the exact rotated-rectangle IoU', () => {
    expect(bevIouOf(a, b)).toBeCloseTo(latticeIou(a, b), 2);
    expect(bevIouOf(a, c)).toBeCloseTo(latticeIou(a, c), 2);
  });

  it('drops a box that overlaps a better one by more than the threshold, within its class or among all', () => {
    const iouAB = bevIouOf(a, b);
    const iouAC = bevIouOf(a, c);
    expect(rotatedNms([far, b, c, a], iouAB - 0.01, 10, true)).toEqual([a, c, far]);
    expect(rotatedNms([far, b, c, a], iouAB + 0.01, 10, true)).toEqual([a, b, c, far]);
    expect(rotatedNms([far, b, c, a], Math.min(iouAB, iouAC) - 0.01, 10, false)).toEqual([a, far]);
    expect(rotatedNms([far, b, c, a], 0.99, 2, false)).toEqual([a, b]);
  });
});
