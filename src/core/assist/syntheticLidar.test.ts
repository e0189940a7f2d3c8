import { describe, expect, it } from 'vitest';
import { cuboidContains } from '../geometry/cuboid';
import { bevIou, bevBoxOf } from '../geometry/bevIou';
import { makeSyntheticFrame, PEDESTRIAN_FOOTPRINTS } from './syntheticLidar';

describe('makeSyntheticFrame', () => {
  const frame = makeSyntheticFrame({ seed: 3 });

  it('is deterministic in its seed', () => {
    const coarse = makeSyntheticFrame({ seed: 3, azimuthSteps: 500 });
    const again = makeSyntheticFrame({ seed: 3, azimuthSteps: 500 });
    expect(again.points).toEqual(coarse.points);
    expect(again.objects).toEqual(frame.objects);
    expect(makeSyntheticFrame({ seed: 4, azimuthSteps: 500 }).points).not.toEqual(coarse.points);
  });

  it('puts every object point inside its amodal box, and the ground at the ground', () => {
    for (let i = 0; i < frame.objectOf.length; i++) {
      const p = [frame.points[4 * i], frame.points[4 * i + 1], frame.points[4 * i + 2]] as const;
      const k = frame.objectOf[i];
      if (k >= 0) expect(cuboidContains(frame.objects[k].cuboid, p, 0.1)).toBe(true);
    }
    const onGround = [...frame.objectOf.keys()].filter((i) => Math.abs(frame.points[4 * i + 2] - frame.groundZ) < 0.1).length;
    expect(onGround).toBeGreaterThan(frame.objectOf.length / 3);
  });

  it('sees only the sensor-facing sides of a car', () => {
    let checked = 0;
    frame.objects.forEach((o, k) => {
      if (o.classId !== 'car') return;
      let body = 0;
      let facing = 0;
      for (let i = 0; i < frame.objectOf.length; i++) {
        if (frame.objectOf[i] !== k || frame.points[4 * i + 2] > o.cuboid.center[2]) continue; // the body, not the roof
        const p = [frame.points[4 * i], frame.points[4 * i + 1], frame.points[4 * i + 2]] as const;
        const r = Math.hypot(...p);
        body++;
        // A point on a face turned to the sensor stays inside the box when pushed 10 cm farther
        // along its ray; one on a far face would leave it.
        if (cuboidContains(o.cuboid, [p[0] * (1 + 0.1 / r), p[1] * (1 + 0.1 / r), p[2] * (1 + 0.1 / r)])) facing++;
      }
      if (body < 30) return;
      checked++;
      expect(facing / body).toBeGreaterThan(0.97);
    });
    expect(checked).toBeGreaterThan(1);
  });

  it('places side-by-side neighbours 0.3–0.5 m apart and nothing closer', () => {
    const pairs = makeSyntheticFrame({ seed: 5, pairProbability: 1, objects: 12, azimuthSteps: 50 }).objects.map((o) => bevBoxOf(o.cuboid));
    let neighbours = 0;
    for (let a = 0; a < pairs.length; a++) {
      for (let b = a + 1; b < pairs.length; b++) {
        const grow = (x: typeof pairs[0], m: number) => ({ ...x, length: x.length + m, width: x.width + m });
        expect(bevIou(grow(pairs[a], 0.14), grow(pairs[b], 0.14))).toBe(0); // ≥ 0.28 m apart (float margin)
        if (bevIou(grow(pairs[a], 0.5), grow(pairs[b], 0.5)) > 0) neighbours++;
      }
    }
    expect(neighbours).toBeGreaterThanOrEqual(3);
  });
  it('makes people the size they are labelled (the nuScenes sample: 0.62–1.04 × 0.62–1.02 m, mean 0.84 × 0.78)', () => {
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean(PEDESTRIAN_FOOTPRINTS.map((f) => f[0]))).toBeCloseTo(0.842, 2);
    expect(mean(PEDESTRIAN_FOOTPRINTS.map((f) => f[1]))).toBeCloseTo(0.784, 2);
    const sizes = [1, 2, 3, 4, 5].flatMap((seed) =>
      makeSyntheticFrame({ seed, classes: ['pedestrian'], pairProbability: 0, azimuthSteps: 50 }).objects.map((o) => o.cuboid.size),
    );
    expect(sizes.length).toBeGreaterThan(50);
    for (const [l, w] of sizes) {
      expect(l).toBeGreaterThanOrEqual(0.6);
      expect(l).toBeLessThanOrEqual(1.06);
      expect(w).toBeGreaterThanOrEqual(0.6);
      expect(w).toBeLessThanOrEqual(1.04);
    }
    expect(mean(sizes.map((s) => s[0]))).toBeGreaterThan(0.78);
    expect(mean(sizes.map((s) => s[1]))).toBeGreaterThan(0.72);
  });
});
