import { describe, expect, it } from 'vitest';
import type { Cuboid } from '../geometry/cuboid';
import { quatFromYaw } from '../geometry/quaternion';
import { describeOutcome, evaluateSeededFit, fitError, seedPointOf, sizeCeiling } from './fitEvaluation';
import { makeSyntheticFrame } from './syntheticLidar';

const box = (cx: number, cy: number, l: number, w: number, yaw: number): Cuboid => ({ frame: 'lidar', center: [cx, cy, 0], size: [l, w, 1.5], rotation: quatFromYaw(yaw) });

describe('fitError', () => {
  const truth = box(10, 5, 4, 1.8, Math.PI / 6);

  it('gives size, heading and centre errors in the truth box’s own axes', () => {
    // 0.3 m further along the heading and 0.1 m to its left, turned 5°, 0.5 m longer and 0.1 narrower.
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const fitted = box(10 + 0.3 * c - 0.1 * s, 5 + 0.3 * s + 0.1 * c, 4.5, 1.7, Math.PI / 6 + (5 * Math.PI) / 180);
    const e = fitError(fitted, truth);
    expect(e.dLength).toBeCloseTo(0.5, 9);
    expect(e.dWidth).toBeCloseTo(-0.1, 9);
    expect(e.dYawDeg).toBeCloseTo(5, 6);
    expect(e.dAlong).toBeCloseTo(0.3, 9);
    expect(e.dAcross).toBeCloseTo(0.1, 9);
  });

  it('matches a box turned a half or a quarter turn to the truth’s axes', () => {
    const halfTurn = fitError(box(10, 5, 4, 1.8, Math.PI / 6 + Math.PI - 0.02), truth);
    expect(halfTurn.dYawDeg).toBeCloseTo((-0.02 * 180) / Math.PI, 6);
    expect(halfTurn.dLength).toBeCloseTo(0, 9);
    // Length and width swapped with the heading turned 90°: the same footprint.
    const quarter = fitError(box(10, 5, 1.8, 4, Math.PI / 6 + Math.PI / 2 + 0.03), truth);
    expect(quarter.dLength).toBeCloseTo(0, 9);
    expect(quarter.dWidth).toBeCloseTo(0, 9);
    expect(quarter.dYawDeg).toBeCloseTo((0.03 * 180) / Math.PI, 6);
  });

  it('says so when no box came back', () => {
    const line = describeOutcome({ frame: 'f', object: 3, classId: 'car', range: 12.34, points: 40, iou: 0, truth, fitted: null });
    expect(line).toBe('f #3 car at 12.3 m, 40 points: IoU 0.000 (no box)');
  });
});

describe('seedPointOf', () => {
  it('is the point evaluateSeededFit clicks on: the object’s point nearest its box centre', () => {
    const frame = makeSyntheticFrame({ seed: 3 });
    const clicked = new Map<string, readonly number[]>();
    const outcomes = evaluateSeededFit({ name: '3', stride: 4, ...frame }, (_points, _stride, seed, classId) => {
      clicked.set(`${classId}:${clicked.size}`, seed);
      return null;
    });
    expect(outcomes.length).toBeGreaterThan(5);
    expect(outcomes.map((o) => seedPointOf({ stride: 4, ...frame }, o.object))).toEqual([...clicked.values()]);
    expect(seedPointOf({ points: new Float32Array(0), stride: 4, objectOf: new Int32Array(0), objects: frame.objects }, 0)).toBeNull();
  });
});

describe('sizeCeiling', () => {
  const box = (l: number, w: number, yaw: number): Cuboid => ({ frame: 'lidar', center: [20, -3, -1], size: [l, w, 1.5], rotation: quatFromYaw(yaw) });

  it('is 1 at the label’s own size, whatever its heading and place', () => {
    expect(sizeCeiling(box(4.2, 1.8, 2.1), [4.2, 1.8])).toBeCloseTo(1, 6);
  });

  it('is the share of the larger box the smaller fills, where one holds the other', () => {
    // KITTI 000008's 2.47 m car against the default 4.5 × 1.9 m car.
    expect(sizeCeiling(box(2.47, 1.59, -1.3), [4.5, 1.9])).toBeCloseTo((2.47 * 1.59) / (4.5 * 1.9), 3);
  });

  it('turns the box where that overlaps more: a person mid-stride against a square class', () => {
    // Aligned, 0.8 × 0.8 m over 1.20 × 0.48 m gives 0.46; turned 45° the square covers more.
    const aligned = (0.8 * 0.48) / (1.2 * 0.48 + 0.8 * 0.8 - 0.8 * 0.48);
    expect(sizeCeiling(box(1.2, 0.48, 0.4), [0.8, 0.8])).toBeGreaterThan(aligned + 0.05);
  });
});
