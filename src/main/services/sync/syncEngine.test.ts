import { afterEach, describe, expect, it } from 'vitest';
import { testCuboid } from '../../../core/editor/testEditor';
import { createNodeRevisionCrypto } from '../revisions/nodeCrypto';
import { FolderSharedStore } from '../sharedStore/folderSharedStore';
import { SyncEngine } from './syncEngine';
import { FRAME, SCENE, syncFixture, T0, type Annotator } from './testing/syncFixture';

const crypto = createNodeRevisionCrypto();
let fixture: ReturnType<typeof syncFixture>;
const engines: SyncEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
  fixture?.close();
});

function engineFor(a: Annotator, clock: { t: number }) {
  const applied: string[] = [];
  const engine = new SyncEngine(a.workspace, {
    key: a.key,
    crypto,
    open: (location) => new FolderSharedStore(location),
    now: () => ++clock.t,
    ontologyVersion: () => 1,
    onApplied: (ops) => {
      for (const { op } of ops) {
        applied.push(op.opId);
        // As the renderer does with `annotations.applied` from another client.
        a.editor.applyRemote(op.changes, op.trackSettings);
      }
    },
  });
  engines.push(engine);
  return { engine, applied };
}

/** Alice (the store's admin) and Bob (an annotator), each with a workspace and an engine on one clock. */
function aliceAndBob() {
  fixture = syncFixture(['alice', 'bob']);
  const [alice, bob] = fixture.annotators;
  const clock = { t: T0 + 10_000 };
  return { alice, bob, a: engineFor(alice, clock), b: engineFor(bob, clock) };
}

const classes = (a: Annotator) => a.workspace.annotations.listScene(SCENE).map((r) => `${r.classId}@${r.kind === 'cuboid' ? r.cuboid.center[0] : ''}`).sort();

describe('SyncEngine', () => {
  it('shares each side’s offline edits both ways and converges', async () => {
    const { alice, bob, a, b } = aliceAndBob();
    alice.editor.createCuboid({ frameId: FRAME, classId: 'car', cuboid: testCuboid(5, 1) });
    bob.editor.createCuboid({ frameId: FRAME, classId: 'pedestrian', cuboid: testCuboid(9, 2) });

    expect((await a.engine.connect(fixture.storeDir)).state).toBe('idle');
    const bobStatus = await b.engine.connect(fixture.storeDir);
    expect(bobStatus.state).toBe('idle');
    expect(bobStatus.ahead).toEqual({ operations: 0, revisions: 0 });
    expect(classes(bob)).toEqual(['car@5', 'pedestrian@9']);
    await a.engine.syncNow();
    expect(classes(alice)).toEqual(['car@5', 'pedestrian@9']);
    expect(a.engine.status().role).toBe('admin');
    expect(b.engine.status().role).toBe('annotator');
    // The merge's operations are the sync's own: a further cycle republishes nothing.
    const before = bob.workspace.sync.totals().revisions;
    await b.engine.syncNow();
    expect(bob.workspace.sync.totals().revisions).toBe(before);
    expect(b.applied.length).toBeGreaterThan(0);
  });

  it('merges edits of different fields of one box, and keeps a conflict on the same field with both values', async () => {
    const { alice, bob, a, b } = aliceAndBob();
    const car = alice.editor.createCuboid({ frameId: FRAME, classId: 'car', cuboid: testCuboid(5, 1) });
    await a.engine.connect(fixture.storeDir);
    await b.engine.connect(fixture.storeDir);

    alice.editor.updateCuboid(car.objectId, { cuboid: { center: [6, 1, 0.8] } });
    bob.editor.updateCuboid(car.objectId, { classId: 'truck' });
    await a.engine.syncNow();
    await b.engine.syncNow();
    await a.engine.syncNow();
    for (const who of [alice, bob]) {
      const r = who.workspace.annotations.get(car.objectId)!;
      expect(r.classId).toBe('truck');
      expect(r.kind === 'cuboid' && r.cuboid.center).toEqual([6, 1, 0.8]);
    }
    expect(a.engine.status().conflicts).toBe(0);

    alice.editor.updateCuboid(car.objectId, { classId: 'van' });
    bob.editor.updateCuboid(car.objectId, { classId: 'bus' });
    await a.engine.syncNow();
    await b.engine.syncNow();
    await a.engine.syncNow();
    expect(a.engine.status().conflicts).toBe(1);
    expect(b.engine.status().conflicts).toBe(1);
    const conflict = a.engine.merged(SCENE).conflicts[0];
    expect(conflict.field).toBe('classId');
    expect(conflict.values.map((v) => [v.value, v.author]).sort()).toEqual(
      [
        ['bus', bob.key.keyId],
        ['van', alice.key.keyId],
      ].sort(),
    );
    // Both replicas show the same provisional value.
    expect(alice.workspace.annotations.get(car.objectId)!.classId).toBe(bob.workspace.annotations.get(car.objectId)!.classId);
  });

  it('keeps edits made while the store is unreachable and pushes them when it is back', async () => {
    fixture = syncFixture(['alice']);
    const [alice] = fixture.annotators;
    const clock = { t: T0 + 10_000 };
    const a = engineFor(alice, clock);
    const missing = `${fixture.storeDir}-not-mounted`;
    alice.editor.createCuboid({ frameId: FRAME, classId: 'car', cuboid: testCuboid(5, 1) });
    const offline = await a.engine.connect(missing);
    expect(offline.state).toBe('offline');
    expect(offline.ahead.operations).toBe(1);
    expect(alice.workspace.annotations.listScene(SCENE)).toHaveLength(1);
    const back = await a.engine.connect(fixture.storeDir);
    expect(back.state).toBe('idle');
    expect(back.ahead).toEqual({ operations: 0, revisions: 0 });
  });

  it('says when the location holds no store, and when the key is not registered', async () => {
    fixture = syncFixture(['alice', 'bob']);
    const [, bob] = fixture.annotators;
    const clock = { t: T0 + 10_000 };
    const b = engineFor(bob, clock);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(`${fixture.root}/empty`);
    expect((await b.engine.connect(`${fixture.root}/empty`)).state).toBe('no-store');
    const { generateSigningKey } = await import('../revisions/keyFiles');
    const stranger = new SyncEngine(bob.workspace, { key: generateSigningKey(), crypto, open: (l) => new FolderSharedStore(l), now: () => ++clock.t, ontologyVersion: () => 1 });
    engines.push(stranger);
    bob.editor.createCuboid({ frameId: FRAME, classId: 'car', cuboid: testCuboid(5, 1) });
    const status = await stranger.connect(fixture.storeDir);
    expect(status.state).toBe('unregistered');
    expect(status.ahead.operations).toBe(1);
    expect(bob.workspace.annotations.listScene(SCENE)).toHaveLength(1);
  });

  it('resolves a conflict with a revision that both replicas merge to the kept value', async () => {
    const { alice, bob, a, b } = aliceAndBob();
    const car = alice.editor.createCuboid({ frameId: FRAME, classId: 'car', cuboid: testCuboid(5, 1) });
    await a.engine.connect(fixture.storeDir);
    await b.engine.connect(fixture.storeDir);
    alice.editor.updateCuboid(car.objectId, { classId: 'van' });
    bob.editor.updateCuboid(car.objectId, { classId: 'bus' });
    await a.engine.syncNow();
    await b.engine.syncNow();
    await a.engine.syncNow();
    const [conflict] = a.engine.conflicts(SCENE);
    // Keep the side that is not on show, and then the one that is: both must end the conflict.
    const hidden = conflict.values.find((v) => v.value !== conflict.provisional)!;
    const status = await a.engine.resolve({ sceneId: SCENE, entity: 'object', id: car.objectId, field: 'classId', keep: hidden.revision });
    expect(status.conflicts).toBe(0);
    await b.engine.syncNow();
    expect(b.engine.status().conflicts).toBe(0);
    for (const who of [alice, bob]) expect(who.workspace.annotations.get(car.objectId)!.classId).toBe(hidden.value);
    expect(a.engine.authorName(bob.key.keyId)).toBe('bob');
  });

  it('creates a store where there is none and registers a newcomer’s key as its admin', async () => {
    const { alice, bob, a, b } = aliceAndBob();
    const { mkdirSync } = await import('node:fs');
    const fresh = `${fixture.root}/fresh`;
    mkdirSync(fresh);
    expect((await a.engine.connect(fresh)).state).toBe('no-store');
    const created = await a.engine.createStore('Alice');
    expect([created.state, created.role]).toEqual(['idle', 'admin']);
    await expect(a.engine.createStore('again')).rejects.toThrow('already holds a Cairn store');
    bob.editor.createCuboid({ frameId: FRAME, classId: 'car', cuboid: testCuboid(5, 1) });
    expect((await b.engine.connect(fresh)).state).toBe('unregistered');
    await expect(b.engine.registerKey({ publicKey: bob.key.publicKey, role: 'annotator', name: 'Bob' })).rejects.toThrow('only an admin');
    await a.engine.registerKey({ publicKey: bob.key.publicKey, role: 'annotator', name: 'Bob' });
    const joined = await b.engine.syncNow();
    expect([joined.state, joined.role, joined.ahead.operations]).toEqual(['idle', 'annotator', 0]);
    await a.engine.syncNow();
    expect(classes(alice)).toEqual(['car@5']);
  });

  it('lists an object’s history with blame, and reverts it as a new revision that every replica merges', async () => {
    const { alice, bob, a, b } = aliceAndBob();
    const car = alice.editor.createCuboid({ frameId: FRAME, classId: 'car', cuboid: testCuboid(5, 1) });
    await a.engine.connect(fixture.storeDir);
    await b.engine.connect(fixture.storeDir);
    bob.editor.updateCuboid(car.objectId, { classId: 'truck' });
    await b.engine.syncNow();
    await a.engine.syncNow();

    const { touches, blame } = a.engine.history(SCENE, car.objectId);
    expect(touches.map((t) => [t.author, t.fields.includes('classId')])).toEqual([
      [alice.key.keyId, true],
      [bob.key.keyId, true],
    ]);
    expect(touches[1].after?.classId).toBe('truck');
    const classBlame = blame.find((f) => f.field === 'classId')!;
    expect([classBlame.value, classBlame.writes.map((w) => w.author)]).toEqual(['truck', [bob.key.keyId]]);
    expect(blame.find((f) => f.field === 'cuboid.center')!.writes.map((w) => w.author)).toEqual([alice.key.keyId]);

    await a.engine.revert({ sceneId: SCENE, objectId: car.objectId, toRevision: touches[0].revision });
    await b.engine.syncNow();
    for (const who of [alice, bob]) expect(who.workspace.annotations.get(car.objectId)!.classId).toBe('car');
    expect(a.engine.history(SCENE, car.objectId).touches).toHaveLength(3);
    await expect(a.engine.revert({ sceneId: SCENE, objectId: car.objectId, toRevision: touches[0].revision })).rejects.toThrow('already as it was');
  });

  it('publishes numbered releases of the shared heads for an admin, and refuses an annotator', async () => {
    const { alice, bob, a, b } = aliceAndBob();
    bob.editor.createCuboid({ frameId: FRAME, classId: 'car', cuboid: testCuboid(5, 1) });
    await b.engine.connect(fixture.storeDir);
    await a.engine.connect(fixture.storeDir);
    const first = await a.engine.publishRelease('first reviewed batch');
    expect([first.number, first.heads]).toEqual([1, [...a.engine.merged(SCENE).heads]]);
    alice.editor.createCuboid({ frameId: FRAME, classId: 'truck', cuboid: testCuboid(9, 1) });
    expect((await a.engine.publishRelease('second')).number).toBe(2);
    await expect(b.engine.publishRelease('mine')).rejects.toThrow('only reviewers and admins publish releases');
    const { verifyFolderStore } = await import('../revisions/verifyFolder');
    const verified = await verifyFolderStore(fixture.storeDir);
    expect(verified.releases.map((r) => r.number)).toEqual([1, 2]);
  });
});
