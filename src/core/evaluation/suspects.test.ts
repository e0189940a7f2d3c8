import { describe, expect, it } from 'vitest';
import type { AgreementBox } from '../agreement/types';
import type { ScoredBox } from './evaluate';
import { frameSuspects, suspectQueue } from './suspects';
import { queueQuality, syntheticLabels } from './syntheticLabels';

type V3 = [number, number, number];
const CAR: V3 = [4, 2, 1.5];
const label = (id: string, classId: string, center: V3): AgreementBox => ({ objectId: id, trackId: id, classId, attributes: {}, center, size: CAR, yaw: 0 });
const guess = (id: string, classId: string, center: V3, score: number): ScoredBox => ({ ...label(id, classId, center), score });

describe('frameSuspects', () => {
  it('names each kind of suspect label, and leaves agreeing labels alone', () => {
    const frame = {
      frameKey: '000001',
      groundTruth: [
        label('fine', 'car', [0, 0, 0]),
        label('wrong-class', 'truck', [20, 0, 0]),
        // 1.5 m along a 4 m car: IoU 2.5 / 5.5 = 0.45, under the car's 0.7.
        label('moved', 'car', [41.5, 0, 0]),
        label('hollow', 'car', [60, 0, 0]),
        label('alone', 'car', [80, 0, 0]),
      ],
      predictions: [
        guess('p-fine', 'car', [0, 0, 0], 0.9),
        guess('p-class', 'car', [20, 0, 0], 0.8),
        guess('p-moved', 'car', [40, 0, 0], 0.9),
        guess('p-hollow', 'car', [60, 0, 0], 0.95),
        guess('p-unlabelled', 'car', [0, 20, 0], 0.7),
        // Not confident: says nothing.
        guess('p-faint', 'car', [0, -20, 0], 0.3),
      ],
    };
    const points = new Map([['hollow', 0], ['alone', 40], ['fine', 200], ['wrong-class', 90], ['moved', 12]]);
    const found = frameSuspects(frame, {}, (b) => points.get(b.objectId)!);
    const byKind = Object.fromEntries(found.map((s) => [s.kind, s]));
    expect(found.map((s) => s.kind).sort()).toEqual(['class', 'empty', 'missing', 'shifted', 'unconfirmed']);
    expect(byKind.missing).toMatchObject({ predictionId: 'p-unlabelled', score: 0.7 });
    expect(byKind.class).toMatchObject({ groundTruthId: 'wrong-class', classId: 'truck', predictedClass: 'car', score: 0.8 });
    expect(byKind.shifted.groundTruthId).toBe('moved');
    expect(byKind.shifted.iou3d).toBeCloseTo(2.5 / 5.5, 12);
    expect(byKind.shifted.score).toBeCloseTo(0.9 * (1 - 2.5 / 5.5), 12);
    expect(byKind.empty).toMatchObject({ groundTruthId: 'hollow', points: 0 });
    expect(byKind.unconfirmed).toMatchObject({ groundTruthId: 'alone', points: 40 });
  });
});

describe('suspectQueue on generated scans with injected label errors', () => {
  it('finds them: precision in its top 20 and recall over the queue', () => {
    const scene = syntheticLabels({ seed: 1, frames: 12, scan: { azimuthSteps: 1000 }, labelErrors: { missing: 0.05, shifted: 0.05, wrongClass: 0.05 } });
    const queue = suspectQueue(scene.frames, {}, scene.pointsOf);
    const quality = queueQuality(queue, scene.errors, 20);
    expect(new Set(scene.errors.map((e) => e.kind))).toEqual(new Set(['missing', 'shifted', 'class']));
    expect(quality.injected).toBeGreaterThanOrEqual(20);
    // Measured 0.95–1 (top 20) and 0.85–0.95 (recall) over seeds 1–3; these bounds leave room, not doubt.
    expect(quality.precisionAtTop).toBeGreaterThanOrEqual(0.85);
    expect(quality.recall).toBeGreaterThanOrEqual(0.8);
    for (let k = 1; k < queue.length; k++) expect(queue[k - 1].score).toBeGreaterThanOrEqual(queue[k].score);
  });
});
