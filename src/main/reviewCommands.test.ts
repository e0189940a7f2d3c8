import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAssign } from './assignCommand';
import { runComment } from './commentCommand';
import { runQueue } from './queueCommand';
import { runReview } from './reviewCommand';
import { runVerify } from './verifyCommand';
import { keyFile, saveSigningKey } from './services/revisions/keyFiles';
import { runCommand } from './testing/runCommand';
import { SCENE, writeSmallHistory, type SmallHistory } from './services/revisions/testing/smallHistory';

const CAR = '00000000-0000-4000-8000-0000000000c1';
let root: string;
let store: string;
let history: SmallHistory;
const ws = (name: string) => path.join(root, name);
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cairn-review-cli-'));
  store = path.join(root, 'store');
  history = writeSmallHistory(store);
  for (const [name, key] of [['lead', history.admin], ['alice', history.alice], ['bob', history.bob], ['rita', history.reviewer]] as const) saveSigningKey(ws(name), key);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const run = runCommand;

describe('cairn assign, queue, review and comment', () => {
  it('a lead assigns with overlap, a reviewer rejects an object with a comment, and the frame returns to the annotator’s queue with it', async () => {
    const file = path.join(root, 'assignment.json');
    const assigned = await run(runAssign, [store, '--scene', SCENE, '--frames', '0-19', '--annotators', `alice,${history.bob.keyId.slice(0, 10)}`, '--overlap', '0.1', '--replicas', '2', '--workspace', ws('lead'), '-o', file]);
    expect(assigned.code, assigned.err).toBe(0);
    expect(assigned.err).toMatch(/assigned 20 frame\(s\) of scene .* to 2 annotator\(s\), 2 of them to 2 each; wrote assignments\//);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc.assignment).toMatchObject({ sceneId: SCENE, frames: { kind: 'ranges', ranges: [{ first: 0, last: 19 }] }, overlap: { rate: 0.1, replicas: 2 }, author: { keyId: history.admin.keyId } });
    expect(doc.annotators.map((a: { name: string; frames: number[] }) => [a.name, a.frames.length])).toEqual([['alice', 11], ['bob', 11]]);
    const aliceFrame: number = doc.annotators[0].frames[0];

    const before = await run(runQueue, [store, '--annotator', 'alice']);
    expect(before.code, before.err).toBe(0);
    expect(JSON.parse(before.out).items.map((i: { frame: number; status: string }) => i.status)).toEqual(new Array(11).fill('todo'));

    const rejected = await run(runReview, [store, '--scene', SCENE, '--annotator', 'alice', '--frame', String(aliceFrame), '--object', CAR, '--reject', '--reason', 'misses the mirror', '--key', keyFile(ws('rita'), history.reviewer.keyId)]);
    expect(rejected.code, rejected.err).toBe(0);
    const verdict = JSON.parse(rejected.out);
    // The assignment and lane are found; the revisions judged are alice's head.
    expect(verdict.review).toMatchObject({ assignment: doc.address, lane: doc.annotators[0].lane, revisions: [history.revisions[3]], items: [{ frame: aliceFrame, objectId: CAR, verdict: 'reject' }] });
    const commented = await run(runComment, [store, '--scene', SCENE, '--frame', String(aliceFrame), '--point', '5.2,1.9,0.8', '--annotator', 'alice', '--review', verdict.address, '--text', 'the mirror is here', '--workspace', ws('rita')]);
    expect(commented.code, commented.err).toBe(0);
    const reply = await run(runComment, [store, '--scene', SCENE, '--object', CAR, '--reply', JSON.parse(commented.out).address, '--text', 'widened', '--workspace', ws('alice')]);
    expect(reply.code, reply.err).toBe(0);

    const after = JSON.parse((await run(runQueue, [store, '--annotator', history.alice.keyId])).out);
    expect(after.items[0]).toMatchObject({ frame: aliceFrame, status: 'rework', review: { address: verdict.address, rejections: [{ objectId: CAR, reason: 'misses the mirror' }] } });
    expect(after.items[0].comments.map((c: { text: string; resolved: boolean }) => [c.text, c.resolved])).toEqual([
      ['the mirror is here', false],
      ['widened', false],
    ]);
    const resolved = await run(runComment, [store, '--scene', SCENE, '--frame', String(aliceFrame), '--resolve', JSON.parse(commented.out).address, '--workspace', ws('rita')]);
    expect(resolved.code, resolved.err).toBe(0);
    const closed = JSON.parse((await run(runQueue, [store, '--annotator', 'alice'])).out);
    expect(closed.items[0].comments.every((c: { resolved: boolean }) => c.resolved)).toBe(true);
    expect(after.items.slice(1).every((i: { status: string }) => i.status === 'todo')).toBe(true);

    const reviewing = await run(runQueue, [store, '--review', '--sample', 'stratified', '--by', 'annotator', '--size', '4', '--seed', 'today']);
    expect(reviewing.code, reviewing.err).toBe(0);
    const sample = JSON.parse(reviewing.out).items as { annotatorName: string; frame: number }[];
    expect(sample.map((i) => i.annotatorName).sort()).toEqual(['alice', 'alice', 'bob', 'bob']);
    expect(sample.some((i) => i.annotatorName === 'alice' && i.frame === aliceFrame)).toBe(false);

    // The agreement module's scores: bob's first frame measured object by object, the worst first.
    const bobFrame: number = doc.annotators[1].frames[0];
    const aliceSecond: number = doc.annotators[0].frames[1];
    const scores = path.join(root, 'scores.json');
    writeFileSync(scores, JSON.stringify([
      { sceneId: SCENE, frame: bobFrame, annotator: history.bob.keyId, objectId: CAR, classId: 'car', agreement: 0.2 },
      { sceneId: SCENE, frame: bobFrame, annotator: history.bob.keyId, objectId: 'p1', classId: 'pedestrian', agreement: 0.05 },
      { sceneId: SCENE, frame: aliceSecond, annotator: history.alice.keyId, agreement: 0.5 },
    ]));
    const worst = await run(runQueue, [store, '--review', '--sample', 'worst', '--size', '3', '--scores', scores]);
    expect(worst.code, worst.err).toBe(0);
    expect(JSON.parse(worst.out).items.map((i: { frame: number; objectId?: string; agreement?: number }) => [i.frame, i.objectId, i.agreement])).toEqual([
      [bobFrame, 'p1', 0.05],
      [bobFrame, CAR, 0.2],
      [aliceSecond, undefined, 0.5],
    ]);
    writeFileSync(scores, '[{"frame": -1}]');
    expect((await run(runQueue, [store, '--review', '--scores', scores])).err).toContain(`cairn queue: ${scores}: not a list of`);

    const verified = await run(runVerify, [store]);
    expect(verified.code, verified.out).toBe(0);
    expect(verified.out).toMatch(/^17 objects: 17 ok;/m);
  });

  it('names the problem: a role that may not, an unknown annotator, a missing store, bad arguments, an unwritable output', async () => {
    const byAlice = await run(runAssign, [store, '--scene', SCENE, '--sequence', '10', '--annotators', 'bob', '--key', keyFile(ws('alice'), history.alice.keyId)]);
    expect([byAlice.code, byAlice.err]).toEqual([1, `cairn assign: ${store}: the key ${history.alice.keyId} (alice) is an annotator; only admin keys write assignments\n`]);
    const stranger = await run(runAssign, [store, '--scene', SCENE, '--sequence', '10', '--annotators', 'alice,carol', '--workspace', ws('lead')]);
    expect([stranger.code, stranger.err]).toEqual([1, `cairn assign: ${store}: no registered key is "carol" (give a key id, a prefix of one, or a registered name)\n`]);
    const tooMany = await run(runAssign, [store, '--scene', SCENE, '--frames', '0-9', '--annotators', 'alice,bob', '--overlap', '0.2', '--replicas', '3', '--workspace', ws('lead')]);
    expect([tooMany.code, tooMany.err]).toEqual([1, `cairn assign: ${store}: an overlap needs from 2 to 2 replicas (the annotators), not 3\n`]);
    const reviewer = await run(runAssign, [store, '--scene', SCENE, '--frames', '0-9', '--annotators', 'alice,rita', '--workspace', ws('lead')]);
    expect([reviewer.code, reviewer.err]).toEqual([1, `cairn assign: ${store}: rita (${history.reviewer.keyId.slice(0, 12)}) is a reviewer: only annotators and admins label\n`]);
    const missing = await run(runQueue, [path.join(root, 'nowhere'), '--annotator', 'alice']);
    expect([missing.code, missing.err]).toEqual([1, `cairn queue: ${path.join(root, 'nowhere')}: no such folder\n`]);
    const noKey = await run(runComment, [store, '--scene', SCENE, '--frame', '1', '--text', 'x', '--workspace', ws('nobody')]);
    expect([noKey.code, noKey.err]).toEqual([1, `cairn comment: ${path.join(ws('nobody'), 'keys')}: no key (cairn sync makes a workspace's key; or give one with --key FILE)\n`]);
    const own = await run(runReview, [store, '--scene', SCENE, '--annotator', 'rita', '--frame', '0', '--accept', '--workspace', ws('rita')]);
    expect(own.code).toBe(1);
    expect(own.err).toContain("rita's key may not judge its own");

    for (const [command, args, message] of [
      [runAssign, [store, '--frames', '0-9', '--annotators', 'alice'], '--scene takes the scene'],
      [runAssign, [store, '--scene', SCENE, '--frames', '9-2', '--annotators', 'alice'], 'the range 9-2 runs backwards'],
      [runAssign, [store, '--scene', SCENE, '--frames', '0-9', '--sequence', '3', '--annotators', 'alice'], 'give the frames with --frames LIST or the whole sequence'],
      [runAssign, [store, '--scene', SCENE, '--frames', '0-9', '--annotators', 'alice', '--overlap', '10'], '--overlap takes a fraction from 0 to 1'],
      [runReview, [store, '--scene', SCENE, '--annotator', 'alice', '--frame', '1', '--reject'], 'a rejection needs --reason TEXT'],
      [runReview, [store, '--scene', SCENE, '--annotator', 'alice', '--frame', 'one', '--accept'], '--frame takes a frame index'],
      [runComment, [store, '--scene', SCENE, '--frame', '1', '--point', '1,2', '--text', 'x'], '--point takes X,Y,Z in metres'],
      [runQueue, [store], 'give --annotator WHO'],
      [runQueue, [store, '--review', '--sample', 'best'], '--sample takes random, stratified or worst'],
    ] as const) {
      const result = await run(command, [...args]);
      expect([result.code, result.err], args.join(' ')).toEqual([2, expect.stringContaining(message)]);
      expect(result.err).toContain('Usage:');
    }

    const unwritable = path.join(root, 'no-such-dir', 'queue.json');
    const output = await run(runQueue, [store, '--annotator', 'alice', '-o', unwritable]);
    expect([output.code, output.err]).toEqual([1, expect.stringContaining(`cairn queue: ${unwritable}: ENOENT`)]);
  });
});
