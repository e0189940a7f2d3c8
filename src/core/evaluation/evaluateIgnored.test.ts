import { describe, expect, it } from 'vitest';
import type { AgreementBox } from '../agreement/types';
import { evaluateFrames, withoutIgnored, type EvaluationFrame, type ScoredBox } from './evaluate';
import { frameSuspects } from './suspects';

const box = (objectId: string, x: number, classId = 'car'): AgreementBox => ({ objectId, trackId: objectId, classId, attributes: {}, center: [x, 0, 0.8], size: [4.5, 1.9, 1.6], yaw: 0 });
const scored = (objectId: string, x: number, score = 0.9, classId = 'car'): ScoredBox => ({ ...box(objectId, x, classId), score });

describe('ignored ground truth', () => {
  const frame: EvaluationFrame = {
    frameKey: '000000',
    groundTruth: [box('car', 10)],
    ignored: [box('hidden', 20), box('hidden-walker', 60, 'pedestrian')],
    predictions: [scored('on-car', 10), scored('on-hidden', 20.5), scored('nowhere', 40), scored('on-walker-as-car', 60)],
  };

  it('drops a prediction on an ignored box of any class, and counts no ignored box as ground truth', () => {
    expect(withoutIgnored(frame).predictions.map((p) => p.objectId)).toEqual(['on-car', 'nowhere']);
    const { frames, summary } = evaluateFrames([frame]);
    expect(frames[0]).toMatchObject({ tp: 1, fp: 1, fn: 0, groundTruth: 1 });
    expect(frames[0].falsePositives.map((f) => f.predictionId)).toEqual(['nowhere']);
    expect(summary.classes.find((c) => c.classId === 'car')).toMatchObject({ groundTruth: 1 });
    // The same frame without the flags: two more false alarms and two more objects to find.
    const plain = evaluateFrames([{ ...frame, groundTruth: [...frame.groundTruth, ...frame.ignored!], ignored: undefined }]).frames[0];
    expect(plain).toMatchObject({ tp: 2, fp: 2, fn: 1 });
  });

  it('keeps a prediction that also overlaps a scored box of its class', () => {
    const crowded: EvaluationFrame = { frameKey: '1', groundTruth: [box('car', 10)], ignored: [box('hidden', 13)], predictions: [scored('between', 11.5)] };
    expect(withoutIgnored(crowded).predictions.map((p) => p.objectId)).toEqual(['between']);
  });

  it('raises no missing-label suspect for a confident prediction on an ignored box', () => {
    const suspects = frameSuspects(frame);
    expect(suspects.filter((x) => x.kind === 'missing').map((x) => x.predictionId)).toEqual(['nowhere']);
  });
});
