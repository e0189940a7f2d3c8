import { describe, expect, it } from 'vitest';
import type { AgreementBox } from '../agreement/types';
import { mat3ToQuat } from '../camera/rigidTransform';
import { averagePrecision, NOT_SCORED } from './averagePrecision';
import { evaluateFrames, inIgnoreRegion, type EvaluationFrame, type ScoredBox } from './evaluate';
import { fractionInside, imageBoxOf, type CameraIgnoreRegions } from './ignoreRegions';
import { frameSuspects } from './suspects';

// A camera at the LiDAR's origin looking along its x axis: optical x = −y, y = −z, z = x.
const camera = (regions: CameraIgnoreRegions['regions']): CameraIgnoreRegions => ({
  cameraId: 'cam2',
  model: { kind: 'pinhole', fx: 100, fy: 100, cx: 320, cy: 240 },
  cameraFromLidar: { translation: [0, 0, 0], rotation: mat3ToQuat([0, -1, 0, 0, 0, -1, 1, 0, 0]) },
  width: 640,
  height: 480,
  regions,
});

// A 4 × 2 × 2 m box centred 20 m ahead: its near face (x = 18) bounds the image box, 320 ± 100/18 by 240 ± 100/18.
const box = (objectId: string, x: number, classId = 'car'): AgreementBox => ({ objectId, trackId: objectId, classId, attributes: {}, center: [x, 0, 0], size: [4, 2, 2], yaw: 0 });
const scored = (objectId: string, x: number, score: number, classId = 'car'): ScoredBox => ({ ...box(objectId, x, classId), score });
const s = 100 / 18;
const AROUND = { x0: 300, y0: 220, x1: 340, y1: 260 };
/** The right 60 % of the box at 20 m: x from 320 − 0.2 s to beyond its right edge. */
const SIXTY = { x0: 320 - 0.2 * s, y0: 220, x1: 340, y1: 260 };
/** The right half of the box at 20 m. */
const HALF = { x0: 320, y0: 220, x1: 340, y1: 260 };

describe('image ignore regions (KITTI DontCare)', () => {
  it("projects a box to the tight box of its outline and measures the fraction of it inside a region", () => {
    const image = imageBoxOf(box('a', 20), camera([]))!;
    expect(image.x0).toBeCloseTo(320 - s, 9);
    expect(image.x1).toBeCloseTo(320 + s, 9);
    expect(image.y0).toBeCloseTo(240 - s, 9);
    expect(image.y1).toBeCloseTo(240 + s, 9);
    expect(fractionInside(image, AROUND)).toBe(1);
    expect(fractionInside(image, SIXTY)).toBeCloseTo(0.6, 9);
    expect(fractionInside(image, HALF)).toBeCloseTo(0.5, 9);
    expect(fractionInside(image, { x0: 400, y0: 0, x1: 500, y1: 100 })).toBe(0);
    // Behind the camera nothing shows, so nothing lies in a region.
    expect(imageBoxOf(box('behind', -20), camera([]))).toBeNull();
    expect(inIgnoreRegion(box('behind', -20), [camera([AROUND])], 0.5)).toBe(false);
  });

  it('counts an unmatched prediction inside a region as no false positive, one half outside as one, and a match inside as a hit', () => {
    // 8 m to the left the box spans u 270 (near face, 9 m left) to 320 − 700/22 (far face, 7 m left): the second camera's region holds its right half.
    const halfOfLeft = { x0: (270 + (320 - 700 / 22)) / 2, y0: 0, x1: 640, y1: 480 };
    const frame: EvaluationFrame = {
      frameKey: '000001',
      groundTruth: [box('gt-inside', 20)],
      predictions: [scored('on-gt', 20, 0.9), scored('inside', 20.3, 0.8), { ...scored('half-out', 20, 0.7), center: [20, 8, 0] }, scored('behind', -20, 0.6)],
      ignoreRegions: [camera([AROUND]), { ...camera([halfOfLeft]), cameraId: 'cam3' }],
    };
    expect(fractionInside(imageBoxOf(frame.predictions[2], frame.ignoreRegions![1])!, halfOfLeft)).toBeCloseTo(0.5, 9);
    const { frames, summary } = evaluateFrames([frame]);
    const f = frames[0];
    expect(f).toMatchObject({ tp: 1, fp: 2, fn: 0, predictions: 4 });
    // The labelled car inside the region is matched by the better of the two boxes on it: a hit, as it would be anywhere.
    expect(f.matches.map((m) => [m.predictionId, m.groundTruthId])).toEqual([['on-gt', 'gt-inside']]);
    expect(f.falsePositives.map((p) => p.predictionId).sort()).toEqual(['behind', 'half-out']);
    expect(f.inIgnoreRegions).toEqual([{ predictionId: 'inside', classId: 'car', score: 0.8 }]);
    expect(f.errorScore).toBeCloseTo(0.7 + 0.6, 9);
    expect(summary.inIgnoreRegions).toBe(1);
    expect(summary.classes[0]).toMatchObject({ classId: 'car', tp: 1, fp: 2, inIgnoreRegions: 1 });
    // Without the regions the second box on the labelled car is a false positive too.
    const plain = evaluateFrames([{ ...frame, ignoreRegions: undefined }]);
    expect(plain.frames[0]).toMatchObject({ tp: 1, fp: 3, inIgnoreRegions: [] });
    expect(plain.summary.inIgnoreRegions).toBe(0);
  });

  it("takes the class's threshold, as the devkit does: 60 % inside ignores a pedestrian (0.5), not a car (0.7)", () => {
    const regions = [camera([SIXTY])];
    expect(inIgnoreRegion(box('p', 20, 'pedestrian'), regions, 0.5)).toBe(true);
    expect(inIgnoreRegion(box('c', 20), regions, 0.7)).toBe(false);
    const frame: EvaluationFrame = { frameKey: '2', groundTruth: [], predictions: [scored('car', 20, 0.9), scored('walker', 20, 0.9, 'pedestrian')], ignoreRegions: regions };
    const f = evaluateFrames([frame]).frames[0];
    expect(f.falsePositives.map((p) => p.predictionId)).toEqual(['car']);
    expect(f.inIgnoreRegions.map((p) => p.predictionId)).toEqual(['walker']);
  });

  it('leaves a prediction in a region out of the precision / recall curve, not only out of the frame counts', () => {
    const frame: EvaluationFrame = { frameKey: '3', groundTruth: [box('far', 60)], predictions: [scored('hit', 60, 0.5), scored('in-region', 20, 0.95)], ignoreRegions: [camera([AROUND])] };
    // The region holds the box at 20 m (and the one at 60 m, matched, stays a hit): precision is 1 at every recall.
    expect(evaluateFrames([frame]).summary.classes[0].ap3d.ap).toBe(1);
    // Without it the false alarm ranks first, and precision at full recall is 1/2.
    expect(evaluateFrames([{ ...frame, ignoreRegions: undefined }]).summary.classes[0].ap3d.ap).toBe(0.5);
    expect(averagePrecision([0.95, 0.5], [NOT_SCORED, 1], 1).ap).toBe(1);
  });

  it('raises no missing-label suspect for a confident prediction inside a region', () => {
    const shifted: EvaluationFrame = { frameKey: '4', groundTruth: [], predictions: [scored('in-region', 20, 0.9), { ...scored('open-road', 20, 0.9), center: [20, 8, 0] }], ignoreRegions: [camera([AROUND])] };
    expect(frameSuspects(shifted).filter((x) => x.kind === 'missing').map((x) => x.predictionId)).toEqual(['open-road']);
    expect(frameSuspects({ ...shifted, ignoreRegions: undefined }).filter((x) => x.kind === 'missing').map((x) => x.predictionId).sort()).toEqual(['in-region', 'open-road']);
  });
});
