import { describe, expect, it } from 'vitest';
import { cuboidBevIou } from '../geometry/bevIou';
import { amodalBox, type EndIsSeen } from './amodalBox';
import { evaluateSeededFit } from './fitEvaluation';
import { fitCuboidAtPoint } from './fitCuboid';
import { suggestFitOptions } from './fitOptions';
import { makeSyntheticFrame } from './syntheticLidar';

/** A side 20–24 m ahead along x, 10 m to the left: 4 m of a 10 m class seen, at a slant. */
function side(): Float64Array {
  const xy: number[] = [];
  for (let x = 20; x <= 24.001; x += 0.05) xy.push(x, 10);
  return Float64Array.from(xy);
}

describe('an object hidden at both ends', () => {
  const priors = [{ classId: 'bus', size: [10, 2.5, 3] as const }];
  const hiddenBoth = (roomNear: number, roomFar: number): EndIsSeen =>
    Object.assign(() => false, {
      roomBeyond: (x: number, _y: number, ux: number, _uy: number, limit: number) => Math.min(limit, ux < 0 ? roomNear : roomFar),
    });

  it('goes on behind each end no further than it stays hidden there, the far side first', () => {
    const xy = side();
    const n = xy.length / 2;
    // Room for 6 m behind the far end: grown that way, as without room limits.
    const far = amodalBox(xy, n, [0, 0], priors, null, { endIsSeen: hiddenBoth(6, 6) });
    expect(far.length).toBeCloseTo(10, 6);
    expect(far.cx).toBeCloseTo(25, 1);
    // Only 1 m behind the far end: the other 5 m go behind the near end.
    const near = amodalBox(xy, n, [0, 0], priors, null, { endIsSeen: hiddenBoth(6, 1) });
    expect(near.cx).toBeCloseTo(20, 1);
    expect(near.length).toBeCloseTo(10, 6);
  });

  it('boxes generated buses cut short at both ends by nearer road users where they stay hidden', () => {
    // Frame 19's bus 4 stands behind a car and another bus; frame 28's bus 1 shows its far end past the bus beside it.
    for (const [seed, object] of [[19, 4], [28, 1]] as const) {
      const frame = makeSyntheticFrame({ seed });
      const [outcome] = evaluateSeededFit({ name: `${seed}`, stride: 4, ...frame, objects: [frame.objects[object]], objectOf: frame.objectOf.map((k) => (k === object ? 0 : k === -1 ? -1 : -2)) }, (points, stride, at) =>
        fitCuboidAtPoint(points, stride, at, 'lidar', suggestFitOptions(at, [11, 2.6, 3.2]))?.cuboid ?? null,
      );
      expect(outcome.iou).toBeGreaterThan(0.85);
      expect(cuboidBevIou(outcome.fitted!, frame.objects[object].cuboid)).toBe(outcome.iou);
    }
  });

  it('lays the rest of an object seen above its body line either side of what was seen', () => {
    const xy = side();
    const n = xy.length / 2;
    // Room for the whole 6 m either side: a roof seen alone stands over the middle of its body.
    const roof = amodalBox(xy, n, [0, 0], priors, null, { endIsSeen: hiddenBoth(6, 6), upperOnly: true });
    expect(roof.length).toBeCloseTo(10, 6);
    expect(roof.cx).toBeCloseTo(22, 1);
    // Room for 1 m behind the near end: the rest goes behind the far one.
    const nearShort = amodalBox(xy, n, [0, 0], priors, null, { endIsSeen: hiddenBoth(1, 6), upperOnly: true });
    expect(nearShort.cx).toBeCloseTo(24, 1);
  });

  it('boxes generated cars whose roof alone shows over the car in front', () => {
    // Frame 118's car 0 (23 m) and frame 111's car 10 (35 m): one or two rings across the roof;
    // frame 113's car 11 (13 m): its roof and a strip below it, one end of the roof in the clear.
    for (const [seed, object] of [[118, 0], [111, 10], [113, 11]] as const) {
      const frame = makeSyntheticFrame({ seed });
      const [outcome] = evaluateSeededFit({ name: `${seed}`, stride: 4, ...frame, objects: [frame.objects[object]], objectOf: frame.objectOf.map((k) => (k === object ? 0 : k === -1 ? -1 : -2)) }, (points, stride, at) =>
        fitCuboidAtPoint(points, stride, at, 'lidar', suggestFitOptions(at, [4.5, 1.9, 1.6]))?.cuboid ?? null,
      );
      expect(outcome.iou).toBeGreaterThan(0.8);
    }
  });
});
