import { afterEach, describe, expect, it } from 'vitest';
import { testCuboid } from '../../../core/editor/testEditor';
import { createNodeRevisionCrypto } from '../revisions/nodeCrypto';
import { verifyFolderStore } from '../revisions/verifyFolder';
import { FolderSharedStore } from '../sharedStore/folderSharedStore';
import { commitLocalRevisions } from './localRevisions';
import { pullRevisions } from './pullRevisions';
import { pushRevisions } from './pushRevisions';
import { readKeyRegistry } from './storeRegistry';
import { FRAME, SCENE, syncFixture, T0 } from './testing/syncFixture';

const crypto = createNodeRevisionCrypto();
let fixture: ReturnType<typeof syncFixture>;
afterEach(() => fixture?.close());

describe('commit, push and pull of signed revisions', () => {
  it('puts each new local operation into exactly one revision, chained on the scene heads', () => {
    fixture = syncFixture(['alice']);
    const [alice] = fixture.annotators;
    alice.editor.createCuboid({ frameId: FRAME, classId: 'car', cuboid: testCuboid(5, 1) });
    alice.editor.createCuboid({ frameId: FRAME, classId: 'car', cuboid: testCuboid(9, 1) });
    const first = commitLocalRevisions(alice.workspace, alice.key, { ontologyVersion: 1, now: T0 + 1000 });
    expect(first.operations).toBe(2);
    expect(first.revisions).toHaveLength(1);
    expect(first.revisions[0].parents).toEqual([]);
    expect(commitLocalRevisions(alice.workspace, alice.key, { ontologyVersion: 1, now: T0 + 1001 }).revisions).toEqual([]);

    alice.editor.createCuboid({ frameId: FRAME, classId: 'pedestrian', cuboid: testCuboid(2, 2) });
    const second = commitLocalRevisions(alice.workspace, alice.key, { ontologyVersion: 1, now: T0 + 1002 });
    expect(second.operations).toBe(1);
    expect(second.revisions[0].parents).toEqual([first.revisions[0].address]);
    expect(alice.workspace.sync.heads(SCENE)).toEqual([second.revisions[0].address]);
    expect(alice.workspace.sync.totals()).toEqual({ revisions: 2, unpushed: 2, local: 2 });
  });

  it('pushes revisions and a head that verify, and another workspace pulls exactly them', async () => {
    fixture = syncFixture(['alice', 'bob']);
    const [alice, bob] = fixture.annotators;
    alice.editor.createCuboid({ frameId: FRAME, classId: 'car', cuboid: testCuboid(5, 1) });
    const made = commitLocalRevisions(alice.workspace, alice.key, { ontologyVersion: 1, now: T0 + 1000 });
    const store = new FolderSharedStore(fixture.storeDir);
    const pushed = await pushRevisions(store, alice.workspace.sync, alice.key, { now: T0 + 1001 });
    expect(pushed.pushed).toBe(1);
    expect(alice.workspace.sync.unpushed()).toEqual([]);
    const verified = await verifyFolderStore(fixture.storeDir);
    expect(verified.totals.ok).toBe(verified.findings.length);

    const { registry } = await readKeyRegistry(store, crypto);
    const pulled = await pullRevisions(store, bob.workspace.sync, registry, crypto);
    expect(pulled.accepted.map((r) => r.address)).toEqual([made.revisions[0].address]);
    expect(pulled.excluded).toEqual([]);
    expect(bob.workspace.sync.get(made.revisions[0].address)?.text).toBe(made.revisions[0].text);
    // Kept, not yet merged into bob's copy: his next edit does not build on it.
    expect(bob.workspace.sync.heads(SCENE)).toEqual([]);
    // Nothing new the second time.
    expect((await pullRevisions(store, bob.workspace.sync, registry, crypto)).accepted).toEqual([]);
  });

  it('refuses a revision whose bytes were changed, and everything built on it', async () => {
    fixture = syncFixture(['alice', 'bob']);
    const [alice, bob] = fixture.annotators;
    const store = new FolderSharedStore(fixture.storeDir);
    alice.editor.createCuboid({ frameId: FRAME, classId: 'car', cuboid: testCuboid(5, 1) });
    const first = commitLocalRevisions(alice.workspace, alice.key, { ontologyVersion: 1, now: T0 + 1000 }).revisions[0];
    alice.editor.createCuboid({ frameId: FRAME, classId: 'car', cuboid: testCuboid(8, 1) });
    const second = commitLocalRevisions(alice.workspace, alice.key, { ontologyVersion: 1, now: T0 + 1001 }).revisions[0];
    await pushRevisions(store, alice.workspace.sync, alice.key, { now: T0 + 1002 });
    const path = `annotations/${alice.key.keyId}/revisions/${first.address}.json`;
    const bytes = (await store.get(path))!;
    const tampered = new TextDecoder().decode(bytes).replace('"car"', '"van"');
    await store.put(path, new TextEncoder().encode(tampered));

    const { registry } = await readKeyRegistry(store, crypto);
    const pulled = await pullRevisions(store, bob.workspace.sync, registry, crypto);
    expect(pulled.accepted).toEqual([]);
    expect(pulled.excluded.map((f) => [f.address, f.status])).toEqual(
      expect.arrayContaining([
        [first.address, 'hash-mismatch'],
        [second.address, 'bad-parent'],
      ]),
    );
    expect(bob.workspace.sync.totals().revisions).toBe(0);
  });

  it('ignores revisions by a key no admin registered', async () => {
    fixture = syncFixture(['alice', 'bob']);
    const [alice, bob] = fixture.annotators;
    const store = new FolderSharedStore(fixture.storeDir);
    const { generateSigningKey } = await import('../revisions/keyFiles');
    const mallory = generateSigningKey();
    alice.editor.createCuboid({ frameId: FRAME, classId: 'car', cuboid: testCuboid(5, 1) });
    commitLocalRevisions(alice.workspace, mallory, { ontologyVersion: 1, now: T0 + 1000 });
    await pushRevisions(store, alice.workspace.sync, mallory, { now: T0 + 1001 });
    const { registry } = await readKeyRegistry(store, crypto);
    const pulled = await pullRevisions(store, bob.workspace.sync, registry, crypto);
    // Unregistered writers are not even looked at: no head of theirs is read.
    expect(pulled.accepted).toEqual([]);
  });
});
