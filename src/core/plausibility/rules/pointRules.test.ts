import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../assist/syntheticScene';
import { cuboidCorners, type Cuboid } from '../../geometry/cuboid';
import { quatNormalize } from '../../geometry/quaternion';
import { lowestCornerZ } from './pointRules';

describe('lowestCornerZ', () => {
  it('is exactly the least z of the corners cuboidCorners places, tilted or not', () => {
    const rnd = seededRandom(5);
    for (let k = 0; k < 500; k++) {
      const yaw = rnd() * 2 * Math.PI;
      const c: Cuboid = {
        frame: 'lidar',
        center: [(rnd() - 0.5) * 100, (rnd() - 0.5) * 100, (rnd() - 0.5) * 4],
        size: [0.1 + rnd() * 10, 0.1 + rnd() * 4, 0.1 + rnd() * 4],
        rotation: k % 2 ? quatNormalize([rnd() - 0.5, rnd() - 0.5, rnd() - 0.5, rnd() - 0.5]) : [0, 0, Math.sin(yaw / 2), Math.cos(yaw / 2)],
      };
      expect(lowestCornerZ(c)).toBe(Math.min(...cuboidCorners(c).map((p) => p[2])));
    }
  });
});
