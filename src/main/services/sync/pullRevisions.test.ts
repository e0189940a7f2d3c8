import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revisionPath } from '../../../core/revisions';
import { FolderStoreWriter } from '../revisions/folderStore';
import { createNodeRevisionCrypto } from '../revisions/nodeCrypto';
import { FolderSharedStore } from '../sharedStore/folderSharedStore';
import { pullRevisions, type PullResult } from './pullRevisions';
import { readKeyRegistry } from './storeRegistry';
import { SCENE, syncFixture, T0 } from './testing/syncFixture';

const crypto = createNodeRevisionCrypto();
let fixture: ReturnType<typeof syncFixture>;
let store: FolderSharedStore;
let planted: Record<string, string>;
/** What the reader that checked on its own thread pulled and kept: the worker path must give exactly this. */
let here: PullResult;
let hereKept: { address: string; text: string }[];

const emptyRevision = (parents: string[], createdAt: number, message: string) => ({ parents, createdAt, ontologyVersion: 1, sceneId: SCENE, operations: [], message });

/**
 * Three writers' lines with a fault planted in each (changed bytes, another revision's signature,
 * a key revoked before it signed) and revisions built on the faulty ones, in a folder store.
 */
beforeAll(async () => {
  fixture = syncFixture(['alice', 'bob', 'carol', 'here', 'pooled']);
  const [alice, bob, carol] = fixture.annotators;
  const writer = new FolderStoreWriter(fixture.storeDir);
  writer.writeKeyRecord(alice.key, { action: 'revoke', keyId: carol.key.keyId, revokedAt: T0 + 500, reason: 'left', createdAt: T0 + 600 });
  const line = (key: typeof alice.key, from: number, n: number) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(writer.writeRevision(key, emptyRevision(out.slice(-1), T0 + from + i, `${from} ${i}`)));
    return out;
  };
  // Each writer: a sound line of 12, and a branch off its sixth revision that holds the fault.
  const a = line(alice.key, 100, 12);
  const b = line(bob.key, 200, 12);
  const c = line(carol.key, 300, 12);
  const changed = writer.writeRevision(alice.key, emptyRevision([a[5]], T0 + 150, 'to change'));
  const onChanged = writer.writeRevision(alice.key, emptyRevision([changed], T0 + 151, 'on the changed one'));
  const resigned = writer.writeRevision(bob.key, emptyRevision([b[5]], T0 + 250, 'to sign again'));
  const onResigned = writer.writeRevision(bob.key, emptyRevision([resigned], T0 + 251, 'on the re-signed one'));
  const revoked = writer.writeRevision(carol.key, emptyRevision([c[5]], T0 + 550, 'after the revocation'));
  writer.writeHead(alice.key, [a[11], onChanged], T0 + 900);
  writer.writeHead(bob.key, [b[11], onResigned], T0 + 900);
  writer.writeHead(carol.key, [c[11], revoked], T0 + 900);
  const file = (keyId: string, address: string) => path.join(fixture.storeDir, revisionPath(keyId, address));
  writeFileSync(file(alice.key.keyId, changed), readFileSync(file(alice.key.keyId, changed), 'utf8').replace('"to change"', '"to chanGe"'));
  const otherSignature = /"signature":"([0-9a-f]+)"/.exec(readFileSync(file(bob.key.keyId, b[2]), 'utf8'))![1];
  writeFileSync(file(bob.key.keyId, resigned), readFileSync(file(bob.key.keyId, resigned), 'utf8').replace(/"signature":"[0-9a-f]+"/, `"signature":"${otherSignature}"`));
  planted = { changed, onChanged, resigned, onResigned, revoked };

  store = new FolderSharedStore(fixture.storeDir);
  const { registry } = await readKeyRegistry(store, crypto);
  const reader = fixture.annotators[3];
  here = await pullRevisions(store, reader.workspace.sync, registry, crypto, { threads: 0 });
  hereKept = reader.workspace.sync.sceneAddresses(SCENE).map((address) => ({ address, text: reader.workspace.sync.text(address)! }));
}, 60_000);
afterAll(async () => {
  await store?.close();
  fixture?.close();
});

describe('pulling with the checks in worker threads', () => {
  it('the one-thread pull refuses each planted fault and what was built on it, and keeps the rest', () => {
    const status = Object.fromEntries(Object.entries(planted).map(([what, address]) => [what, here.excluded.find((f) => f.address === address)?.status]));
    expect(status).toEqual({ changed: 'hash-mismatch', onChanged: 'bad-parent', resigned: 'bad-signature', onResigned: 'bad-parent', revoked: 'key-revoked' });
    expect(here.excluded).toHaveLength(5);
    expect(here.accepted).toHaveLength(3 * 12);
  });

  it('accepts, refuses and keeps exactly what the one-thread pull does, in the same order', async () => {
    const reader = fixture.annotators[4];
    const { registry } = await readKeyRegistry(store, crypto);
    const pooled = await pullRevisions(store, reader.workspace.sync, registry, crypto, { threads: 2 });
    expect(pooled.excluded).toEqual(here.excluded);
    expect(pooled.missing).toEqual(here.missing);
    expect(pooled.bytes).toBe(here.bytes);
    expect(pooled.accepted.map((r) => r.address)).toEqual(here.accepted.map((r) => r.address));
    // The bodies parsed from the worker-checked bytes are the ones the schema gave on this thread.
    expect(JSON.parse(JSON.stringify(pooled.accepted))).toEqual(JSON.parse(JSON.stringify(here.accepted)));
    expect(reader.workspace.sync.sceneAddresses(SCENE).map((address) => ({ address, text: reader.workspace.sync.text(address)! }))).toEqual(hereKept);
  }, 60_000);
});
