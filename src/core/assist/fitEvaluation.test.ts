import { describe, expect, it } from 'vitest';
import type { Cuboid } from '../geometry/cuboid';
import { quatFromYaw } from '../geometry/quaternion';
import { describeOutcome, evaluateSeededFit, fitError, seedPointOf } from './fitEvaluation';
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
