import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildKeyRegistry, checkHead, checkRevision, classifyStorePath, headPath, keyRecordPath, revisionPath, type Finding } from '../../../core/revisions';
import { createNodeRevisionCrypto } from './nodeCrypto';
import { FolderStoreWriter } from './folderStore';
import { generateSigningKey, loadSigningKey, saveSigningKey } from './keyFiles';
import { listStoreFiles, verifyFolderStore } from './verifyFolder';
import { SCENE, T0, writeSmallHistory, type SmallHistory } from './testing/smallHistory';

let dir: string;
let history: SmallHistory;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-revisions-'));
  history = writeSmallHistory(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const byPath = (findings: readonly Finding[]) => new Map(findings.map((f) => [f.path, f]));
const notOk = (findings: readonly Finding[]) => findings.filter((f) => f.status !== 'ok');
const emptyRevision = (parents: string[], createdAt: number) => ({ parents, createdAt, ontologyVersion: 1, sceneId: SCENE, operations: [], message: '' });

describe('a folder store of signed revisions', () => {
  it('verifies a history written by its registered authors: every object ok, every revision usable', async () => {
    const result = await verifyFolderStore(dir);
    expect(notOk(result.findings)).toEqual([]);
    // store.json, 4 key records, 5 revisions, 2 heads.
    expect(result.findings).toHaveLength(12);
    expect(result.totals.ok).toBe(12);
    expect([...result.usable].sort()).toEqual([...history.revisions].sort());
    expect(result.rootKeyId).toBe(history.admin.keyId);
    const model = byPath(result.findings).get(revisionPath(history.bob.keyId, history.revisions[4]));
    expect(model?.message).toMatch(/by bob \(annotator\).*1 operation\(s\), 1 change\(s\), 1 parent\(s\)/);
  });

  it('detects every single flipped byte of every stored object', () => {
    const files = listStoreFiles(dir);
    expect(files).toHaveLength(12);
    const crypto = createNodeRevisionCrypto();
    const stored = new Map(files.map((f) => [f, readFileSync(path.join(dir, f))]));
    const objects = (changed: string, bytes: Buffer) => {
      const of = (f: string) => ({ path: f, text: (f === changed ? bytes : stored.get(f)!).toString('utf8') });
      return { store: of('store.json'), keys: files.filter((f) => f.startsWith('keys/')).map(of) };
    };
    const { registry } = buildKeyRegistry(objects('', Buffer.alloc(0)).store, objects('', Buffer.alloc(0)).keys, crypto);
    const usable = (a: string) => (history.revisions.includes(a) ? null : 'missing');
    /** The finding of the one changed object, checked as the reader checks it, with everything else as written. */
    const findingOf = (file: string, bytes: Buffer): Finding => {
      const kind = classifyStorePath(file)?.kind;
      if (kind === 'revision') return checkRevision({ path: file, text: bytes.toString('utf8') }, registry, crypto).finding;
      if (kind === 'head') return checkHead({ path: file, text: bytes.toString('utf8') }, registry, usable, crypto);
      const { store, keys } = objects(file, bytes);
      return byPath(buildKeyRegistry(store, keys, crypto).findings).get(file)!;
    };
    let flips = 0;
    for (const [file, original] of stored) {
      expect(findingOf(file, original).status).toBe('ok');
      for (let i = 0; i < original.length; i++) {
        const changed = Buffer.from(original);
        changed[i] ^= 1 << (i % 8);
        const finding = findingOf(file, changed);
        if (finding.status === 'ok') throw new Error(`flipping bit ${i % 8} of byte ${i} of ${file} went unseen`);
        flips++;
      }
    }
    expect(flips).toBe([...stored.values()].reduce((n, b) => n + b.length, 0));
    expect(flips).toBeGreaterThan(5_000);
  }, 300_000);

  it('reads a changed object in the folder as the in-memory check does, and excludes it', async () => {
    for (const file of listStoreFiles(dir)) {
      const full = path.join(dir, file);
      const original = readFileSync(full);
      const changed = Buffer.from(original);
      changed[original.length >> 1] ^= 0x04;
      writeFileSync(full, changed);
      const result = await verifyFolderStore(dir);
      expect(byPath(result.findings).get(file)?.status, file).not.toBe('ok');
      for (const r of history.revisions) if (file.endsWith(`${r}.json`)) expect(result.usable.has(r)).toBe(false);
      writeFileSync(full, original);
    }
  });

  it('refuses a revision signed by a key no admin registered, and everything built on it', async () => {
    const stranger = generateSigningKey();
    const strangers = history.store.writeRevision(stranger, emptyRevision([history.revisions[4]], T0 + 50));
    const child = history.store.writeRevision(history.alice, emptyRevision([strangers], T0 + 60));
    const findings = byPath((await verifyFolderStore(dir)).findings);
    expect(findings.get(revisionPath(stranger.keyId, strangers))).toMatchObject({ status: 'unknown-key', address: strangers });
    expect(findings.get(revisionPath(history.alice.keyId, child))).toMatchObject({ status: 'bad-parent', message: `parent ${strangers} is excluded` });
  });

  it('refuses a key that registers itself (only the root admin does) and a registration signed by an annotator', async () => {
    const self = generateSigningKey();
    const own = history.store.writeKeyRecord(self, { action: 'register', keyId: self.keyId, publicKey: self.publicKey, role: 'admin', name: 'me', validFrom: T0, createdAt: T0 + 2 });
    const byAnnotator = history.store.writeKeyRecord(history.alice, { action: 'register', keyId: self.keyId, publicKey: self.publicKey, role: 'annotator', name: 'friend', validFrom: T0, createdAt: T0 + 3 });
    history.store.writeRevision(self, emptyRevision([], T0 + 50));
    const result = await verifyFolderStore(dir);
    const findings = byPath(result.findings);
    expect(findings.get(keyRecordPath(own))?.status).toBe('unknown-key');
    expect(findings.get(keyRecordPath(byAnnotator))).toMatchObject({ status: 'role-not-allowed', message: expect.stringMatching(/a annotator: only admins/) });
    expect(notOk(result.findings).map((f) => f.status).sort()).toEqual(['role-not-allowed', 'unknown-key', 'unknown-key']);
  });

  it('refuses what a revoked key made from its revocation on, and keeps what it made before', async () => {
    history.store.writeKeyRecord(history.admin, { action: 'revoke', keyId: history.bob.keyId, revokedAt: T0 + 100, reason: 'left the team', createdAt: T0 + 200 });
    const before = history.store.writeRevision(history.bob, emptyRevision([history.revisions[4]], T0 + 99));
    const after = history.store.writeRevision(history.bob, emptyRevision([before], T0 + 100));
    const findings = byPath((await verifyFolderStore(dir)).findings);
    expect(findings.get(revisionPath(history.bob.keyId, before))?.status).toBe('ok');
    expect(findings.get(revisionPath(history.bob.keyId, after))).toMatchObject({ status: 'key-revoked', message: expect.stringContaining(`revoked at ${T0 + 100}`) });
  });

  it('refuses annotation revisions from a reviewer-only key, and one written under another writer\'s prefix', async () => {
    const reviewers = history.store.writeRevision(history.reviewer, emptyRevision([history.revisions[4]], T0 + 50));
    // Alice's signed revision copied under bob's prefix: genuine, but not bob's to publish.
    const alices = history.store.writeRevision(history.alice, emptyRevision([history.revisions[3]], T0 + 51));
    const copy = path.join(dir, revisionPath(history.bob.keyId, alices));
    writeFileSync(copy, readFileSync(path.join(dir, revisionPath(history.alice.keyId, alices))));
    const findings = byPath((await verifyFolderStore(dir)).findings);
    expect(findings.get(revisionPath(history.reviewer.keyId, reviewers))).toMatchObject({
      status: 'role-not-allowed',
      message: expect.stringMatching(/a reviewer: only annotators and admins write annotations/),
    });
    expect(findings.get(revisionPath(history.bob.keyId, alices))).toMatchObject({ status: 'role-not-allowed', message: expect.stringContaining("stored under") });
    expect(findings.get(revisionPath(history.alice.keyId, alices))?.status).toBe('ok');
  });

  it('reports a missing parent, and a head naming a revision that is gone', async () => {
    unlinkSync(path.join(dir, revisionPath(history.alice.keyId, history.revisions[3])));
    const findings = byPath((await verifyFolderStore(dir)).findings);
    expect(findings.get(revisionPath(history.bob.keyId, history.revisions[4]))).toMatchObject({
      status: 'bad-parent',
      message: `parent ${history.revisions[3]} is missing from the store`,
    });
    expect(findings.get(headPath(history.alice.keyId))).toMatchObject({ status: 'bad-parent', message: expect.stringContaining('missing from the store') });
    expect(findings.get(headPath(history.bob.keyId))).toMatchObject({ status: 'bad-parent', message: expect.stringContaining('excluded') });
  });

  it('trusts only a pinned root when one is given', async () => {
    const other = generateSigningKey();
    const result = await verifyFolderStore(dir, { rootKeyId: other.keyId });
    expect(byPath(result.findings).get('store.json')).toMatchObject({ status: 'unknown-key', message: expect.stringContaining('not the pinned') });
    expect(result.usable.size).toBe(0);
    expect((await verifyFolderStore(dir, { rootKeyId: history.admin.keyId })).totals.ok).toBe(12);
  });

  it('names a file the layout has no place for, and skips a dot-named write in progress', async () => {
    writeFileSync(path.join(dir, 'annotations', 'notes.txt'), 'hello');
    writeFileSync(path.join(dir, 'annotations', '.partial.json.123.tmp'), '{');
    const bad = notOk((await verifyFolderStore(dir)).findings);
    expect(bad).toEqual([{ path: 'annotations/notes.txt', kind: 'unknown', address: null, status: 'malformed', message: 'the store layout has no place for this file' }]);
  });

  it('does not rewrite an object it already holds, and refuses to create a store over another', () => {
    const again = history.store.writeRevision(history.alice, emptyRevision([history.revisions[3]], T0 + 51));
    expect(history.store.writeRevision(history.alice, emptyRevision([history.revisions[3]], T0 + 51))).toBe(again);
    expect(() => FolderStoreWriter.create(dir, history.admin, { name: 'again', createdAt: T0 })).toThrow(/a store is already there/);
  });
});

describe('workspace key files', () => {
  it('keeps a private key readable by its owner only, never overwrites it, and reads it back', () => {
    const key = generateSigningKey();
    const file = saveSigningKey(dir, key);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(() => saveSigningKey(dir, key)).toThrow(/EEXIST/);
    const loaded = loadSigningKey(dir, key.keyId);
    expect(loaded.publicKey).toBe(key.publicKey);
    expect(loaded.sign('x')).toBe(key.sign('x'));
  });
});
