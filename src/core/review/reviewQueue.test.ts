import { describe, expect, it } from 'vitest';
import { isJudged, reviewQueue, withItemScores, type ReviewCandidate } from './reviewQueue';
import type { ReviewBody, VerifiedRecord } from './schema';

const SCENES = ['00000000-0000-4000-8000-00000000a001', '00000000-0000-4000-8000-00000000a002'];
const ANNOTATORS = ['a', 'b', 'c'].map((c) => c.repeat(64));
const candidates: ReviewCandidate[] = [];
for (const sceneId of SCENES) {
  for (let frame = 0; frame < 20; frame++) {
    // Annotator a did most of the work; c only a little.
    const annotator = frame < 15 ? ANNOTATORS[0] : frame < 19 ? ANNOTATORS[1] : ANNOTATORS[2];
    candidates.push({ sceneId, frame, annotator, classId: frame % 2 ? 'car' : 'pedestrian', agreement: ((frame * 7) % 20) / 20 });
  }
}
const verdict = (annotator: string, sceneId: string, frame: number, createdAt: number): VerifiedRecord<ReviewBody> => ({
  address: 'f'.repeat(64),
  body: { format: 'cairn.review', version: 1, sceneId, annotator, revisions: [], items: [{ frame, verdict: 'accept', reason: '' }], author: { keyId: 'd'.repeat(64) }, createdAt },
});

describe('reviewQueue', () => {
  it('draws a seeded random sample: the same for the same seed and any candidate order, another for another seed', () => {
    const one = reviewQueue(candidates, [], { mode: 'random', size: 10, seed: 'week 1' });
    expect(one).toHaveLength(10);
    expect(new Set(one).size).toBe(10);
    expect(reviewQueue([...candidates].reverse(), [], { mode: 'random', size: 10, seed: 'week 1' })).toEqual(one);
    expect(reviewQueue(candidates, [], { mode: 'random', size: 10, seed: 'week 2' })).not.toEqual(one);
  });

  it('stratified by annotator gives every annotator a turn, however little each did', () => {
    const queue = reviewQueue(candidates, [], { mode: 'stratified', by: 'annotator', size: 6, seed: 's' });
    const counts = ANNOTATORS.map((a) => queue.filter((c) => c.annotator === a).length);
    expect(counts).toEqual([2, 2, 2]);
    const byClass = reviewQueue(candidates, [], { mode: 'stratified', by: 'class', size: 4, seed: 's' });
    expect(byClass.filter((c) => c.classId === 'car')).toHaveLength(2);
    expect(new Set(reviewQueue(candidates, [], { mode: 'stratified', by: 'scene', size: 2, seed: 's' }).map((c) => c.sceneId)).size).toBe(2);
  });

  it('worst agreement first, unmeasured items last, and what a verdict judged since its last change is left out', () => {
    const unmeasured = { sceneId: SCENES[0], frame: 99, annotator: ANNOTATORS[0] };
    const queue = reviewQueue([unmeasured, ...candidates], [], { mode: 'worst-agreement', size: 41 });
    const scores = queue.slice(0, 40).map((c) => c.agreement!);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(queue[40]).toBe(unmeasured);
    const worst = queue[0];
    const judged = verdict(worst.annotator, worst.sceneId, worst.frame, 100);
    expect(isJudged(worst, [judged])).toBe(true);
    expect(reviewQueue(candidates, [judged], { mode: 'worst-agreement', size: 40 })).not.toContain(worst);
    // Changed after the verdict: back in the queue.
    expect(isJudged({ ...worst, updatedAt: 200 }, [judged])).toBe(false);
  });

  it('takes the agreement module’s scores: a frame’s on its candidate, a frame with scored objects reviewed object by object', () => {
    const frame = (f: number): ReviewCandidate => ({ sceneId: SCENES[0], frame: f, annotator: ANNOTATORS[0], lane: 'l', assignment: 'e'.repeat(64) });
    const scored = withItemScores([frame(0), frame(1), frame(2)], [
      { sceneId: SCENES[0], frame: 0, annotator: ANNOTATORS[0], agreement: 0.4 },
      { sceneId: SCENES[0], frame: 1, annotator: ANNOTATORS[0], objectId: 'o1', classId: 'car', agreement: 0.9 },
      { sceneId: SCENES[0], frame: 1, annotator: ANNOTATORS[0], objectId: 'o2', classId: 'pedestrian', agreement: 0.1 },
      { sceneId: SCENES[0], frame: 7, annotator: ANNOTATORS[0], agreement: 0 },
    ]);
    expect(scored).toEqual([
      { ...frame(0), agreement: 0.4 },
      { ...frame(1), objectId: 'o1', classId: 'car', agreement: 0.9 },
      { ...frame(1), objectId: 'o2', classId: 'pedestrian', agreement: 0.1 },
      frame(2),
    ]);
    expect(reviewQueue(scored, [], { mode: 'worst-agreement', size: 1 })).toEqual([{ ...frame(1), objectId: 'o2', classId: 'pedestrian', agreement: 0.1 }]);
  });
});
