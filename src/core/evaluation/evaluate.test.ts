import { describe, expect, it } from 'vitest';
import { overlapOf } from '../agreement/boxOverlap';
import type { AgreementBox } from '../agreement/types';
import { averagePrecision, RECALL_POINTS } from './averagePrecision';
import { evaluateFrames, type ScoredBox } from './evaluate';

type V3 = [number, number, number];
const CAR: V3 = [4, 2, 1.5];
const PED: V3 = [0.8, 0.6, 1.7];

function gt(id: string, classId: string, center: V3, size: V3, yaw = 0): AgreementBox {
  return { objectId: id, trackId: id, classId, attributes: {}, center, size, yaw };
}
function pred(id: string, classId: string, center: V3, size: V3, score: number, yaw = 0): ScoredBox {
  return { ...gt(id, classId, center, size, yaw), score };
}

describe('AP|R40', () => {
  it('is the mean of the interpolated precision at recall 1/40 … 40/40 (worked by hand)', () => {
    // Scores 0.9 TP, 0.8 FP, 0.7 TP, 0.6 TP, 0.5 FP against 4 objects: (recall, precision) =
    // (¼, 1), (¼, ½), (½, ⅔), (¾, ¾), (¾, ⅗). Interpolated: 1 up to recall ¼ (10 points), ¾ up to ¾
    // (20 points), 0 beyond (10 points never reached): (10 · 1 + 20 · 0.75) / 40 = 0.625.
    const r = averagePrecision([0.9, 0.8, 0.7, 0.6, 0.5], [1, 0, 1, 1, 0], 4);
    expect(r.ap).toBeCloseTo(0.625, 12);
    expect(r.recall).toHaveLength(RECALL_POINTS);
    expect(r.precision.slice(9, 12)).toEqual([1, 0.75, 0.75]);
    expect(r.precision[39]).toBe(0);
    expect(r.scoreAt[0]).toBe(0.9);
    // Recall 11/40 is first reached at ½, by the prediction scored 0.7.
    expect(r.scoreAt[10]).toBe(0.7);
    expect(r.scoreAt[39]).toBeNull();
  });

  it('lets equal scores enter together, and has no AP without ground truth', () => {
    // Two at 0.7, one of them right, one object: the only point is (1, ½).
    expect(averagePrecision([0.7, 0.7], [0, 1], 1).ap).toBeCloseTo(0.5, 12);
    expect(averagePrecision([0.7, 0.7], [1, 0], 1).ap).toBeCloseTo(0.5, 12);
    expect(averagePrecision([0.7], [0], 0).ap).toBeNull();
    expect(averagePrecision([], [], 3).ap).toBe(0);
  });
});

describe('evaluateFrames', () => {
  it('matches per frame with the shared matcher and accumulates AP over frames (the hand-worked set)', () => {
    const frames = [
      {
        frameKey: 'a',
        groundTruth: [gt('g0', 'car', [0, 0, 0], CAR), gt('g1', 'car', [20, 0, 0], CAR)],
        predictions: [pred('p0', 'car', [0, 0, 0], CAR, 0.9), pred('p1', 'car', [0, 30, 0], CAR, 0.8), pred('p2', 'car', [20, 0, 0], CAR, 0.7)],
      },
      {
        frameKey: 'b',
        groundTruth: [gt('g2', 'car', [40, 0, 0], CAR), gt('g3', 'car', [60, 0, 0], CAR)],
        predictions: [pred('p3', 'car', [40, 0, 0], CAR, 0.6), pred('p4', 'car', [0, -30, 0], CAR, 0.5)],
      },
    ];
    const { summary, frames: perFrame } = evaluateFrames(frames);
    const car = summary.classes.find((c) => c.classId === 'car')!;
    expect(car.ap3d.ap).toBeCloseTo(0.625, 12);
    expect(car.apBev.ap).toBeCloseTo(0.625, 12);
    expect(car.centre.ap.map((a) => a && Math.round(a * 1000) / 1000)).toEqual([0.625, 0.625, 0.625, 0.625]);
    expect(summary.meanAp3d).toBeCloseTo(0.625, 12);
    expect([car.groundTruth, car.predictions, car.iouThreshold, car.tp, car.fp, car.fn]).toEqual([4, 5, 0.7, 3, 2, 1]);
    expect(perFrame.map((f) => [f.frameKey, f.tp, f.fp, f.fn])).toEqual([
      ['a', 2, 1, 0],
      ['b', 1, 1, 1],
    ]);
    expect(perFrame[0].falsePositives).toEqual([{ predictionId: 'p1', classId: 'car', score: 0.8 }]);
    expect(perFrame[1].falseNegatives).toEqual([{ groundTruthId: 'g3', classId: 'car' }]);
  });

  it('tells BEV from 3D IoU, uses KITTI thresholds per class, and takes thresholds given', () => {
    const frames = [
      {
        frameKey: 'f',
        groundTruth: [gt('lifted', 'car', [0, 0, 0], CAR), gt('shifted', 'car', [20, 0, 0], CAR), gt('walker', 'pedestrian', [10, 10, 0], PED)],
        predictions: [
          // Raised by half its height: BEV IoU 1, 3D IoU 6 / 18 = ⅓.
          pred('up', 'car', [0, 0, 0.75], CAR, 0.9),
          // 1 m along its length: IoU 6 / 10 = 0.6 in BEV and 3D, under the car's 0.7.
          pred('along', 'car', [21, 0, 0], CAR, 0.8),
          // 0.2 m along: 0.36 / 0.6 = 0.6, over the pedestrian's 0.5.
          pred('step', 'pedestrian', [10.2, 10, 0], PED, 0.7),
        ],
      },
    ];
    const byClass = (s: ReturnType<typeof evaluateFrames>['summary']) => Object.fromEntries(s.classes.map((c) => [c.classId, [c.apBev.ap, c.ap3d.ap]]));
    // Car BEV: 0.9 TP, 0.8 FP over 2 objects → precision 1 up to recall ½: 20 / 40.
    expect(byClass(evaluateFrames(frames).summary)).toEqual({ car: [0.5, 0], pedestrian: [1, 1] });
    // At 0.6 the shifted car is a TP in BEV and 3D: BEV (1, 1) → 1; 3D 0.9 FP, 0.8 TP → precision ½ up to ½: 0.25.
    expect(byClass(evaluateFrames(frames, { iouThresholds: { car: 0.6 } }).summary)).toEqual({ car: [1, 0.25], pedestrian: [1, 1] });
  });

  it('gives nuScenes-style errors on the ground plane and AP per centre distance', () => {
    const frames = [
      {
        frameKey: 'f',
        groundTruth: [gt('g', 'car', [5, 5, 0], CAR, 0)],
        // 0.6, 0.8 on the ground (1 m), 0.5 up (ignored), twice as long, turned 0.3 rad.
        predictions: [pred('p', 'car', [5.6, 5.8, 0.5], [8, 2, 1.5], 0.9, 0.3)],
      },
    ];
    const { summary, frames: perFrame } = evaluateFrames(frames, { frameMetric: 'centre' });
    const car = summary.classes[0];
    expect(car.centre.ap).toEqual([0, 1, 1, 1]);
    expect(car.centre.meanAp).toBe(0.75);
    expect(car.tpErrors.count).toBe(1);
    expect(car.tpErrors.translation).toBeCloseTo(1, 12);
    // Aligned: 4·2·1.5 inside 8·2·1.5 → IoU ½.
    expect(car.tpErrors.scale).toBeCloseTo(0.5, 12);
    expect(car.tpErrors.orientation).toBeCloseTo(0.3, 12);
    expect(perFrame[0].tp).toBe(1);
    expect(perFrame[0].matches[0].translation).toBeCloseTo(1, 12);
    // Matched on centres, the pair keeps its real overlap figures.
    expect(perFrame[0].matches[0].iou3d).toBe(overlapOf(frames[0].predictions[0], frames[0].groundTruth[0]).iou3d);
    expect(perFrame[0].matches[0].iou3d).toBeGreaterThan(0);
  });

  it('scores frames by what is wrong in them, ignoring predictions under minScore and other classes', () => {
    const frames = [
      {
        frameKey: 'clean',
        groundTruth: [gt('c', 'car', [0, 0, 0], CAR)],
        predictions: [pred('c1', 'car', [0, 0, 0], CAR, 0.95)],
      },
      {
        frameKey: 'messy',
        groundTruth: [gt('c', 'car', [0, 0, 0], CAR), gt('w', 'pedestrian', [5, 5, 0], PED)],
        predictions: [
          pred('c1', 'car', [0, 0, 0], CAR, 0.9),
          // A confident box of the wrong class on the pedestrian: FP, and the pedestrian is missed.
          pred('x', 'cyclist', [5, 5, 0], PED, 0.6),
          pred('low', 'car', [30, 0, 0], CAR, 0.2),
        ],
      },
    ];
    const { frames: perFrame } = evaluateFrames(frames);
    expect(perFrame.map((f) => f.errorScore)).toEqual([0, 1 + 0.6]);
    expect(perFrame[1].byClass).toEqual({ car: { tp: 1, fp: 0, fn: 0 }, cyclist: { tp: 0, fp: 1, fn: 0 }, pedestrian: { tp: 0, fp: 0, fn: 1 } });
    expect(perFrame[1].predictions).toBe(2);
    expect(evaluateFrames(frames, { minScore: 0.1 }).frames[1].fp).toBe(2);
  });
});
