import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../geometry/vec3';
import { clusterFrom } from './cluster';
import { cropSquare } from './points';
import { findPoint, makeScene, SceneLabel, type Scene } from './syntheticScene';

const pointAt = (scene: Scene, i: number): Vec3 => [
  scene.points[i * scene.stride],
  scene.points[i * scene.stride + 1],
  scene.points[i * scene.stride + 2],
];

function labelsOf(scene: Scene, indices: Uint32Array): Set<number> {
  return new Set(Array.from(indices, (i) => scene.labels[i]));
}

describe('clusterFrom', () => {
  const scene = makeScene({ seed: 21, clutter: 10 });

  it('grows over the car only, starting from the point nearest the click', () => {
    const i = findPoint(scene, SceneLabel.Car);
    const [x, y, z] = pointAt(scene, i);
    const result = clusterFrom(scene.points, 3, [x + 0.01, y - 0.01, z + 0.01]);
    expect(result.status).toBe('ok');
    expect(result.seedIndex).toBe(i);
    expect(result.truncated).toBe(false);
    expect(labelsOf(scene, result.indices)).toEqual(new Set([SceneLabel.Car]));
    expect(result.indices).toContain(i);
    // Ascending and unique.
    for (let k = 1; k < result.indices.length; k++) expect(result.indices[k]).toBeGreaterThan(result.indices[k - 1]);
    expect(result.ground).not.toBeNull();
    expect(result.ground!.z0).toBeCloseTo(-1.8, 1);
  });

  it('reports a click on the ground and a click far from everything', () => {
    const gi = scene.labels.findIndex((l, i) => l === SceneLabel.Ground && Math.abs(scene.points[3 * i] + 10) < 1);
    const onGround = clusterFrom(scene.points, 3, pointAt(scene, gi));
    expect(onGround.status).toBe('seed-on-ground');
    expect(onGround.seedIndex).toBe(gi);
    expect(onGround.indices.length).toBe(0);
    const far = clusterFrom(scene.points, 3, [0, 0, 40]);
    expect(far.status).toBe('no-point-near-seed');
    expect(far.seedIndex).toBe(-1);
  });

  it('grows into the ground sheet when told there is no ground, bounded by maxExtent', () => {
    const i = findPoint(scene, SceneLabel.Car);
    const result = clusterFrom(scene.points, 3, pointAt(scene, i), { ground: null, maxExtent: 6 });
    expect(result.status).toBe('ok');
    expect(result.truncated).toBe(true);
    expect(labelsOf(scene, result.indices).has(SceneLabel.Ground)).toBe(true);
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    for (const k of result.indices) {
      minX = Math.min(minX, scene.points[3 * k]);
      maxX = Math.max(maxX, scene.points[3 * k]);
      minY = Math.min(minY, scene.points[3 * k + 1]);
      maxY = Math.max(maxY, scene.points[3 * k + 1]);
    }
    expect(maxX - minX).toBeLessThanOrEqual(6 + 1e-6);
    expect(maxY - minY).toBeLessThanOrEqual(6 + 1e-6);
  });

  it('stops at maxPoints and says so', () => {
    const i = findPoint(scene, SceneLabel.Car);
    const result = clusterFrom(scene.points, 3, pointAt(scene, i), { maxPoints: 100 });
    expect(result.indices.length).toBe(100);
    expect(result.truncated).toBe(true);
    expect(labelsOf(scene, result.indices)).toEqual(new Set([SceneLabel.Car]));
  });

  it('uses a given constant ground height', () => {
    const i = findPoint(scene, SceneLabel.Car);
    // Ground claimed at -1.0: everything lower than -0.8 is "ground", so the lower car body is cut off.
    const result = clusterFrom(scene.points, 3, pointAt(scene, i), { ground: -1.0 });
    expect(result.status).toBe('ok');
    for (const k of result.indices) expect(scene.points[3 * k + 2]).toBeGreaterThanOrEqual(-0.8 - 1e-6);
  });

  it('keeps a small neighbour distance from bridging the 2 m gap and a large one bridges it', () => {
    const pi = findPoint(scene, SceneLabel.Pedestrian, 1, 1.5);
    const small = clusterFrom(scene.points, 3, pointAt(scene, pi), { neighbourDistance: 0.5 });
    expect(labelsOf(scene, small.indices)).toEqual(new Set([SceneLabel.Pedestrian]));
    const huge = clusterFrom(scene.points, 3, pointAt(scene, pi), { neighbourDistance: 2.5 });
    expect(labelsOf(scene, huge.indices).has(SceneLabel.Car)).toBe(true);
  });

  it('gives the same cluster on stride 4 and ignores non-finite points', () => {
    const s4 = makeScene({ seed: 21, clutter: 10, stride: 4 });
    const i = findPoint(s4, SceneLabel.Car);
    const poisoned = new Float32Array(s4.points.length + 8);
    poisoned.set(s4.points);
    poisoned.set([Number.NaN, 12, 0, 0, 12, 3, Number.NaN, 0], s4.points.length);
    const a = clusterFrom(s4.points, 4, pointAt(s4, i));
    const b = clusterFrom(poisoned, 4, pointAt(s4, i));
    expect(Array.from(b.indices)).toEqual(Array.from(a.indices));
    const s3 = clusterFrom(scene.points, 3, pointAt(scene, findPoint(scene, SceneLabel.Car)));
    expect(a.indices.length).toBe(s3.indices.length);
  });

  it('rejects bad options and seeds', () => {
    expect(() => clusterFrom(scene.points, 3, [0, 0, 0], { neighbourDistance: 0 })).toThrow(/positive/);
    expect(() => clusterFrom(scene.points, 3, [Number.NaN, 0, 0])).toThrow(/finite/);
  });
});

describe('cropSquare', () => {
  it('keeps exactly the points within the square, with their source indices', () => {
    const scene = makeScene({ seed: 2, stride: 4 });
    const crop = cropSquare(scene.points, 4, [12, 3, 0], 5);
    let expected = 0;
    for (let i = 0; i < scene.labels.length; i++) {
      const x = scene.points[4 * i];
      const y = scene.points[4 * i + 1];
      if (Math.abs(x - 12) <= 5 && Math.abs(y - 3) <= 5) expected++;
    }
    expect(crop.sourceIndices.length).toBe(expected);
    expect(crop.points.length).toBe(3 * expected);
    for (let k = 0; k < crop.sourceIndices.length; k += 97) {
      const i = crop.sourceIndices[k];
      expect([crop.points[3 * k], crop.points[3 * k + 1], crop.points[3 * k + 2]]).toEqual(
        Array.from(scene.points.subarray(4 * i, 4 * i + 3)),
      );
    }
    const doubles = cropSquare(new Float64Array([1.0000000001, 0, 0]), 3, [1, 0, 0], 1);
    expect(doubles.points).toBeInstanceOf(Float64Array);
    expect(doubles.points[0]).toBe(1.0000000001);
  });
});
