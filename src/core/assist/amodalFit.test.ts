import { describe, expect, it } from 'vitest';
import { cuboidBevIou } from '../geometry/bevIou';
import { fitCuboidAtPoint } from './fitCuboid';
import { seedPointOf } from './fitEvaluation';
import { suggestFitOptions } from './fitOptions';
import { makeSyntheticFrame } from './syntheticLidar';

describe('the second round of the amodal fit', () => {
  it('takes in no piece of a neighbour that goes on outside the box', () => {
    // Frame 120's motorbike 9 at 28 m, the car 10 parked 1.5 m from it: the box grown to the
    // class's 0.9 m width reaches five of the car's points.
    const frame = makeSyntheticFrame({ seed: 120 });
    const [bike, car] = [9, 10];
    const at = seedPointOf({ stride: 4, ...frame }, bike)!;
    const fit = fitCuboidAtPoint(frame.points, 4, at, 'lidar', suggestFitOptions(at, [2.2, 0.9, 1.5]))!;
    expect([...fit.indices].filter((i) => frame.objectOf[i] === car)).toEqual([]);
    expect([...fit.indices].filter((i) => frame.objectOf[i] === bike).length).toBeGreaterThan(70);
    expect(cuboidBevIou(fit.cuboid, frame.objects[bike].cuboid)).toBeGreaterThan(0.7);
  });
});
