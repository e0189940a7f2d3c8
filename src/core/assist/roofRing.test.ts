import { describe, expect, it } from 'vitest';
import { yawOf } from '../geometry/quaternion';
import { amodalBox } from './amodalBox';
import { evaluateSeededFit } from './fitEvaluation';
import { fitCuboidAtPoint } from './fitCuboid';
import { suggestFitOptions } from './fitOptions';
import { halfTurn } from './minAreaRectangle';
import { makeSyntheticFrame } from './syntheticLidar';

const CAR = { classId: 'car', size: [4.5, 1.9, 1.6] as const };

/** A car 8 m ahead turned 25°: a ring across its roof (an arc at one range) and 1.6 m of its front face. */
function roofAndFront(): { all: Float64Array; front: Float64Array } {
  const yaw = (25 * Math.PI) / 180;
  const ring: number[] = [];
  for (let a = -0.12; a <= 0.12; a += 0.004) ring.push(8 * Math.cos(a), 8 * Math.sin(a));
  const front: number[] = [];
  // The front face, across the car's heading, 2.2 m nearer than the ring's middle.
  for (let t = -0.8; t <= 0.8; t += 0.1) front.push(5.8 - Math.sin(yaw) * t, Math.cos(yaw) * t);
  return { all: Float64Array.from([...ring, ...front]), front: Float64Array.from(front) };
}

describe('a ring across a roof seen from above', () => {
  it('heads the car by its faces, not by the arc the ring draws across the line of sight', () => {
    const { all, front } = roofAndFront();
    const n = all.length / 2;
    const byAll = amodalBox(all, n, [0, 0], [CAR], 1.5);
    const bySides = amodalBox(all, n, [0, 0], [CAR], 1.5, { sides: front });
    const off = (yaw: number) => Math.abs(halfTurn(yaw - (25 * Math.PI) / 180)) % (Math.PI / 2);
    expect(Math.min(off(bySides.yaw), Math.PI / 2 - off(bySides.yaw))).toBeLessThan((4 * Math.PI) / 180);
    expect(Math.min(off(byAll.yaw), Math.PI / 2 - off(byAll.yaw))).toBeGreaterThan((10 * Math.PI) / 180);
  });

  it('boxes generated cars whose roof rings outnumber their faces', () => {
    // Frame 115's car 10 (7.7 m) and frame 113's car 12 (14.4 m): rings across the roof, a face below.
    for (const [seed, object] of [[115, 10], [113, 12]] as const) {
      const frame = makeSyntheticFrame({ seed });
      const [outcome] = evaluateSeededFit({ name: `${seed}`, stride: 4, ...frame, objects: [frame.objects[object]], objectOf: frame.objectOf.map((k) => (k === object ? 0 : k === -1 ? -1 : -2)) }, (points, stride, at) =>
        fitCuboidAtPoint(points, stride, at, 'lidar', suggestFitOptions(at, CAR.size))?.cuboid ?? null,
      );
      expect(outcome.iou).toBeGreaterThan(0.7);
      expect(Math.abs(halfTurn(yawOf(outcome.fitted!.rotation) - yawOf(frame.objects[object].cuboid.rotation)))).toBeLessThan((5 * Math.PI) / 180);
    }
  });
});
