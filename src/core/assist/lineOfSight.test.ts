import { describe, expect, it } from 'vitest';
import { withWhatStandsInFront } from './lineOfSight';
import { cropSquare } from './points';

describe('withWhatStandsInFront', () => {
  // An object at 30 m along x; points at 10 m in its sector and out of it, and one behind it.
  const points = Float32Array.from([
    30, 0, 0, 30, 0.5, 0, 30.2, 0.2, 0.5, // the object (0–2)
    10, 0.1, 0, // in front, in its sector (3)
    10, 5, 0, // in front, 27° aside (4)
    45, 0.2, 0, // behind it (5)
    12, -20, 0, // far aside (6)
  ]);
  const near = cropSquare(points, 3, [30, 0, 0], 3);

  it('appends what stands between the sensor and the object, outside the crop, with its source index', () => {
    expect(Array.from(near.sourceIndices)).toEqual([0, 1, 2]);
    const seen = withWhatStandsInFront(points, 3, near, [0, 1, 2], [30, 0], 3, [0, 0, 0]);
    expect(Array.from(seen.sourceIndices)).toEqual([0, 1, 2, 3]);
    expect(Array.from(seen.points.subarray(9))).toEqual([10, Math.fround(0.1), 0]);
  });

  it('widens the sector by what a length subtends at the object, and returns the crop as it was when nothing stands in front', () => {
    const wide = withWhatStandsInFront(points, 3, near, [0, 1, 2], [30, 0], 3, [0, 0, 0], 16);
    expect(Array.from(wide.sourceIndices)).toEqual([0, 1, 2, 3, 4]);
    const alone = cropSquare(Float32Array.from([30, 0, 0, 30, 0.5, 0, 45, 0, 0]), 3, [30, 0, 0], 3);
    expect(withWhatStandsInFront(Float32Array.from([30, 0, 0, 30, 0.5, 0, 45, 0, 0]), 3, alone, [0, 1], [30, 0], 3, [0, 0, 0])).toBe(alone);
  });
});
