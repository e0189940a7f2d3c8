import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revisionPath, type StoreVerification } from '../../../core/revisions';
import { FolderSharedStore } from '../sharedStore/folderSharedStore';
import { generateSigningKey } from './keyFiles';
import { RevisionCheckPool } from '../../workers/revisionCheckPool';
import { readFolderObject } from './revisionVerdict';
import { listStoreFiles, verifyFolderStore, verifyListedObjects, type VerifyProgress } from './verifyFolder';
import { verifyStore } from './verifyStore';
import { SCENE, T0, writeSmallHistory } from './testing/smallHistory';

const emptyRevision = (parents: string[], createdAt: number, message = '') => ({ parents, createdAt, ontologyVersion: 1, sceneId: SCENE, operations: [], message });

let dir: string;
/** What the single-thread path found, and its progress lines: the worker path must give exactly these. */
let here: StoreVerification;
let hereProgress: VerifyProgress[];
let tampered: Record<string, string>;

/**
 * A history with one revision of each kind of fault (a changed byte, a bad signature, a wrong
 * address, an unknown key, a revoked key, one under another writer's prefix) and descendants of
 * them, with enough sound revisions around them that they land in different batches and workers.
 */
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-check-pool-'));
  const h = writeSmallHistory(dir);
  h.store.writeKeyRecord(h.admin, { action: 'revoke', keyId: h.bob.keyId, revokedAt: T0 + 1000, reason: 'left', createdAt: T0 + 1001 });
  let alice = h.revisions[4];
  let bob = h.revisions[4];
  for (let i = 0; i < 600; i++) {
    alice = h.store.writeRevision(h.alice, emptyRevision([alice], T0 + 100 + i, `alice ${i}`));
    if (i < 500) bob = h.store.writeRevision(h.bob, emptyRevision([bob], T0 + 100 + i, `bob ${i}`));
  }
  const revoked = h.store.writeRevision(h.bob, emptyRevision([bob], T0 + 1000));
  // Larger than the reader's reusable buffer (256 KB): read whole.
  const opId = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
  const large = h.store.writeRevision(h.alice, { ...emptyRevision([alice], T0 + 1500), operations: Array.from({ length: 2500 }, (_, i) => ({ opId: opId(i), label: 'x'.repeat(100), at: T0, changes: [] })) });
  const stranger = generateSigningKey();
  const unknown = h.store.writeRevision(stranger, emptyRevision([alice], T0 + 2000));
  const onUnknown = h.store.writeRevision(h.alice, emptyRevision([unknown], T0 + 2001));
  const victim = h.store.writeRevision(h.alice, emptyRevision([alice], T0 + 2002, 'signature'));
  const moved = h.store.writeRevision(h.alice, emptyRevision([alice], T0 + 2003, 'address'));
  const flipped = h.store.writeRevision(h.alice, emptyRevision([alice], T0 + 2004, 'byte'));
  const copied = h.store.writeRevision(h.alice, emptyRevision([alice], T0 + 2005, 'prefix'));
  const file = (key: string, address: string) => path.join(dir, revisionPath(key, address));
  // Another revision's signature over this body.
  const text = readFileSync(file(h.alice.keyId, victim), 'utf8');
  const otherSignature = /"signature":"([0-9a-f]+)"/.exec(readFileSync(file(h.alice.keyId, moved), 'utf8'))![1];
  writeFileSync(file(h.alice.keyId, victim), text.replace(/"signature":"[0-9a-f]+"/, `"signature":"${otherSignature}"`));
  // A sound object stored under an address that is not its hash.
  const wrongAddress = `${'0'.repeat(63)}1`;
  writeFileSync(file(h.alice.keyId, wrongAddress), readFileSync(file(h.alice.keyId, moved)));
  const bytes = readFileSync(file(h.alice.keyId, flipped));
  bytes[0] = 0x5b; // "[" for "{": not JSON any more
  writeFileSync(file(h.alice.keyId, flipped), bytes);
  writeFileSync(file(h.bob.keyId, copied), readFileSync(file(h.alice.keyId, copied)));
  tampered = {
    large: revisionPath(h.alice.keyId, large),
    revoked: revisionPath(h.bob.keyId, revoked),
    unknown: revisionPath(stranger.keyId, unknown),
    onUnknown: revisionPath(h.alice.keyId, onUnknown),
    signature: revisionPath(h.alice.keyId, victim),
    address: revisionPath(h.alice.keyId, wrongAddress),
    flipped: revisionPath(h.alice.keyId, flipped),
    prefix: revisionPath(h.bob.keyId, copied),
  };
  hereProgress = [];
  here = await verifyFolderStore(dir, { threads: 0, onProgress: (p) => hereProgress.push(p) });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checking revisions in worker threads', () => {
  it('the single-thread path finds each planted fault', () => {
    const status = new Map(here.findings.map((f) => [f.path, f.status]));
    expect(statSync(path.join(dir, tampered.large)).size).toBeGreaterThan(256 * 1024);
    expect(Object.fromEntries(Object.entries(tampered).map(([what, p]) => [what, status.get(p)]))).toEqual({
      large: 'ok',
      revoked: 'key-revoked',
      unknown: 'unknown-key',
      onUnknown: 'bad-parent',
      signature: 'bad-signature',
      address: 'hash-mismatch',
      flipped: 'malformed',
      prefix: 'role-not-allowed',
    });
    // The five of the small history, both lines, the two originals copied elsewhere (to a wrong address, under bob's prefix), the large one.
    expect(here.usable.size).toBe(5 + 600 + 500 + 2 + 1);
  });

  it.each([1, 2, 3])('gives the same findings, in the same order, with the same progress, on %i worker(s) reading the folder', async (threads) => {
    const progress: VerifyProgress[] = [];
    const pooled = await verifyFolderStore(dir, { threads, onProgress: (p) => progress.push(p) });
    expect(pooled.findings).toEqual(here.findings);
    expect(pooled.totals).toEqual(here.totals);
    expect([...pooled.usable].sort()).toEqual([...here.usable].sort());
    expect(progress).toEqual(hereProgress);
  }, 60_000);

  it('gives the same findings with workers started before the keys were read, and refuses a batch before it has them', async () => {
    const early = new RevisionCheckPool(null, 2);
    try {
      await expect(early.check({ dir, paths: [tampered.large] })).rejects.toThrow(/no key registry/);
      const progress: VerifyProgress[] = [];
      const pooled = await verifyListedObjects(listStoreFiles(dir), (file) => readFolderObject(dir, file), { threads: 2, folder: dir, pool: early, onProgress: (p) => progress.push(p) });
      expect(pooled.findings).toEqual(here.findings);
      expect(progress).toEqual(hereProgress);
    } finally {
      await early.close();
    }
  }, 60_000);

  it('gives the same findings through the shared-store reader, the bytes sent to the workers', async () => {
    const store = new FolderSharedStore(dir);
    try {
      const pooled = await verifyStore(store, { threads: 2 });
      expect(pooled.findings).toEqual(here.findings);
      expect((await verifyStore(store, { threads: 0 })).findings).toEqual(here.findings);
    } finally {
      await store.close();
    }
  }, 60_000);
});
