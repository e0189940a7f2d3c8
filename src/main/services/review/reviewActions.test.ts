import { afterEach, describe, expect, it } from 'vitest';
import { FolderStoreWriter } from '../revisions/folderStore';
import { generateSigningKey } from '../revisions/keyFiles';
import { FolderSharedStore } from '../sharedStore/folderSharedStore';
import { SCENE, T0, syncFixture } from '../sync/testing/syncFixture';
import { addComment, annotatorQueue, assignWork, judgeWork, resolveKey, reviewerQueue } from './reviewActions';

let fixture: ReturnType<typeof syncFixture>;
afterEach(() => fixture?.close());

describe('the review workflow with workspaces’ keys', () => {
  it('a lead assigns, supersedes, a reviewer judges (assignment and lane found), the annotator’s and the reviewer’s queues follow', async () => {
    fixture = syncFixture(['lead', 'alice', 'bob']);
    const [lead, alice, bob] = fixture.annotators;
    const rita = generateSigningKey();
    new FolderStoreWriter(fixture.storeDir).writeKeyRecord(lead.key, { action: 'register', keyId: rita.keyId, publicKey: rita.publicKey, role: 'reviewer', name: 'rita', validFrom: T0, createdAt: T0 + 2 });
    const store = new FolderSharedStore(fixture.storeDir);

    const first = await assignWork(store, lead.key, { sceneId: SCENE, frames: { kind: 'sequence', frameCount: 8 }, annotators: ['alice', 'bob'], overlap: { rate: 0.25, replicas: 2 } });
    expect(first.split.overlapFrames).toHaveLength(2);
    const second = await assignWork(store, lead.key, { sceneId: SCENE, frames: { kind: 'list', frames: [0, 1, 2, 3] }, annotators: [alice.key.keyId, 'bob'], overlap: { rate: 0, replicas: 2 }, supersedes: [first.written.address] });
    const aliceShare = second.split.annotators.find((s) => s.keyId === alice.key.keyId)!;
    const { items } = await annotatorQueue(store, 'alice');
    expect(items.map((i) => [i.assignment, i.frame, i.lane])).toEqual(aliceShare.frames.map((f) => [second.written.address, f.frame, aliceShare.lane]));

    const frame = aliceShare.frames[0].frame;
    const judged = await judgeWork(store, rita, { sceneId: SCENE, annotator: 'alice', items: [{ frame, verdict: 'reject', reason: 'a cyclist is missing' }], revisions: [] });
    expect(judged.review).toMatchObject({ assignment: second.written.address, lane: aliceShare.lane, annotator: alice.key.keyId });
    await addComment(store, rita, { sceneId: SCENE, pin: { kind: 'point', frame, point: [12, -3, 0.9], space: 'world' }, annotator: 'alice', review: judged.written.address, text: 'cyclist here' });
    const after = (await annotatorQueue(store, alice.key.keyId.slice(0, 10))).items;
    expect(after[0]).toMatchObject({ frame, status: 'rework', comments: [{ text: 'cyclist here', pin: { kind: 'point', point: [12, -3, 0.9] } }] });
    expect((await annotatorQueue(store, 'bob')).items.every((i) => i.status === 'todo')).toBe(true);

    const drawn = await reviewerQueue(store, { mode: 'random', size: 100, seed: 's' });
    expect(drawn.candidates).toBe(4);
    expect(drawn.items.map((c) => [c.annotator, c.frame]).sort()).toEqual(
      second.split.annotators.flatMap((s) => s.frames.map((f) => [s.keyId, f.frame])).filter(([k, f]) => !(k === alice.key.keyId && f === frame)).sort(),
    );
    // Drawn for Bob (were he a reviewer), his own work is left out: a verdict on it would be refused.
    const notBobs = await reviewerQueue(store, { mode: 'random', size: 100, seed: 's' }, [], bob.key.keyId);
    expect(notBobs.items.length).toBeGreaterThan(0);
    expect(notBobs.items.every((c) => c.annotator === alice.key.keyId)).toBe(true);
    expect(() => resolveKey(judged.registry, store.label, 'carol')).toThrow(/no registered key is "carol"/);
    await expect(judgeWork(store, bob.key, { sceneId: SCENE, annotator: 'alice', items: [{ frame, verdict: 'accept', reason: '' }] })).rejects.toThrow(/is an annotator; only reviewer and admin keys write reviews/);
  });
});
