import { describe, expect, it } from 'vitest';
import type { AgreementBox } from '../agreement';
import { disputedBoxes } from './disputedBoxes';

const box = (id: string, x: number, classId = 'car'): AgreementBox => ({ objectId: id, trackId: id, classId, attributes: {}, center: [x, 0, 1], size: [4, 2, 1.5], yaw: 0 });

describe('disputedBoxes', () => {
  it('marks the boxes some other replica has no match for', () => {
    const replicas = [
      [box('a1', 0), box('a2', 20)],
      [box('b1', 0.1), box('b2', 40)],
      [box('c1', -0.1), box('c2', 20.2)],
    ];
    // a1, b1, c1 agree; a2 and c2 agree but b has no such box; b2 stands alone.
    expect([...disputedBoxes(replicas)].sort()).toEqual(['0:1', '1:1', '2:1']);
  });

  it('finds nothing to dispute when every replica holds the same boxes', () => {
    expect(disputedBoxes([[box('a', 0)], [box('b', 0)]]).size).toBe(0);
  });
});
