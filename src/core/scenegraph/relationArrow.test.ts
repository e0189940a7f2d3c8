import { describe, expect, it } from 'vitest';
import { quatFromYaw } from '../geometry/quaternion';
import { relationArrow, surfaceDistance } from './relationArrow';
import type { SceneGraphNode } from './sceneGraph';

const box = (centre: [number, number, number], yaw = 0): SceneGraphNode => ({
  nodeId: `n${centre.join(',')}`,
  classId: 'car',
  centre,
  size: [4, 2, 1.5],
  rotation: quatFromYaw(yaw),
});

const close = (actual: readonly number[], expected: readonly number[]) => actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 9));

describe('relationArrow', () => {
  it('runs from surface to surface along the line between the centres', () => {
    const arrow = relationArrow(box([0, 0, 0]), box([10, 0, 0]))!;
    close(arrow.from, [2, 0, 0]);
    close(arrow.to, [8, 0, 0]);
    close(arrow.midpoint, [5, 0, 0]);
  });

  it('uses each box orientation: a box turned 90° is entered through its side', () => {
    const arrow = relationArrow(box([0, 0, 0]), box([10, 0, 0], Math.PI / 2))!;
    close(arrow.to, [9, 0, 0]);
    // Diagonal exit through the nearer face: along (1, 1)/√2 the 2 m wide box is left at y = 1.
    expect(surfaceDistance(box([0, 0, 0]), [Math.SQRT1_2, Math.SQRT1_2, 0])).toBeCloseTo(Math.SQRT2, 9);
  });

  it('falls back to centre to centre for overlapping boxes, and to nothing for one point', () => {
    const arrow = relationArrow(box([0, 0, 0]), box([3, 0, 0]))!;
    close(arrow.from, [0, 0, 0]);
    close(arrow.to, [3, 0, 0]);
    expect(relationArrow(box([1, 1, 1]), box([1, 1, 1]))).toBeNull();
    const bare: SceneGraphNode = { nodeId: 'p', classId: 'x', centre: [0, 0, 0] };
    close(relationArrow(bare, { ...bare, centre: [0, 4, 0] })!.to, [0, 4, 0]);
  });
});
