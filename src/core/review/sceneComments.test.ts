import { describe, expect, it } from 'vitest';
import { sceneComments } from './sceneComments';
import { commentBodySchema, type CommentBody, type VerifiedRecord } from './schema';

const hex = (c: string) => c.repeat(64);
const [ALICE, BOB, RITA] = [hex('a'), hex('b'), hex('c')];
const SCENE = '00000000-0000-4000-8000-00000000a000';
const OTHER_SCENE = '00000000-0000-4000-8000-00000000b000';
const CAR = '00000000-0000-4000-8000-0000000000c1';
let counter = 0;

const comment = (extra: Partial<CommentBody>, createdAt: number): VerifiedRecord<CommentBody> => ({
  address: (++counter).toString(16).padStart(64, 'e'),
  body: commentBodySchema.parse({ format: 'cairn.comment', version: 1, sceneId: SCENE, pin: { kind: 'point', frame: 1, point: [12, 3, 1.5], space: 'lidar' }, text: 'a cone here', author: { keyId: RITA }, createdAt, ...extra }),
});

describe('sceneComments', () => {
  const atPoint = comment({ annotator: ALICE }, 10);
  const reply = comment({ parent: atPoint.address, text: 'boxed it', author: { keyId: ALICE } }, 11);
  const forBob = comment({ annotator: BOB, text: 'bob only' }, 12);
  const onFrame = comment({ pin: { kind: 'frame', frame: 1 }, text: 'whole frame' }, 13);
  const onObjectHere = comment({ pin: { kind: 'object', objectId: CAR, frame: 1 }, text: 'the car' }, 14);
  const onObjectAnywhere = comment({ pin: { kind: 'object', objectId: CAR }, text: 'the car, any frame' }, 15);
  const otherFrame = comment({ pin: { kind: 'point', frame: 2, point: [0, 0, 0], space: 'lidar' } }, 16);
  const otherScene = comment({ sceneId: OTHER_SCENE }, 17);
  const bobsOwn = comment({ annotator: ALICE, author: { keyId: BOB }, text: 'bob asks about alice' }, 18);
  const all = [bobsOwn, otherScene, otherFrame, onObjectAnywhere, onObjectHere, onFrame, forBob, reply, atPoint];

  it('gives a reviewer every thread of the scene, oldest first, each comment naming its thread', () => {
    const got = sceneComments(all, SCENE, { keyId: RITA, seesAll: true });
    expect(got.map((c) => c.text)).toEqual(['a cone here', 'boxed it', 'bob only', 'whole frame', 'the car', 'the car, any frame', 'a cone here', 'bob asks about alice']);
    expect(got[1]).toMatchObject({ thread: atPoint.address, parent: atPoint.address, pin: { kind: 'point', point: [12, 3, 1.5] } });
    expect(got.map((c) => c.address)).not.toContain(otherScene.address);
  });

  it('gives an annotator the threads about everyone, about their own work, and those they began', () => {
    const everyones = ['whole frame', 'the car', 'the car, any frame', 'a cone here'];
    expect(sceneComments(all, SCENE, { keyId: ALICE, seesAll: false }).map((c) => c.text)).toEqual(['a cone here', 'boxed it', ...everyones, 'bob asks about alice']);
    expect(sceneComments(all, SCENE, { keyId: BOB, seesAll: false }).map((c) => c.text)).toEqual(['bob only', ...everyones, 'bob asks about alice']);
  });

  it('marks every comment of a resolved thread', () => {
    const done = comment({ resolves: atPoint.address, parent: atPoint.address, text: '', author: { keyId: ALICE } }, 20);
    const got = sceneComments([...all, done], SCENE, { keyId: ALICE, seesAll: false });
    expect(got.filter((c) => c.thread === atPoint.address).map((c) => c.resolved)).toEqual([true, true, true]);
  });
});
