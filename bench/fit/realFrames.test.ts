import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitCuboidAtPoint, suggestFitOptions } from '../../src/core/assist';
import { seedPointOf } from '../../src/core/assist/fitEvaluation';
import { bevBoxOf, bevCorners, cuboidBevIou } from '../../src/core/geometry/bevIou';
import { yawOf } from '../../src/core/geometry/quaternion';
import { halfTurn } from '../../src/core/assist/minAreaRectangle';
import { mmdet3dKittiFrame } from './realFrames';

// KITTI frame 000008 as the mmdet3d demo ships it: the scan cropped to the front camera's view
// (azimuths -40.3° to 39.4°), six labelled cars. Fitted at the default ontology's car size, as the
// app does, seeded as the bench seeds them.
const repoRoot = path.resolve(__dirname, '..', '..');
const [frame] = mmdet3dKittiFrame(repoRoot);
const CAR: [number, number, number] = [4.5, 1.9, 1.6];

function fitCar(k: number) {
  const seed = seedPointOf(frame, k)!;
  const fit = fitCuboidAtPoint(frame.points, frame.stride, seed, 'lidar', suggestFitOptions(seed, CAR))!;
  const truth = frame.objects[k].cuboid;
  return { fit, truth, iou: cuboidBevIou(fit.cuboid, truth), headingOff: (Math.abs(halfTurn(2 * (yawOf(fit.cuboid.rotation) - yawOf(truth.rotation)))) / 2) * (180 / Math.PI) };
}

describe.skipIf(!frame)('fit to point on KITTI 000008 (mmdet3d demo)', () => {
  it('heads the car at 34 m, 39 points across its sloping rear, by its label (was 38° off)', () => {
    const { headingOff, iou } = fitCar(4);
    expect(headingOff).toBeLessThan(10);
    expect(iou).toBeGreaterThan(0.7);
  });

  it('boxes the car whose rear shows whole beside the car parked nearer at its seen length (was the class 4.5 m)', () => {
    const { fit, iou } = fitCar(1);
    expect(fit.cuboid.size[0]).toBeLessThan(4.2);
    expect(iou).toBeGreaterThan(0.7);
  });

  it('finds the ground under the car at the edge of the crop and lays its box past that edge', () => {
    const { fit, truth } = fitCar(0);
    // The label's bottom; the ground fitted through the parked cars and walls beside it was 0.8 m above.
    expect(Math.abs(fit.groundZ! - (truth.center[2] - truth.size[2] / 2))).toBeLessThan(0.2);
    // Its seen part ends at the crop; the box goes on past it, towards the label's far end.
    const edge = (39.4 * Math.PI) / 180;
    const xy = bevCorners(bevBoxOf(fit.cuboid));
    const corners = [0, 2, 4, 6].map((j) => Math.atan2(xy[j + 1], xy[j]));
    expect(Math.max(...corners)).toBeGreaterThan(edge);
  });
});
