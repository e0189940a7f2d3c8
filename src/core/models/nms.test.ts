import { describe, expect, it } from 'vitest';
import { boxIou, type Detection2D } from './detection';
import { nonMaxSuppression } from './nms';

const box = (x1: number, y1: number, x2: number, y2: number, classIndex: number, score: number): Detection2D => ({ x1, y1, x2, y2, classIndex, score });

describe('nonMaxSuppression', () => {
  it('drops a weaker box of the same class over the IoU, keeps one of another class and one that overlaps less', () => {
    const strong = box(0, 0, 10, 10, 0, 0.9);
    const weakSame = box(1, 0, 11, 10, 0, 0.8); // IoU 90/110
    const otherClass = box(1, 0, 11, 10, 1, 0.7);
    const apart = box(5, 0, 15, 10, 0, 0.6); // IoU 50/150 with strong
    expect(boxIou(strong, weakSame)).toBeCloseTo(90 / 110, 12);
    expect(nonMaxSuppression([apart, weakSame, otherClass, strong], 0.5, 10)).toEqual([strong, otherClass, apart]);
  });

  it('keeps at most max boxes, best first, and ties in input order', () => {
    const a = box(0, 0, 1, 1, 0, 0.5);
    const b = box(5, 5, 6, 6, 0, 0.5);
    const c = box(9, 9, 10, 10, 0, 0.9);
    expect(nonMaxSuppression([a, b, c], 0.5, 2)).toEqual([c, a]);
  });
});
