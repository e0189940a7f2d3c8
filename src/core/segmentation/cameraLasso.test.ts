import { describe, expect, it } from 'vitest';
import type { CameraModel } from '../camera/cameraModel';
import { mat3ToQuat, type RigidTransform } from '../camera/rigidTransform';
import { selectThroughCamera } from './cameraLasso';
import { SelectionWorkerState } from './selectionRequest';

/**
 * A camera at the LiDAR's origin looking along its x axis: optical x right = −y, y down = −z,
 * z forward = x. Pinhole, f = 100 px, principal point (50, 50): a point (x, y, z) shows at
 * u = 50 − 100·y/x, v = 50 − 100·z/x.
 */
const cameraFromLidar: RigidTransform = { translation: [0, 0, 0], rotation: mat3ToQuat([0, -1, 0, 0, 0, -1, 1, 0, 0]) };
const pinhole: CameraModel = { kind: 'pinhole', fx: 100, fy: 100, cx: 50, cy: 50 };
const square = [40, 40, 60, 40, 60, 60, 40, 60];

const cloud = (rows: number[][]) => new Float32Array(rows.flatMap((p) => [...p, 0]));

describe('a lasso through a camera image', () => {
  it('takes the points in front of the camera projecting inside it', () => {
    const points = cloud([
      [10, 0, 0], // 0: (50, 50) inside
      [10, 0.3, 0], // 1: (47, 50) inside
      [10, -1.5, 0], // 2: (65, 50) outside
      [-10, 0, 0], // 3: behind the camera (through the centre, were it not)
      [20, 0, 0.5], // 4: (50, 47.5) inside, farther
      [20, 0, 1.5], // 5: (50, 42.5) inside
      [20, 0, 3], // 6: (50, 35) outside
      [10, -0.98, 0], // 7: (59.8, 50) inside on an ideal lens
    ]);
    expect([...selectThroughCamera(points, 4, { cameraFromPoints: cameraFromLidar, model: pinhole, polygon: square })]).toEqual([0, 1, 4, 5, 7]);
    // A triangle with its apex at (50, 40): at row 50 it spans u 45 – 55, so (59.8, 50) is out; at row 42.5, u 48.75 – 51.25.
    expect([...selectThroughCamera(points, 4, { cameraFromPoints: cameraFromLidar, model: pinhole, polygon: [50, 40, 60, 60, 40, 60] })]).toEqual([0, 1, 4, 5]);
  });

  it('projects through the lens distortion, and not past where the model folds back', () => {
    // k1 = 3 pushes point 7 out: u = 50 + 100·0.098·(1 + 3·0.098²) = 60.08.
    const barrel: CameraModel = { ...pinhole, distortion: { k1: 3, k2: 0, k3: 0, p1: 0, p2: 0 } };
    const points = cloud([[10, 0, 0], [10, -0.98, 0]]);
    expect([...selectThroughCamera(points, 4, { cameraFromPoints: cameraFromLidar, model: barrel, polygon: square })]).toEqual([0]);
    // k1 = −0.5 folds back past r² = 2/3: a point at r = 1.2 would land at u = 50 + 120·(1 − 0.5·1.44) = 83.6,
    // inside the lasso, but lies outside the lens's valid field; at r = 0.3 it lands at 78.65.
    const pincushion: CameraModel = { ...pinhole, distortion: { k1: -0.5, k2: 0, k3: 0, p1: 0, p2: 0 } };
    const wide = [40, 40, 90, 40, 90, 60, 40, 60];
    expect([...selectThroughCamera(cloud([[10, -12, 0], [10, -3, 0]]), 4, { cameraFromPoints: cameraFromLidar, model: pincushion, polygon: wide })]).toEqual([1]);
  });

  it('keeps only the nearest surface when asked: a wall behind a pole is left out', () => {
    const points = cloud([
      [10, 0, 0], // 0: pole at (50, 50), 10 m
      [10, 0, 0.05], // 1: pole at (50, 49.5)
      [10.3, 0, -0.05], // 2: pole's far side, 0.3 m behind: the same surface
      [20, 0.02, 0.04], // 3: wall at (49.9, 49.8), 20 m, in the pole's cell
      [20, 0, 1.8], // 4: wall at (50, 41), 20 m, in a cell of its own (nothing nearer there)
    ]);
    const lasso = { cameraFromPoints: cameraFromLidar, model: pinhole, polygon: square };
    expect([...selectThroughCamera(points, 4, lasso)]).toEqual([0, 1, 2, 3, 4]);
    expect([...selectThroughCamera(points, 4, { ...lasso, nearestSurface: true })]).toEqual([0, 1, 2, 4]);
  });

  it('runs in the selection worker as a shape', () => {
    const worker = new SelectionWorkerState();
    worker.handle({ type: 'points', frameId: 'f', points: cloud([[10, 0, 0], [10, -1.5, 0], [-10, 0, 0]]), stride: 4 });
    const reply = worker.handle({ type: 'select', requestId: 1, frameId: 'f', shape: { kind: 'cameraPolygon', cameraFromPoints: cameraFromLidar, model: pinhole, polygon: square } });
    expect(reply).toMatchObject({ type: 'selected', indices: Uint32Array.of(0) });
  });
});
