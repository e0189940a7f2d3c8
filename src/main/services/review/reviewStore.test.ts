import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queueFor, splitAssignment } from '../../../core/review';
import { checkReviewRecords, commentPath, type Finding, type StoredObject } from '../../../core/revisions';
import { createNodeRevisionCrypto } from '../revisions/nodeCrypto';
import { FolderSharedStore } from '../sharedStore/folderSharedStore';
import { HttpSharedStore, writeStoreIndex } from '../sharedStore/httpSharedStore';
import { S3SharedStore } from '../sharedStore/s3SharedStore';
import { serveFolder } from '../sharedStore/testing/staticServer';
import { startS3rver, type RunningS3rver } from '../sharedStore/testing/s3rver';
import { generateSigningKey, type SigningKey } from '../revisions/keyFiles';
import { StoreWriter } from '../revisions/storeWriter';
import { verifyFolderStore } from '../revisions/verifyFolder';
import { SCENE, T0, writeSmallHistory, type SmallHistory } from '../revisions/testing/smallHistory';
import { reviewRecordObject } from './reviewObjects';
import { checkAuthor, readKeyRegistry, readReviewRecords, writeAssignment, writeComment, writeReview } from './reviewStore';
import type { SharedStore } from '../sharedStore/sharedStore';

const CAR = '00000000-0000-4000-8000-0000000000c1';
const notOk = (findings: readonly Finding[]) => findings.filter((f) => f.status !== 'ok');

let dir: string;
let history: SmallHistory;
let store: FolderSharedStore;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-review-'));
  history = writeSmallHistory(dir);
  store = new FolderSharedStore(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const newAssignment = (alice: SigningKey, bob: SigningKey, supersedes: string[] = []) => ({
  assignmentId: '00000000-0000-4000-8000-0000000000a1',
  sceneId: SCENE,
  frames: { kind: 'ranges' as const, ranges: [{ first: 0, last: 19 }] },
  annotators: [
    { keyId: alice.keyId, lane: 'blind-alice' },
    { keyId: bob.keyId, lane: 'blind-bob' },
  ],
  overlap: { rate: 0.1, replicas: 2 },
  supersedes,
  createdAt: T0 + 50,
  message: 'week 1',
});

/** A lead's assignment, a reviewer's rejection of one of alice's objects with a comment, and alice's reply. */
async function reviewRound(target: SharedStore, h: Pick<SmallHistory, 'admin' | 'alice' | 'bob' | 'reviewer' | 'revisions'>) {
  const assignment = await writeAssignment(target, h.admin, newAssignment(h.alice, h.bob));
  const aliceFrame = splitAssignment({ ...newAssignment(h.alice, h.bob) }).annotators[0].frames[0].frame;
  const review = await writeReview(target, h.reviewer, {
    sceneId: SCENE,
    annotator: h.alice.keyId,
    assignment: assignment.address,
    lane: 'blind-alice',
    revisions: [h.revisions[1]],
    items: [{ frame: aliceFrame, objectId: CAR, verdict: 'reject', reason: 'the box misses the mirror' }],
    createdAt: T0 + 60,
  });
  const comment = await writeComment(target, h.reviewer, { sceneId: SCENE, pin: { kind: 'point', frame: aliceFrame, point: [5.1, 1.9, 0.8], space: 'world' }, annotator: h.alice.keyId, review: review.address, text: 'here', createdAt: T0 + 61 });
  const reply = await writeComment(target, h.alice, { sceneId: SCENE, pin: { kind: 'object', objectId: CAR, frame: aliceFrame }, parent: comment.address, text: 'widened it', createdAt: T0 + 70 });
  return { assignment, review, comment, reply, aliceFrame };
}

describe('review records in a folder store', () => {
  it('are written under each author’s prefix, read back verified, feed the annotator’s queue, and cairn verify accepts them', async () => {
    const round = await reviewRound(store, history);
    expect(round.assignment.path).toBe(`assignments/${history.admin.keyId}/${round.assignment.address}.json`);
    expect(round.reply.path).toBe(commentPath(history.alice.keyId, round.reply.address));
    const read = await readReviewRecords(store);
    expect(notOk(read.findings)).toEqual([]);
    expect([read.assignments.length, read.reviews.length, read.comments.length]).toEqual([1, 1, 2]);
    const queue = queueFor(history.alice.keyId, read);
    expect(queue[0]).toMatchObject({ frame: round.aliceFrame, status: 'rework', lane: 'blind-alice', review: { address: round.review.address, rejections: [{ objectId: CAR }] } });
    expect(queue[0].comments.map((c) => [c.text, c.thread])).toEqual([
      ['here', round.comment.address],
      ['widened it', round.comment.address],
    ]);
    expect(queue.filter((i) => i.status === 'todo')).toHaveLength(10);

    const verified = await verifyFolderStore(dir);
    expect(notOk(verified.findings)).toEqual([]);
    expect(verified.findings.filter((f) => f.kind === 'assignment' || f.kind === 'review' || f.kind === 'comment')).toHaveLength(4);
  });

  it('are read from a store published over HTTP (through its index.json), which refuses writes', async () => {
    const round = await reviewRound(store, history);
    await writeStoreIndex(store);
    const server = await serveFolder(dir);
    try {
      const http = new HttpSharedStore(server.url);
      const read = await readReviewRecords(http);
      expect(notOk(read.findings)).toEqual([]);
      expect(read.reviews.map((r) => r.address)).toEqual([round.review.address]);
      expect(queueFor(history.alice.keyId, read)[0].status).toBe('rework');
      await expect(writeComment(http, history.reviewer, { sceneId: SCENE, pin: { kind: 'frame', frame: 0 }, text: 'x', createdAt: T0 + 80 })).rejects.toMatchObject({ capability: 'write' });
      await http.close();
    } finally {
      await server.stop();
    }
  });

  it('detects every single flipped bit of every record', async () => {
    await reviewRound(store, history);
    const registry = await readKeyRegistry(store);
    const crypto = createNodeRevisionCrypto();
    const paths = (await Promise.all(['assignments/', 'reviews/', 'comments/'].map((p) => store.list(p)))).flat();
    const objects: StoredObject[] = await Promise.all(paths.map(async (p) => ({ path: p, text: new TextDecoder().decode((await store.get(p))!) })));
    expect(notOk(checkReviewRecords(objects, registry, crypto).findings)).toEqual([]);
    let flips = 0;
    for (const [i, object] of objects.entries()) {
      const bytes = new TextEncoder().encode(object.text);
      for (let b = 0; b < bytes.length; b++) {
        const changed = Uint8Array.from(bytes);
        changed[b] ^= 1 << (b % 8);
        // Only the records it names are needed beside it (a flip that renames one leaves it missing: refused too).
        const others = objects.filter((o, j) => j !== i && object.text.includes(o.path.slice(-69, -5)));
        const finding = checkReviewRecords([{ path: object.path, text: new TextDecoder().decode(changed) }, ...others], registry, crypto).findings.find((f) => f.path === object.path);
        if (finding?.status === 'ok') throw new Error(`flipping bit ${b % 8} of byte ${b} of ${object.path} went unseen`);
        flips++;
      }
    }
    expect(flips).toBeGreaterThan(2_000);
  }, 120_000);

  it('refuses what a role may not write, a revoked or unknown key, another’s prefix, and a record naming one that is missing', async () => {
    const admin = new StoreWriter(store);
    const put = (o: { path: string; text: string }, at = o.path) => store.put(at, new TextEncoder().encode(o.text));
    const byAlice = reviewRecordObject('assignment', history.alice, newAssignment(history.alice, history.bob));
    await put(byAlice);
    const selfReview = reviewRecordObject('review', history.alice, { sceneId: SCENE, annotator: history.bob.keyId, revisions: [], items: [{ frame: 0, verdict: 'accept', reason: '' }], createdAt: T0 + 60 });
    await put(selfReview);
    const ownWork = reviewRecordObject('review', history.reviewer, { sceneId: SCENE, annotator: history.reviewer.keyId, revisions: [], items: [{ frame: 0, verdict: 'accept', reason: '' }], createdAt: T0 + 60 });
    await put(ownWork);
    await admin.writeKeyRecord(history.admin, { action: 'revoke', keyId: history.bob.keyId, revokedAt: T0 + 100, reason: 'left', createdAt: T0 + 100 });
    const revoked = reviewRecordObject('comment', history.bob, { sceneId: SCENE, pin: { kind: 'frame', frame: 1 }, text: 'late', createdAt: T0 + 200 });
    await put(revoked);
    const stranger = reviewRecordObject('comment', generateSigningKey(), { sceneId: SCENE, pin: { kind: 'frame', frame: 1 }, text: 'who?', createdAt: T0 + 60 });
    await put(stranger);
    const misplaced = reviewRecordObject('comment', history.alice, { sceneId: SCENE, pin: { kind: 'frame', frame: 1 }, text: 'moved', createdAt: T0 + 60 });
    await put(misplaced, commentPath(history.bob.keyId, misplaced.address));
    const orphan = reviewRecordObject('comment', history.alice, { sceneId: SCENE, pin: { kind: 'frame', frame: 1 }, parent: 'ab'.repeat(32), text: 'reply to nothing', createdAt: T0 + 60 });
    await put(orphan);
    const judgesNothing = reviewRecordObject('review', history.reviewer, { sceneId: SCENE, annotator: history.alice.keyId, revisions: ['cd'.repeat(32)], items: [{ frame: 0, verdict: 'accept', reason: '' }], createdAt: T0 + 60 });
    await put(judgesNothing);

    const replyToRevoked = reviewRecordObject('comment', history.alice, { sceneId: SCENE, pin: { kind: 'frame', frame: 1 }, parent: revoked.address, text: 'answering bob', createdAt: T0 + 210 });
    await put(replyToRevoked);
    const wrongKind = reviewRecordObject('comment', history.alice, { sceneId: SCENE, pin: { kind: 'frame', frame: 1 }, review: byAlice.address, text: 'about that', createdAt: T0 + 60 });
    await put(wrongKind);
    const standing = await writeAssignment(store, history.admin, newAssignment(history.alice, history.bob));
    const accept = [{ frame: 0, verdict: 'accept' as const, reason: '' }];
    const notTheirs = reviewRecordObject('review', history.reviewer, { sceneId: SCENE, annotator: history.admin.keyId, assignment: standing.address, revisions: [], items: accept, createdAt: T0 + 60 });
    await put(notTheirs);
    const wrongLane = reviewRecordObject('review', history.reviewer, { sceneId: SCENE, annotator: history.alice.keyId, assignment: standing.address, lane: 'blind-bob', revisions: [], items: accept, createdAt: T0 + 60 });
    await put(wrongLane);
    const first = await writeComment(store, history.reviewer, { sceneId: SCENE, pin: { kind: 'frame', frame: 1 }, text: 'here', createdAt: T0 + 60 });
    const elsewhere = reviewRecordObject('comment', history.alice, { sceneId: '00000000-0000-4000-8000-00000000b000', pin: { kind: 'frame', frame: 1 }, parent: first.address, text: 'there', createdAt: T0 + 61 });
    await put(elsewhere);

    const read = await readReviewRecords(store);
    const status = new Map(read.findings.map((f) => [f.address, [f.status, f.message]]));
    expect(status.get(byAlice.address)).toEqual(['role-not-allowed', expect.stringMatching(/\(alice\), an annotator: only admins assign work$/)]);
    expect(status.get(selfReview.address)?.[0]).toBe('role-not-allowed');
    expect(status.get(ownWork.address)).toEqual(['role-not-allowed', expect.stringContaining('on its own work')]);
    expect(status.get(revoked.address)?.[0]).toBe('key-revoked');
    expect(status.get(stranger.address)?.[0]).toBe('unknown-key');
    expect(status.get(misplaced.address)).toEqual(['role-not-allowed', expect.stringContaining("stored under")]);
    expect(status.get(orphan.address)).toEqual(['bad-parent', `names ${'ab'.repeat(32)}, which is missing from the store`]);
    expect(status.get(replyToRevoked.address)).toEqual(['bad-parent', `names ${revoked.address}, which is excluded`]);
    expect(status.get(wrongKind.address)).toEqual(['bad-parent', `names ${byAlice.address} as a review, but it is an assignment`]);
    // Reading review records alone does not walk the history; cairn verify does, and excludes the verdict on a revision it lacks.
    expect(status.get(judgesNothing.address)?.[0]).toBe('ok');
    const verified = await verifyFolderStore(dir);
    expect(verified.findings.find((f) => f.address === judgesNothing.address)).toMatchObject({ status: 'bad-parent', message: `judges ${'cd'.repeat(32)}, which is missing from the store` });
    expect(status.get(notTheirs.address)).toEqual(['bad-parent', `names the assignment ${standing.address}, which gives ${history.admin.keyId} no work`]);
    expect(status.get(wrongLane.address)).toEqual(['bad-parent', `says lane blind-bob, but the assignment ${standing.address} gives ${history.alice.keyId} lane blind-alice`]);
    expect(status.get(elsewhere.address)).toEqual(['bad-parent', `names ${first.address}, which is of scene ${SCENE}, not 00000000-0000-4000-8000-00000000b000`]);
    expect(read.assignments.map((a) => a.address)).toEqual([standing.address]);
    expect(read.comments.map((c) => c.address)).toEqual([first.address]);
  });

  it('checks the author before writing: an annotator’s key may not assign, a stranger’s may not comment', async () => {
    const registry = await readKeyRegistry(store);
    expect(checkAuthor(store, registry, history.admin, 'assignments', T0 + 50).role).toBe('admin');
    expect(() => checkAuthor(store, registry, history.alice, 'assignments', T0 + 50)).toThrow(`${store.label}: the key ${history.alice.keyId} (alice) is an annotator; only admin keys write assignments`);
    expect(() => checkAuthor(store, registry, generateSigningKey(), 'comments', T0 + 50)).toThrow(/is not registered in this store/);
    await expect(readKeyRegistry(new FolderSharedStore(path.join(dir, 'annotations')))).rejects.toThrow(/not a Cairn store/);
  });
});

describe('review records in an S3 bucket (s3rver)', () => {
  let s3: RunningS3rver;
  beforeAll(async () => {
    s3 = await startS3rver(['cairn-review']);
  });
  afterAll(async () => {
    await s3?.stop();
  });

  it('round-trip through the bucket like a folder', async () => {
    const bucket = new S3SharedStore({ bucket: 'cairn-review', prefix: 'team', client: s3.client });
    const [admin, alice, bob, reviewer] = [generateSigningKey(), generateSigningKey(), generateSigningKey(), generateSigningKey()];
    const writer = await StoreWriter.create(bucket, admin, { name: 'lead', createdAt: T0 });
    for (const [key, role, name] of [[alice, 'annotator', 'alice'], [bob, 'annotator', 'bob'], [reviewer, 'reviewer', 'rita']] as const) {
      await writer.writeKeyRecord(admin, { action: 'register', keyId: key.keyId, publicKey: key.publicKey, role, name, validFrom: T0, createdAt: T0 + 1 });
    }
    const round = await reviewRound(bucket, { admin, alice, bob, reviewer, revisions: ['ef'.repeat(32), 'ef'.repeat(32)] });
    const read = await readReviewRecords(bucket);
    expect(notOk(read.findings)).toEqual([]);
    expect(read.comments.map((c) => c.address).sort()).toEqual([round.comment.address, round.reply.address].sort());
    expect(queueFor(alice.keyId, read)[0]).toMatchObject({ status: 'rework', frame: round.aliceFrame });
    expect(queueFor(bob.keyId, read).every((i) => i.status === 'todo')).toBe(true);
    await bucket.close();
  });
});
