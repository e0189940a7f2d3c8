import { describe, expect, it } from 'vitest';
import { matchBoxes } from './matching';
import { PairAccumulator } from './pairMetrics';
import { testBox } from './testBoxes';

describe('PairAccumulator', () => {
  it('counts per class with a class mismatch as a miss of A’s class and an extra of B’s', () => {
    const a = [testBox('a1', 0, 0), testBox('a2', 10, 0), testBox('a3', 20, 0, { classId: 'truck' }), testBox('a4', 30, 0)];
    const b = [
      testBox('b1', 0.45, 0, { size: [4.5, 1.9, 1.8], yaw: 0.1 }), // car, off by 0.45 m, 0.2 m taller, 0.1 rad
      testBox('b2', 10, 0, { classId: 'truck' }),
      testBox('b3', 20, 0, { classId: 'truck' }),
      testBox('b5', 50, 0, { classId: 'pedestrian', size: [0.6, 0.6, 1.7] }),
    ];
    const acc = new PairAccumulator('A', 'B');
    acc.add(a, b, matchBoxes(a, b));
    const r = acc.result();
    expect(r.overall).toMatchObject({ tp: 3, fp: 1, fn: 1, precision: 0.75, recall: 0.75, f1: 0.75 });
    expect(r.classAgreement).toBeCloseTo(2 / 3, 12);
    const byClass = Object.fromEntries(r.perClass.map((c) => [c.classId, c]));
    expect(byClass.car).toMatchObject({ tp: 1, fp: 0, fn: 2, precision: 1, recall: 1 / 3 });
    expect(byClass.truck).toMatchObject({ tp: 1, fp: 1, fn: 0, precision: 0.5, recall: 1 });
    expect(byClass.pedestrian).toMatchObject({ tp: 0, fp: 1, fn: 0, precision: 0, recall: null, f1: 0, meanIou3d: null });
    // The car pair: centre 0.45 m, size |0|, |0|, |0.2|, yaw 0.1.
    expect(byClass.car.meanCentreError).toBeCloseTo(0.45, 12);
    expect(byClass.car.meanSizeError?.[2]).toBeCloseTo(0.2, 12);
    expect(byClass.car.meanYawError).toBeCloseTo(0.1, 12);
    expect(r.confusion.classes).toEqual(['car', 'pedestrian', 'truck']);
    expect(r.confusion.counts).toEqual([
      [1, 0, 1],
      [0, 0, 0],
      [0, 0, 1],
    ]);
    expect(r.confusion.onlyA).toEqual([1, 0, 0]);
    expect(r.confusion.onlyB).toEqual([0, 1, 0]);
    // Two exact matches in the last bin, the shifted one lower.
    expect(r.iouHistogram[19]).toBe(2);
    expect(r.iouHistogram.reduce((s, x) => s + x, 0)).toBe(3);
    // Centres 0, 0 and 0.45 m apart: bins 0, 0 and 4; headings 0, 0 and 0.1 rad (5.7°): bins 0, 0 and 5.
    expect(r.centreErrorHistogram[0]).toBe(2);
    expect(r.centreErrorHistogram[4]).toBe(1);
    expect(r.yawErrorHistogram[0]).toBe(2);
    expect(r.yawErrorHistogram[5]).toBe(1);
  });

  it('measures heading error modulo π when asked', () => {
    const a = [testBox('a', 0, 0, { yaw: 0 })];
    const b = [testBox('b', 0, 0, { yaw: Math.PI })];
    const full = new PairAccumulator('A', 'B');
    const half = new PairAccumulator('A', 'B', { yawPeriod: 'half' });
    full.add(a, b, matchBoxes(a, b));
    half.add(a, b, matchBoxes(a, b));
    expect(full.result().overall.meanYawError).toBeCloseTo(Math.PI, 12);
    expect(half.result().overall.meanYawError).toBeCloseTo(0, 12);
  });
});
