import { describe, expect, it } from 'vitest';
import { activeAssignments, commentThreads, queueFor } from './queue';
import { assignmentBodySchema, commentBodySchema, reviewBodySchema, type AssignmentBody, type CommentBody, type ReviewBody, type VerifiedRecord } from './schema';
import { splitAssignment } from './split';

const hex = (c: string) => c.repeat(64);
const [LEAD, ALICE, BOB, RITA] = [hex('1'), hex('a'), hex('b'), hex('c')];
const SCENE = '00000000-0000-4000-8000-00000000a000';
const CAR = '00000000-0000-4000-8000-0000000000c1';
let counter = 0;
const address = () => (++counter).toString(16).padStart(64, 'e');

function assignment(frames: number, extra: Partial<AssignmentBody> = {}): VerifiedRecord<AssignmentBody> {
  const body = assignmentBodySchema.parse({
    format: 'cairn.assignment',
    version: 1,
    assignmentId: '00000000-0000-4000-8000-0000000000a1',
    sceneId: SCENE,
    frames: { kind: 'sequence', frameCount: frames },
    annotators: [{ keyId: ALICE, lane: 'alice' }, { keyId: BOB, lane: 'bob' }],
    overlap: { rate: 0.5, replicas: 2 },
    supersedes: [],
    author: { keyId: LEAD },
    createdAt: 10,
    message: '',
    ...extra,
  });
  return { address: address(), body };
}
const review = (assignmentAddress: string, createdAt: number, items: ReviewBody['items']): VerifiedRecord<ReviewBody> => ({
  address: address(),
  body: reviewBodySchema.parse({ format: 'cairn.review', version: 1, sceneId: SCENE, annotator: ALICE, assignment: assignmentAddress, revisions: [], items, author: { keyId: RITA }, createdAt }),
});
const comment = (extra: Partial<CommentBody>, createdAt: number): VerifiedRecord<CommentBody> => ({
  address: address(),
  body: commentBodySchema.parse({ format: 'cairn.comment', version: 1, sceneId: SCENE, pin: { kind: 'frame', frame: 0 }, text: 'look', author: { keyId: RITA }, createdAt, ...extra }),
});

describe('queueFor', () => {
  it('lists an annotator’s assigned frames, drops accepted ones, and returns a rejected frame first with its rejections and comments', () => {
    const a = assignment(6);
    const aliceFrames = splitAssignment(a.body).annotators[0].frames.map((f) => f.frame);
    expect(queueFor(ALICE, { assignments: [a], reviews: [], comments: [] }).map((i) => [i.frame, i.status])).toEqual(aliceFrames.map((f) => [f, 'todo']));
    const [accepted, rejected] = aliceFrames;
    const verdict = review(a.address, 20, [
      { frame: accepted, verdict: 'accept', reason: '' },
      { frame: rejected, objectId: CAR, verdict: 'reject', reason: 'box too long' },
    ]);
    const onCar = comment({ pin: { kind: 'object', objectId: CAR }, review: verdict.address, text: 'the rear is at the bumper' }, 21);
    const reply = comment({ pin: { kind: 'object', objectId: CAR }, parent: onCar.address, text: 'fixed?', author: { keyId: ALICE } }, 22);
    const elsewhere = comment({ pin: { kind: 'frame', frame: 999 }, text: 'not here' }, 23);
    const forBob = comment({ pin: { kind: 'frame', frame: rejected }, annotator: BOB, text: 'bob only' }, 24);
    const queue = queueFor(ALICE, { assignments: [a], reviews: [verdict], comments: [forBob, elsewhere, reply, onCar] });
    expect(queue.map((i) => [i.frame, i.status])).toEqual([[rejected, 'rework'], ...aliceFrames.slice(2).map((f) => [f, 'todo'])]);
    expect(queue[0].review).toMatchObject({ address: verdict.address, author: RITA, rejections: [{ objectId: CAR, reason: 'box too long' }] });
    expect(queue[0].comments.map((c) => [c.text, c.thread, c.resolved])).toEqual([
      ['the rear is at the bumper', onCar.address, false],
      ['fixed?', onCar.address, false],
    ]);
    // A later verdict accepting the frame takes it off the queue.
    const again = review(a.address, 30, [{ frame: rejected, verdict: 'accept', reason: 'good now' }]);
    expect(queueFor(ALICE, { assignments: [a], reviews: [verdict, again], comments: [] }).map((i) => i.frame)).toEqual(aliceFrames.slice(2));
    expect(queueFor(RITA, { assignments: [a], reviews: [], comments: [] })).toEqual([]);
  });

  it('drops a superseded assignment’s frames and marks a resolved thread', () => {
    const first = assignment(4);
    const second = assignment(2, { supersedes: [first.address], assignmentId: '00000000-0000-4000-8000-0000000000a2', createdAt: 50 });
    expect(activeAssignments([first, second]).map((a) => a.address)).toEqual([second.address]);
    expect(new Set(queueFor(ALICE, { assignments: [first, second], reviews: [], comments: [] }).map((i) => i.assignment))).toEqual(new Set([second.address]));
    const root = comment({}, 1);
    const done = comment({ resolves: root.address, text: '' }, 2);
    // A resolution joins the thread it closes, parent or not.
    expect(commentThreads([done, root]).map((c) => [c.address, c.thread, c.resolved])).toEqual([
      [root.address, root.address, true],
      [done.address, root.address, true],
    ]);
  });

  it('refuses records a reader would not trust: a rejection with no reason, an empty comment, two annotators in one lane', () => {
    expect(() => review(hex('9'), 1, [{ frame: 0, verdict: 'reject', reason: ' ' }])).toThrow(/a rejection needs a reason/);
    expect(() => comment({ text: '' }, 1)).toThrow(/a comment needs text/);
    expect(() => assignment(2, { annotators: [{ keyId: ALICE, lane: 'x' }, { keyId: BOB, lane: 'x' }] })).toThrow(/two annotators one lane/);
    expect(() => assignment(2, { overlap: { rate: 0.1, replicas: 3 } })).toThrow(/from 2 to 2/);
  });
});
