import { describe, expect, it } from 'vitest';
import { yawOf } from '../geometry/quaternion';
import type { Vec3 } from '../geometry/vec3';
import { countPointsInCuboid } from './countPoints';
import { fitCuboidAtPoint, fitCuboidToPoints } from './fitCuboid';
import { halfTurn } from './minAreaRectangle';
import { findPoint, makeScene, SceneLabel, type Scene } from './syntheticScene';

const pointAt = (scene: Scene, i: number): Vec3 => [
  scene.points[i * scene.stride],
  scene.points[i * scene.stride + 1],
  scene.points[i * scene.stride + 2],
];

function labelCounts(scene: Scene, indices: ArrayLike<number>): number[] {
  const counts = [0, 0, 0, 0, 0];
  for (let k = 0; k < indices.length; k++) counts[scene.labels[indices[k]]]++;
  return counts;
}

function expectCarFit(scene: Scene, stride = scene.stride, seedLabelHeights: [number, number] = [0.5, 1.2]) {
  const seed = pointAt(scene, findPoint(scene, SceneLabel.Car, ...seedLabelHeights));
  const fit = fitCuboidAtPoint(scene.points, stride, seed, 'lidar');
  expect(fit).not.toBeNull();
  const { cuboid, indices, truncated } = fit!;
  const truth = scene.car;
  expect(truncated).toBe(false);
  expect(cuboid.frame).toBe('lidar');
  expect(Math.hypot(cuboid.center[0] - truth.center[0], cuboid.center[1] - truth.center[1], cuboid.center[2] - truth.center[2])).toBeLessThan(0.2);
  expect((Math.abs(halfTurn(yawOf(cuboid.rotation) - yawOf(truth.rotation))) * 180) / Math.PI).toBeLessThan(5);
  for (let a = 0; a < 3; a++) expect(Math.abs(cuboid.size[a] - truth.size[a])).toBeLessThan(0.3);
  // Upright: rotation about z only.
  expect(Math.abs(cuboid.rotation[0]) + Math.abs(cuboid.rotation[1])).toBe(0);
  // Only car points in the cluster, and most of them.
  const counts = labelCounts(scene, indices);
  expect(counts[SceneLabel.Pedestrian]).toBe(0);
  expect(counts[SceneLabel.Ground]).toBe(0);
  expect(counts[SceneLabel.Wall]).toBe(0);
  // Every car point clearly above the ground clearance (0.2 m) is in; the bottom face is not.
  let carAbove = 0;
  for (let i = 0; i < scene.labels.length; i++) {
    if (scene.labels[i] !== SceneLabel.Car) continue;
    const [x, y, z] = pointAt(scene, i);
    if (z - scene.groundAt(x, y) > 0.25) carAbove++;
  }
  expect(carAbove).toBeGreaterThan(1000);
  expect(counts[SceneLabel.Car]).toBeGreaterThanOrEqual(carAbove);
  return fit!;
}

describe('fitCuboidAtPoint', () => {
  it('fits the car from a click on its side, leaving out the pedestrian 2 m away', () => {
    const scene = makeScene({ seed: 1 });
    const fit = expectCarFit(scene);
    // The pedestrian's points are not inside the box either.
    const ped = scene.pedestrian;
    const pedOnly = new Float32Array(
      Array.from(scene.labels.entries())
        .filter(([, l]) => l === SceneLabel.Pedestrian)
        .flatMap(([i]) => Array.from(pointAt(scene, i))),
    );
    expect(pedOnly.length).toBe(500 * 3);
    expect(countPointsInCuboid(pedOnly, 3, fit.cuboid)).toBe(0);
    expect(Math.hypot(fit.cuboid.center[0] - ped.center[0], fit.cuboid.center[1] - ped.center[1])).toBeGreaterThan(2.5);
    expect(fit.groundZ).toBeCloseTo(-1.8, 1);
  });

  it('fits the car from a click on its roof', () => {
    expectCarFit(makeScene({ seed: 2 }), undefined, [1.45, 1.6]);
  });

  it('fits the car with intensity interleaved (stride 4)', () => {
    expectCarFit(makeScene({ seed: 3, stride: 4 }), 4);
  });

  it('fits the car on a 5 % slope at a different ground height without growing into the ground', () => {
    expectCarFit(makeScene({ seed: 4, slope: [0.05, 0.02], groundHeight: 0.4 }));
  });

  it('fits the car with a dense, noisier ground and clutter around', () => {
    expectCarFit(makeScene({ seed: 6, groundDensity: 30, groundNoise: 0.04, clutter: 30 }));
  });

  it('gives a small upright box for the pedestrian, without car points', () => {
    const scene = makeScene({ seed: 1 });
    const seed = pointAt(scene, findPoint(scene, SceneLabel.Pedestrian, 1.0, 1.5));
    const fit = fitCuboidAtPoint(scene.points, scene.stride, seed, 'lidar');
    expect(fit).not.toBeNull();
    const { cuboid, indices } = fit!;
    expect(labelCounts(scene, indices)[SceneLabel.Car]).toBe(0);
    expect(cuboid.size[0]).toBeLessThan(0.7);
    expect(cuboid.size[1]).toBeLessThan(0.7);
    expect(cuboid.size[0]).toBeGreaterThan(0.35);
    expect(Math.abs(cuboid.size[2] - scene.pedestrian.height)).toBeLessThan(0.15);
    expect(Math.hypot(cuboid.center[0] - scene.pedestrian.center[0], cuboid.center[1] - scene.pedestrian.center[1])).toBeLessThan(0.1);
    expect(cuboid.center[2] - cuboid.size[2] / 2).toBeCloseTo(-1.8, 1);
  });

  // Decision: a click on the ground makes no box (null), rather than a flat slab of road.
  it('returns null for a click on the ground, in empty air, or far from any point', () => {
    const scene = makeScene({ seed: 1 });
    const groundIdx = scene.labels.findIndex(
      (l, i) => l === SceneLabel.Ground && Math.hypot(scene.points[i * 3] - 0, scene.points[i * 3 + 1] + 8) < 1,
    );
    expect(groundIdx).toBeGreaterThanOrEqual(0);
    expect(fitCuboidAtPoint(scene.points, 3, pointAt(scene, groundIdx), 'lidar')).toBeNull();
    expect(fitCuboidAtPoint(scene.points, 3, [0, -8, 5], 'lidar')).toBeNull();
    expect(fitCuboidAtPoint(scene.points, 3, [500, 0, 0], 'lidar')).toBeNull();
  });

  it('bounds a click on a 20 m wall by maxExtent and flags it truncated', () => {
    const scene = makeScene({ seed: 1 });
    const seed = pointAt(scene, findPoint(scene, SceneLabel.Wall, 1, 2));
    const fit = fitCuboidAtPoint(scene.points, 3, seed, 'lidar', { maxExtent: 12 });
    expect(fit).not.toBeNull();
    expect(fit!.truncated).toBe(true);
    expect(fit!.cuboid.size[0]).toBeLessThanOrEqual(12 + 1e-6);
    expect(fit!.cuboid.size[0]).toBeGreaterThan(10);
    expect(labelCounts(scene, fit!.indices)[SceneLabel.Wall]).toBe(fit!.pointCount);
  });

  it('applies minSize and padding', () => {
    const points = new Float32Array([0, 0, 1, 0.05, 0, 1.02, 0, 0.05, 1.01]);
    const c = fitCuboidToPoints(points, 3, [0, 1, 2], 'lidar', 0.9, { minSize: 0.3 });
    expect(c.size).toEqual([0.3, 0.3, expect.closeTo(0.3, 6)]);
    expect(c.center[2] - c.size[2] / 2).toBeCloseTo(0.9, 6);
    const padded = fitCuboidToPoints(points, 3, [0, 1, 2], 'lidar', null, { minSize: 0.01, padding: 0.1 });
    expect(padded.size[2]).toBeCloseTo(0.02 + 0.1, 5);
    expect(padded.center[2] - padded.size[2] / 2).toBeCloseTo(1, 5);
  });

  it('fitCuboidToPoints puts the bottom on the ground, or on the lowest point without one', () => {
    const points = new Float32Array([0, 0, 0.5, 2, 0, 0.5, 2, 1, 1.5, 0, 1, 1.0]);
    const onGround = fitCuboidToPoints(points, 3, [0, 1, 2, 3], 'ego', 0);
    expect(onGround.center).toEqual([1, 0.5, 0.75]);
    expect(onGround.size.map((v) => Number(v.toFixed(9)))).toEqual([2, 1, 1.5]);
    expect(yawOf(onGround.rotation)).toBeCloseTo(0, 12);
    const floating = fitCuboidToPoints(points, 3, [0, 1, 2, 3], 'ego', null);
    expect(floating.center[2]).toBeCloseTo(1, 9);
    expect(floating.size[2]).toBeCloseTo(1, 9);
    expect(() => fitCuboidToPoints(points, 3, [], 'ego', 0)).toThrow(/no points/);
    expect(() => fitCuboidToPoints(points, 3, [7], 'ego', 0)).toThrow(/outside/);
  });

  it('clicks in a 200k-point frame in a few milliseconds (timing printed, not asserted)', () => {
    const scene = makeScene({ seed: 8, groundHalfSize: 50, groundDensity: 19.5, clutter: 60 });
    const n = scene.labels.length;
    expect(n).toBeGreaterThan(200_000);
    const seed = pointAt(scene, findPoint(scene, SceneLabel.Car));
    fitCuboidAtPoint(scene.points, 3, seed, 'lidar'); // warm-up (JIT)
    const runs = 20;
    const t0 = performance.now();
    let fit = null;
    for (let r = 0; r < runs; r++) fit = fitCuboidAtPoint(scene.points, 3, seed, 'lidar');
    const ms = (performance.now() - t0) / runs;
    console.log(`fitCuboidAtPoint on ${n} points: ${ms.toFixed(2)} ms per click (mean of ${runs})`);
    expect(fit).not.toBeNull();
    expect(labelCounts(scene, fit!.indices)[SceneLabel.Car]).toBe(fit!.pointCount);
  });
});
